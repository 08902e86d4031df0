import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from breakaway.core.models import AuditEntry
from breakaway.core.periodic import registered, run_jobs
from breakaway.delivery.models import Enrolment
from breakaway.evaluation.content import CONFIDENCE
from breakaway.evaluation.instruments import parse_instrument
from breakaway.evaluation.models import Questionnaire, QuestionnaireReminder, Response
from breakaway.evaluation.questionnaire_selectors import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    instrument_pages,
    questionnaire_list_for_attendee,
)
from breakaway.evaluation.questionnaire_services import (
    AlreadySubmittedError,
    questionnaires_ensure,
    response_answers_save,
    response_submit,
)
from breakaway.evaluation.shipped import shipped_instruments_load
from breakaway.evaluation.tests.questionnaire_fixtures import course_on, phase, today, version

pytestmark = pytest.mark.django_db


def _local(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def test_an_engagement_gets_pre_post_and_follow_up_with_our_instruments(client_org):
    day = today() + dt.timedelta(days=30)
    course = course_on(client_org, day)
    pre, post, follow_up = (phase(course, p) for p in ("pre", "post", "follow_up"))
    assert pre.opens_at == _local(day) - dt.timedelta(days=14)
    assert pre.closes_at == _local(day + dt.timedelta(days=1))
    assert post.opens_at == _local(day)
    assert post.closes_at == _local(day + dt.timedelta(days=8))
    assert follow_up.opens_at == _local(day + dt.timedelta(weeks=12))
    assert follow_up.closes_at == _local(day + dt.timedelta(weeks=16))
    keys = {
        q.phase: set(q.instruments.values_list("instrument__key", flat=True))
        for q in (pre, post, follow_up)
    }
    assert keys == {
        "pre": {"breakaway-confidence", "breakaway-knowledge"},
        "post": {"breakaway-confidence", "breakaway-knowledge", "breakaway-reaction"},
        "follow_up": {"breakaway-confidence", "breakaway-knowledge", "breakaway-follow-up"},
    }


def test_making_the_questionnaires_again_changes_nothing(client_org):
    course = course_on(client_org, today() + dt.timedelta(days=30))
    audits = AuditEntry.objects.count()
    questionnaires_ensure(engagement=course.engagement)
    questionnaires_ensure(engagement=course.engagement)
    assert Questionnaire.objects.filter(engagement=course.engagement).count() == 3
    assert AuditEntry.objects.count() == audits


def test_the_pre_questionnaire_opens_when_the_invitations_go_if_earlier(client_org):
    day = today() + dt.timedelta(days=40)
    course = course_on(client_org, day)
    sent = timezone.now() - dt.timedelta(days=1)
    Enrolment.objects.filter(pk=course.enrolments[0].pk).update(invited_at=sent)
    questionnaires_ensure(engagement=course.engagement)
    assert phase(course, "pre").opens_at == sent


def test_the_follow_up_period_follows_the_setting(client_org, settings):
    settings.BREAKAWAY_FOLLOW_UP_WEEKS = 6
    day = today() + dt.timedelta(days=3)
    course = course_on(client_org, day)
    assert phase(course, "follow_up").opens_at == _local(day + dt.timedelta(weeks=6))


def test_a_cancelled_engagement_or_one_without_days_gets_none(client_org):
    course = course_on(client_org, today())
    course.engagement.days.all().delete()
    Questionnaire.objects.all().delete()
    assert questionnaires_ensure(engagement=course.engagement) == []
    course.engagement.status = "cancelled"
    assert questionnaires_ensure(engagement=course.engagement) == []


def test_the_shipped_instruments_are_loaded_when_the_database_lacks_them(client_org):
    from breakaway.evaluation.models import Instrument

    Instrument.objects.filter(owner__isnull=True).delete()
    course = course_on(client_org, today())
    assert phase(course, "pre").instruments.count() == 2
    assert len(shipped_instruments_load()) == 4


def test_pages_hold_at_most_four_questions_in_order():
    confidence = parse_instrument(CONFIDENCE)
    pages = instrument_pages(confidence)
    assert all(1 <= len(page) <= 4 for page in pages)
    assert [item for page in pages for item in page] == list(confidence.items)


def test_answers_are_saved_page_by_page_then_submitted_once(client_org):
    course = course_on(client_org, today())
    pre = phase(course, "pre")
    confidence = version(pre, "breakaway-confidence")
    enrolment = course.enrolments[0]
    response_answers_save(
        questionnaire=pre, enrolment=enrolment, version=confidence, answers={"spot-signs": 4}
    )
    saved = response_answers_save(
        questionnaire=pre, enrolment=enrolment, version=confidence, answers={"calm-words": None}
    )
    assert saved.answers == {"spot-signs": 4, "calm-words": None}
    first, sent = response_submit(questionnaire=pre, enrolment=enrolment, version=confidence)
    again, sent_again = response_submit(questionnaire=pre, enrolment=enrolment, version=confidence)
    assert (sent, sent_again) == (True, False)
    assert first.submitted_at == again.submitted_at
    assert Response.objects.filter(enrolment=enrolment).count() == 1
    assert AuditEntry.objects.filter(action="response.submit").count() == 1
    with pytest.raises(AlreadySubmittedError):
        response_answers_save(
            questionnaire=pre, enrolment=enrolment, version=confidence, answers={"exits": 1}
        )


@pytest.mark.django_db(transaction=True)
def test_submitting_from_several_threads_at_once_stores_and_sends_once(client_org):
    shipped_instruments_load()
    course = course_on(client_org, today(), people=1)
    pre = phase(course, "pre")
    confidence = version(pre, "breakaway-confidence")
    enrolment = course.enrolments[0]
    barrier = threading.Barrier(4)
    results: list[bool] = []

    def submit() -> None:
        try:
            barrier.wait()
            results.append(
                response_submit(questionnaire=pre, enrolment=enrolment, version=confidence)[1]
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert Response.objects.filter(enrolment=enrolment).count() == 1


def test_the_attendee_sees_open_questionnaires_with_each_part_s_state(client_org):
    course = course_on(client_org, today())
    pre = phase(course, "pre")
    enrolment = course.enrolments[0]
    confidence, knowledge = (
        version(pre, "breakaway-confidence"),
        version(pre, "breakaway-knowledge"),
    )
    response_answers_save(
        questionnaire=pre, enrolment=enrolment, version=confidence, answers={"spot-signs": 4}
    )
    response_answers_save(questionnaire=pre, enrolment=enrolment, version=knowledge, answers={})
    response_submit(questionnaire=pre, enrolment=enrolment, version=knowledge)
    entries = questionnaire_list_for_attendee(staff_member=enrolment.staff_member)
    assert [e.questionnaire.phase for e in entries] == ["pre", "post"]  # both open today
    states = {i.version.instrument.key: i.state for i in entries[0].instruments}
    assert states == {"breakaway-confidence": IN_PROGRESS, "breakaway-knowledge": DONE}
    assert {i.state for i in entries[1].instruments} == {NOT_STARTED}


def test_the_attendee_page_makes_missing_questionnaires_lazily(client_org):
    course = course_on(client_org, today() + dt.timedelta(days=3))
    Questionnaire.objects.all().delete()
    entries = questionnaire_list_for_attendee(staff_member=course.enrolments[0].staff_member)
    assert [e.questionnaire.phase for e in entries] == ["pre"]
    assert Questionnaire.objects.filter(engagement=course.engagement).count() == 3


def test_the_tick_job_is_registered_and_makes_questionnaires(client_org):
    assert "evaluation_questionnaires" in registered()
    course = course_on(client_org, today() + dt.timedelta(days=3))
    Questionnaire.objects.all().delete()
    result = run_jobs(timezone.now(), ["evaluation_questionnaires"])["evaluation_questionnaires"]
    assert result["questionnaires_made"] == 3
    again = run_jobs(timezone.now(), ["evaluation_questionnaires"])["evaluation_questionnaires"]
    assert again["questionnaires_made"] == 0
    assert Questionnaire.objects.filter(engagement=course.engagement).count() == 3


def test_follow_up_reminders_go_once_at_opening_and_once_in_the_last_week(
    client_org, django_capture_on_commit_callbacks
):
    day = today() - dt.timedelta(weeks=12, days=1)
    course = course_on(client_org, day, people=3)
    people = course.enrolments
    for number, enrolment in enumerate(people):
        enrolment.staff_member.email = f"p{number}@example.org"
        enrolment.staff_member.save()
    follow_up = phase(course, "follow_up")
    # One has sent every part already: no reminder for them.
    for part in follow_up.instruments.all():
        response_submit(questionnaire=follow_up, enrolment=people[2], version=part)
    mail.outbox.clear()
    with (
        time_machine.travel(follow_up.opens_at + dt.timedelta(hours=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_jobs(timezone.now(), ["evaluation_questionnaires"])
        run_jobs(timezone.now(), ["evaluation_questionnaires"])
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p1@example.org"]
    assert "/a/" in mail.outbox[0].body
    mail.outbox.clear()
    with (
        time_machine.travel(follow_up.closes_at - dt.timedelta(days=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = run_jobs(timezone.now(), ["evaluation_questionnaires"])
        run_jobs(timezone.now(), ["evaluation_questionnaires"])
    assert result["evaluation_questionnaires"]["follow_up_reminders"] == 2
    assert len(mail.outbox) == 2
    assert "A week left" in mail.outbox[0].subject
    assert QuestionnaireReminder.objects.count() == 4
