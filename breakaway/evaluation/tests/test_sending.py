"""The Send button's own read (`sending_get`, one query) and write (`response_submit`): it
finds the usual case, declines every unusual one for the general path's pages, and leaves the
same audit line as the general path."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from breakaway.core.models import AuditEntry
from breakaway.delivery.models import Enrolment
from breakaway.delivery.tests.day_fixtures import make_link, remember
from breakaway.evaluation.models import Response
from breakaway.evaluation.questionnaire_selectors import answering_get, sending_get
from breakaway.evaluation.tests.questionnaire_fixtures import course_on, phase, today, version
from breakaway.scheduling.models import Engagement

pytestmark = pytest.mark.django_db

CONFIDENCE = "breakaway-confidence"


def _answered(course, index=0, key=CONFIDENCE, answers=None):
    """Person `index` has saved answers to every question of the pre-course instrument."""
    pre = phase(course, "pre")
    part = version(pre, key)
    enrolment = course.enrolments[index]
    if answers is None:
        got = answering_get(staff_member=enrolment.staff_member, pk=pre.pk, version_pk=part.pk)
        answers = {item.id: 4 for item in got.instrument.items}
    response = Response.objects.create(
        questionnaire=pre, enrolment=enrolment, instrument_version=part, answers=answers
    )
    link, _token = make_link(enrolment)
    return pre, part, response, link


def _get(link, pre, part):
    return sending_get(link_id=link.pk, pk=pre.pk, version_pk=part.pk)


def test_the_usual_sending_is_read_in_one_query_with_everything_sending_needs(
    client_org, django_assert_num_queries
):
    course = course_on(client_org, today())
    pre, part, response, link = _answered(course)
    with django_assert_num_queries(1):
        sending = _get(link, pre, part)
    assert sending is not None
    with django_assert_num_queries(0):  # the audit line's description reads nothing more
        described = str(sending.response)
        assert sending.is_open
        assert sending.first_unanswered_page() is None
        assert sending.questionnaire.engagement.organisation.pk == client_org.pk
    assert described == str(Response.objects.get(pk=response.pk))
    assert sending.response.pk == response.pk
    assert sending.answers == response.answers
    assert sending.enrolment.pk == course.enrolments[0].pk
    general = answering_get(
        staff_member=course.enrolments[0].staff_member, pk=pre.pk, version_pk=part.pk
    )
    assert sending.instrument == general.instrument
    assert sending.pages == general.pages


def test_answers_still_missing_are_found_as_missing(client_org):
    course = course_on(client_org, today())
    pre, part, _response, link = _answered(course, answers={"spot-signs": 5})
    sending = _get(link, pre, part)
    assert sending is not None
    assert sending.first_unanswered_page() == 1


def _revoke(course, link, pre, part):
    link.revoked_at = timezone.now()
    link.save()


def _expire(course, link, pre, part):
    link.expires_at = timezone.now() - dt.timedelta(minutes=1)
    link.save()


def _cancel(course, link, pre, part):
    Engagement.objects.filter(pk=course.engagement.pk).update(status="cancelled")


def _withdraw(course, link, pre, part):
    Enrolment.objects.filter(pk=course.enrolments[0].pk).update(status="withdrawn")


def _send_already(course, link, pre, part):
    Response.objects.filter(enrolment=course.enrolments[0]).update(submitted_at=timezone.now())


def _paper_only(course, link, pre, part):
    Response.objects.filter(enrolment=course.enrolments[0]).update(source="paper")


def _no_longer_asked(course, link, pre, part):
    pre.instruments.remove(part)


@pytest.mark.parametrize(
    "change",
    [_revoke, _expire, _cancel, _withdraw, _send_already, _paper_only, _no_longer_asked],
)
def test_anything_unusual_is_left_to_the_general_path(client_org, change):
    course = course_on(client_org, today())
    pre, part, _response, link = _answered(course)
    assert _get(link, pre, part) is not None
    change(course, link, pre, part)
    assert _get(link, pre, part) is None


def test_another_person_s_link_finds_nothing(client_org):
    course = course_on(client_org, today())
    pre, part, _response, _link = _answered(course, index=0)
    someone_else, _token = make_link(course.enrolments[1])
    assert _get(someone_else, pre, part) is None
    assert sending_get(link_id=None, pk=pre.pk, version_pk=part.pk) is None


def test_a_closed_questionnaire_is_found_but_not_open(client_org):
    course = course_on(client_org, today())
    pre, part, _response, link = _answered(course)
    pre.closes_at = timezone.now() - dt.timedelta(minutes=1)
    pre.save()
    sending = _get(link, pre, part)
    assert sending is not None
    assert not sending.is_open


def test_the_audit_line_is_the_one_the_general_path_writes(client, client_org):
    """One person sends by the Send button (the one-query path); the audit line must be what
    `audit_log` writes for the same response."""
    course = course_on(client_org, today())
    pre, part, response, link = _answered(course)
    remember(client, link)
    send = reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk])
    assert client.post(send)["Location"] == reverse(
        "evaluation:questionnaire_done", args=[pre.pk, part.pk]
    )
    response.refresh_from_db()
    assert response.submitted_at is not None
    entry = AuditEntry.objects.get(action="response.submit")
    assert entry.actor is None
    assert entry.object_type == "evaluation.response"
    assert entry.object_id == str(response.pk)
    assert entry.object_repr == str(response)[:200]
    assert entry.organisation_id == client_org.pk
    assert entry.before is None
    assert entry.after == {"submitted_at": response.submitted_at.isoformat(), "phase": "pre"}
    # A double tap sends nothing more and writes no second line.
    assert client.post(send).status_code == 302
    assert AuditEntry.objects.filter(action="response.submit").count() == 1
    response.refresh_from_db()
    assert response.updated_at == response.submitted_at


def test_sending_with_answers_missing_goes_back_to_the_page(client, client_org):
    course = course_on(client_org, today())
    pre, part, response, link = _answered(course, answers={"spot-signs": 5})
    remember(client, link)
    send = reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk])
    assert client.post(send)["Location"] == reverse(
        "evaluation:question_page", args=[pre.pk, part.pk, 1]
    )
    response.refresh_from_db()
    assert response.submitted_at is None


def test_sending_after_the_questionnaire_closed_gets_the_closed_page(client, client_org):
    course = course_on(client_org, today())
    pre, part, response, link = _answered(course)
    pre.closes_at = timezone.now() - dt.timedelta(minutes=1)
    pre.save()
    remember(client, link)
    page = client.post(reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk]))
    assert page.status_code == 403
    response.refresh_from_db()
    assert response.submitted_at is None


def test_sending_with_a_revoked_link_asks_to_open_a_link(client, client_org):
    course = course_on(client_org, today())
    pre, part, response, link = _answered(course)
    remember(client, link)
    link.revoked_at = timezone.now()
    link.save()
    page = client.post(reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk]))
    assert page.status_code == 403
    assert "Open your personal link first" in page.content.decode()
    response.refresh_from_db()
    assert response.submitted_at is None


def test_a_made_up_cookie_is_no_link(client, client_org):
    course = course_on(client_org, today())
    pre, part, response, link = _answered(course)
    client.cookies["breakaway_attendee"] = f"{link.pk}:forged:signature"
    page = client.post(reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk]))
    assert page.status_code == 403
    response.refresh_from_db()
    assert response.submitted_at is None


def test_sending_costs_one_read_and_one_write(client, client_org, django_assert_num_queries):
    """Attendees send in a rush at the end of a course: the link, person, questionnaire and
    response in one read, then the update and its audit line (one statement on PostgreSQL;
    inside a savepoint on SQLite, where the test's transaction is already open)."""
    course = course_on(client_org, today())
    pre, part, response, link = _answered(course)
    remember(client, link)
    send = reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk])
    expected = 2 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(expected):
        assert client.post(send).status_code == 302
    response.refresh_from_db()
    assert response.submitted_at is not None
