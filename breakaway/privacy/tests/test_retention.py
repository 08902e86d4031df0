"""The retention jobs, each on a fake clock: what they delete or pseudonymise, that a second
run does nothing more, and that pseudonymising keeps every figure of the impact report."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from breakaway.assessments.models import Incident
from breakaway.core import periodic
from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry
from breakaway.delivery.models import Certificate, HealthScreening, StaffMember
from breakaway.delivery.roster_selectors import roster_for
from breakaway.delivery.selectors import StaffFilters, staff_member_list
from breakaway.delivery.tests.certificate_fixtures import make_certificate
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.evaluation.models import Response
from breakaway.evaluation.report_selectors import impact_report_data
from breakaway.evaluation.tests.report_fixtures import engagement_with_answers, incidents_monthly
from breakaway.learning.models import ItemProgress, LessonProgress, Refresher, RefresherAnswer
from breakaway.privacy.models import Pseudonym, RetentionAgreement
from breakaway.privacy.retention import (
    PSEUDONYM_LABEL,
    PSEUDONYMISED_RESPONSE,
    certificates_retention_run,
    incidents_retention_run,
    learning_retention_run,
    policy_list,
    responses_pseudonymise_run,
)

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(3)))


def test_every_job_is_registered_for_the_tick():
    jobs = periodic.registered()
    for name in (
        "privacy_incidents",
        "privacy_responses",
        "privacy_learning",
        "privacy_certificates",
    ):
        assert name in jobs
    # Screening answers have their own job in delivery; the registry only describes it.
    assert "screening_retention" in jobs
    assert next(p.job for p in policy_list()) == "screening_retention"


def test_incidents_go_after_the_default_or_the_clients_agreed_months(
    client_org, other_client, settings
):
    settings.BREAKAWAY_INCIDENT_RETENTION_MONTHS = 24
    incidents_monthly(client_org, {"2024-01": 2, "2025-05": 3, "2026-05": 1})
    incidents_monthly(other_client, {"2024-01": 4, "2025-06": 5})
    RetentionAgreement.objects.create(organisation=client_org, incident_months=12)
    now = _at(dt.date(2026, 6, 1))
    with time_machine.travel(now, tick=False):
        assert incidents_retention_run(now) == {"deleted": 2 + 3 + 4}
        # Idempotent: what is left is within its period.
        assert incidents_retention_run(now) == {"deleted": 0}
    assert sorted(Incident.objects.values_list("organisation__slug", "occurred_on__year")) == [
        (other_client.slug, 2025)] * 5 + [(client_org.slug, 2026)]  # fmt: skip
    entry = AuditEntry.objects.get(action="privacy.incidents_delete", organisation=client_org)
    assert entry.after["deleted"] == 5


def test_the_tick_runs_the_retention_jobs_on_its_clock(client_org, settings):
    settings.BREAKAWAY_INCIDENT_RETENTION_MONTHS = 12
    incidents_monthly(client_org, {"2024-01": 2})
    out = io.StringIO()
    with time_machine.travel(_at(dt.date(2026, 6, 1)), tick=False):
        call_command("tick", "--job", "privacy_incidents", "--json", stdout=out)
    assert json.loads(out.getvalue())["jobs"]["privacy_incidents"] == {"deleted": 2}
    assert not Incident.objects.exists()


def test_the_screening_policy_reports_the_answers_due_for_deletion(client_org):
    person = StaffMemberFactory(organisation=client_org)
    certificate = make_certificate(person, completed_on=dt.date(2026, 3, 10))
    HealthScreening.objects.create(
        enrolment=certificate.enrolment, answers={}, delete_after=dt.date(2026, 4, 9)
    )
    policies = {p.key: p for p in policy_list(now=_at(dt.date(2026, 4, 10)))}
    assert policies["screening"].due == 1
    assert {p.key: p.due for p in policy_list(now=_at(dt.date(2026, 4, 9)))}["screening"] == 0


def test_responses_are_cut_from_the_person_and_the_report_is_unchanged(client_org, settings):
    settings.BREAKAWAY_RESPONSE_PSEUDONYMISE_MONTHS = 24
    engagement = engagement_with_answers(client_org)
    response = Response.objects.order_by("pk").first()
    audit_log(actor=None, action="response.submit", obj=response, organisation=client_org)
    people = set(StaffMember.objects.values_list("pk", flat=True))
    before = impact_report_data(engagements=[engagement])

    too_soon = _at(dt.date(2028, 3, 1))  # last answers on 11 March 2026: not 24 months yet
    assert responses_pseudonymise_run(too_soon) == {"people": 0, "responses": 0}
    assert {p.key: p.due for p in policy_list(now=_at(dt.date(2028, 4, 1)))}["responses"] == 6

    now = _at(dt.date(2028, 4, 1))
    with time_machine.travel(now, tick=False):
        assert responses_pseudonymise_run(now) == {"people": 6, "responses": 30}
        assert responses_pseudonymise_run(now) == {"people": 0, "responses": 0}

    # No response is linked to a real person any more; stand-ins hold them, archived.
    assert not Response.objects.filter(enrolment__staff_member__in=people).exists()
    stand_ins = StaffMember.objects.exclude(pk__in=people)
    assert stand_ins.count() == Pseudonym.objects.count() == 6
    assert all(s.last_name.startswith(PSEUDONYM_LABEL) and s.is_archived for s in stand_ins)
    assert impact_report_data(engagements=[engagement]) == before
    assert AuditEntry.objects.get(action="response.submit").object_repr == PSEUDONYMISED_RESPONSE
    entry = AuditEntry.objects.get(action="privacy.responses_pseudonymise")
    assert entry.after == {"people": 6, "responses": 30}


def test_stand_ins_are_nobody_on_the_archived_staff_list_or_the_roster(client_org, settings):
    settings.BREAKAWAY_RESPONSE_PSEUDONYMISE_MONTHS = 24
    engagement = engagement_with_answers(client_org)
    leaver = StaffMember.objects.filter(organisation=client_org).first()
    leaver.archived_at = timezone.now()
    leaver.save()
    now = _at(dt.date(2028, 4, 1))
    with time_machine.travel(now, tick=False):
        assert responses_pseudonymise_run(now)["people"] == 6
    archived = staff_member_list(organisation=client_org, filters=StaffFilters(archived=True))
    assert list(archived) == [leaver]
    roster = roster_for(engagement=engagement)
    assert not any(
        e.staff_member.last_name.startswith(PSEUDONYM_LABEL)
        for e in [*roster.withdrawn, *roster.waiting, *(p for g in roster.groups for p in g.people)]
    )


def test_old_refreshers_schedules_and_lessons_are_deleted(client_org, settings):
    settings.BREAKAWAY_LEARNING_RETENTION_MONTHS = 24
    person = StaffMemberFactory(organisation=client_org)
    old = make_certificate(person, completed_on=dt.date(2023, 1, 10))  # expired January 2024
    new = make_certificate(person, completed_on=dt.date(2026, 1, 10))
    for certificate, sent_on in ((old, dt.date(2023, 2, 1)), (new, dt.date(2026, 2, 1))):
        refresher = Refresher.objects.create(
            staff_member=person, certificate=certificate, item_ids=["a"], sent_on=sent_on
        )
        RefresherAnswer.objects.create(
            refresher=refresher, staff_member=person, item_id="a", chosen="x", correct=True,
            answered_on=sent_on, days_since_course=20,
        )  # fmt: skip
        ItemProgress.objects.create(staff_member=person, certificate=certificate, item_id="a")
    LessonProgress.objects.create(
        staff_member=person, lesson_id="the-law", started_at=_at(dt.date(2023, 1, 2))
    )
    LessonProgress.objects.create(
        staff_member=person, lesson_id="the-law-2", started_at=_at(dt.date(2026, 1, 2))
    )
    now = _at(dt.date(2026, 6, 1))
    with time_machine.travel(now, tick=False):
        assert learning_retention_run(now) == {
            "refreshers": 1, "answers": 1, "schedules": 1, "lessons": 1,
        }  # fmt: skip
        assert learning_retention_run(now) == {
            "refreshers": 0, "answers": 0, "schedules": 0, "lessons": 0,
        }  # fmt: skip
    assert list(Refresher.objects.values_list("certificate", flat=True)) == [new.pk]
    assert list(ItemProgress.objects.values_list("certificate", flat=True)) == [new.pk]
    assert list(LessonProgress.objects.values_list("lesson_id", flat=True)) == ["the-law-2"]


def test_certificates_and_their_pdfs_go_years_after_expiry(
    client_org, settings, django_capture_on_commit_callbacks
):
    settings.BREAKAWAY_CERTIFICATE_RETENTION_YEARS = 6
    person = StaffMemberFactory(organisation=client_org)
    old = make_certificate(person, completed_on=dt.date(2018, 5, 1))  # expired May 2019
    kept = make_certificate(person, completed_on=dt.date(2019, 9, 1))  # expired September 2020
    old.pdf.save("old.pdf", ContentFile(b"%PDF old"))
    storage, name = old.pdf.storage, old.pdf.name
    now = _at(dt.date(2026, 6, 1))
    assert {p.key: p.due for p in policy_list(now=now)}["certificates"] == 1
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert certificates_retention_run(now) == {"deleted": 1}
    assert certificates_retention_run(now) == {"deleted": 0}
    assert list(Certificate.objects.all()) == [kept]
    assert not storage.exists(name)
    assert AuditEntry.objects.get(action="privacy.certificates_delete").after == {"deleted": 1}
