"""The erasure page lists free text others wrote that contains the person's name (where and
when only), in their own organisation, across the four kinds of free text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from breakaway.assessments.models import Incident
from breakaway.delivery.models import TrainingIncident
from breakaway.evaluation import models as evaluation
from breakaway.privacy.mentions import free_text_mentions
from breakaway.privacy.tests.privacy_fixtures import person_with_everything

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(dt.datetime(2026, 3, 11, 12))


def _incident(organisation, text):
    Incident.objects.create(
        organisation=organisation,
        occurred_at=WHEN,
        occurred_on=WHEN.date(),
        hour=12,
        weekday=WHEN.weekday(),
        description=text,
    )


def _write_about(enrolment, organisation, text):
    engagement = enrolment.engagement
    TrainingIncident.objects.create(
        engagement=engagement, kind="injury", happened_at=WHEN, description=text
    )
    questionnaire = engagement.questionnaires.first()
    version = questionnaire.instruments.first()
    response = evaluation.Response.objects.create(
        questionnaire=questionnaire,
        enrolment=enrolment,
        instrument_version=version,
        answers={"comments": text},
    )
    evaluation.Testimonial.objects.create(response=response, text=text, consented_at=WHEN)
    _incident(organisation, text)


@pytest.fixture
def jane(client_org):
    from breakaway.evaluation.questionnaire_services import questionnaires_ensure

    held = person_with_everything(client_org)
    questionnaires_ensure(engagement=held.enrolment.engagement)
    return held


def test_each_kind_of_free_text_naming_them_is_found(client_org, other_client, jane):
    _write_about(jane.enrolment, client_org, "Bruise to JANE SMITH's wrist, ice applied")
    kinds = [m.kind for m in free_text_mentions(person=jane.person)]
    assert kinds == [
        "Injury",
        "Questionnaire answer (Before the course)",
        "Testimonial",
        "Incident description",
    ]


def test_text_that_does_not_name_them_is_not_listed(client_org, jane):
    _write_about(jane.enrolment, client_org, "Jane slipped; Smith helped")
    assert free_text_mentions(person=jane.person) == []


def test_a_name_beyond_ascii_is_found_in_answers_too(client_org, jane):
    jane.person.first_name = "José"
    jane.person.save()
    _write_about(jane.enrolment, client_org, "Thanks to José Smith")
    assert len(free_text_mentions(person=jane.person)) == 4


def test_another_organisation_s_text_is_not_searched(client_org, other_client, jane):
    _incident(other_client, "Jane Smith was there")
    assert free_text_mentions(person=jane.person) == []


def test_the_page_shows_where_and_when_never_the_text(client, client_org, client_admin, jane):
    _write_about(jane.enrolment, client_org, "Jane Smith: cut to the left hand")
    client.force_login(client_admin)
    html = client.get(reverse("privacy:erase", args=[jane.person.pk])).content.decode()
    assert "4 places contain “Jane Smith”" in html
    assert "11 March 2026" in html
    assert "cut to the left hand" not in html


def test_the_page_says_when_nothing_names_them(client, client_org, client_admin, jane):
    client.force_login(client_admin)
    html = client.get(reverse("privacy:erase", args=[jane.person.pk])).content.decode()
    assert "No free text in Riverside Mental Health NHS Trust" in html
