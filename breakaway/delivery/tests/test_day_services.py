"""The day's services: sign-in by code, marking by hand, confirming, competence, outcomes and
incidents; each stores once however often it is sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from breakaway.core.models import AuditEntry
from breakaway.delivery import day_services as services
from breakaway.delivery.models import Attendance, CompetenceRecord, Enrolment, TrainingIncident
from breakaway.delivery.tests.day_fixtures import make_course

pytestmark = pytest.mark.django_db

DEMONSTRATED = CompetenceRecord.Result.DEMONSTRATED
NEEDS_PRACTICE = CompetenceRecord.Result.NEEDS_PRACTICE


@pytest.fixture
def course(client_org, trainer):
    return make_course(client_org=client_org, trainer_user=trainer)


def test_sign_in_marks_present_by_qr_once_however_often_it_is_scanned(course):
    person = course.enrolments[0]
    first, created = services.attendance_sign_in(day=course.day, enrolment=person)
    again, created_again = services.attendance_sign_in(day=course.day, enrolment=person)
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert (first.status, first.method) == (Attendance.Status.PRESENT, Attendance.Method.QR)
    assert Attendance.objects.filter(enrolment=person).count() == 1
    assert AuditEntry.objects.filter(action="attendance.sign_in").count() == 1


def test_sign_in_leaves_a_hand_marking_alone(course, trainer):
    person = course.enrolments[0]
    services.attendance_mark(
        day=course.day, enrolment=person, status="late", note="Bus", marked_by=trainer
    )
    attendance, created = services.attendance_sign_in(day=course.day, enrolment=person)
    assert not created
    assert (attendance.status, attendance.method) == ("late", "hand")


def test_sign_in_refuses_a_person_from_another_course(course, client_org):
    other = make_course(client_org=client_org)
    with pytest.raises(ValidationError):
        services.attendance_sign_in(day=course.day, enrolment=other.enrolments[0])


def test_marking_by_hand_records_status_note_and_confirmation(course, trainer):
    person = course.enrolments[1]
    attendance = services.attendance_mark(
        day=course.day,
        enrolment=person,
        status="left_early",
        note="Left at 12:10",
        marked_by=trainer,
    )
    assert attendance.method == Attendance.Method.HAND
    assert attendance.status == Attendance.Status.LEFT_EARLY
    assert attendance.note == "Left at 12:10"
    assert attendance.confirmed_by == trainer
    assert attendance.confirmed_at is not None
    entry = AuditEntry.objects.get(action="attendance.mark")
    assert entry.after["status"] == "left_early"
    assert entry.before is None


def test_marking_the_same_thing_twice_stores_and_audits_once(course, trainer):
    person = course.enrolments[1]
    for _ in range(3):
        services.attendance_mark(
            day=course.day, enrolment=person, status="absent", note="", marked_by=trainer
        )
    assert Attendance.objects.filter(enrolment=person).count() == 1
    assert AuditEntry.objects.filter(action="attendance.mark").count() == 1


def test_marking_a_scanned_person_late_keeps_how_they_signed_in(course, trainer):
    person = course.enrolments[0]
    services.attendance_sign_in(day=course.day, enrolment=person)
    attendance = services.attendance_mark(
        day=course.day, enrolment=person, status="late", note="", marked_by=trainer
    )
    assert (attendance.method, attendance.status) == ("qr", "late")
    assert AuditEntry.objects.get(action="attendance.mark").before["status"] == "present"


def test_marking_refuses_an_unknown_status(course, trainer):
    with pytest.raises(ValidationError):
        services.attendance_mark(
            day=course.day,
            enrolment=course.enrolments[0],
            status="asleep",
            note="",
            marked_by=trainer,
        )


def test_confirming_confirms_waiting_sign_ins_once(course, trainer):
    for person in course.enrolments[:2]:
        services.attendance_sign_in(day=course.day, enrolment=person)
    assert services.attendance_confirm(day=course.day, confirmed_by=trainer) == 2
    assert services.attendance_confirm(day=course.day, confirmed_by=trainer) == 0
    assert not Attendance.objects.filter(confirmed_at__isnull=True).exists()
    assert AuditEntry.objects.filter(action="attendance.confirm").count() == 2


def test_confirming_one_person_leaves_the_others_waiting(course, trainer):
    first, second = course.enrolments[:2]
    for person in (first, second):
        services.attendance_sign_in(day=course.day, enrolment=person)
    services.attendance_confirm(day=course.day, confirmed_by=trainer, enrolment_ids=[first.pk])
    waiting = Attendance.objects.filter(confirmed_at__isnull=True)
    assert list(waiting.values_list("enrolment_id", flat=True)) == [second.pk]


def test_competence_is_one_row_per_technique_and_a_resend_changes_nothing(course, trainer):
    person = course.enrolments[0]
    first, second = course.techniques
    results = {first.pk: (DEMONSTRATED, False), second.pk: (NEEDS_PRACTICE, True)}
    kwargs = {"enrolment": person, "techniques": course.techniques, "recorded_by": trainer}
    assert services.competence_record(results=results, **kwargs) == 2
    assert services.competence_record(results=results, **kwargs) == 0
    rows = CompetenceRecord.objects.filter(enrolment=person).order_by("technique__position")
    assert {(r.technique_id, r.result, r.adapted) for r in rows} == {
        (first.pk, DEMONSTRATED, False),
        (second.pk, NEEDS_PRACTICE, True),
    }
    assert AuditEntry.objects.filter(action="competence.record").count() == 2


def test_changing_one_result_updates_it_and_audits_before_and_after(course, trainer):
    person = course.enrolments[0]
    technique = course.techniques[0]
    kwargs = {"enrolment": person, "techniques": course.techniques, "recorded_by": trainer}
    services.competence_record(results={technique.pk: (NEEDS_PRACTICE, False)}, **kwargs)
    services.competence_record(results={technique.pk: (DEMONSTRATED, False)}, **kwargs)
    record = CompetenceRecord.objects.get(enrolment=person, technique=technique)
    assert record.result == DEMONSTRATED
    entry = AuditEntry.objects.filter(action="competence.record").latest("pk")
    assert (entry.before["result"], entry.after["result"]) == (NEEDS_PRACTICE, DEMONSTRATED)


def test_competence_refuses_a_technique_not_taught(course, trainer, client_org):
    stranger = make_course(client_org=client_org, techniques=1).techniques[0]
    with pytest.raises(ValidationError):
        services.competence_record(
            enrolment=course.enrolments[0],
            results={stranger.pk: (DEMONSTRATED, False)},
            techniques=course.techniques,
            recorded_by=trainer,
        )


def test_outcome_is_recorded_with_who_and_when_and_audited_once(course, trainer):
    person = course.enrolments[0]
    for _ in range(2):
        services.enrolment_outcome_set(enrolment=person, outcome="completed", set_by=trainer)
    person.refresh_from_db()
    assert person.outcome == Enrolment.Outcome.COMPLETED
    assert person.outcome_by == trainer
    assert person.outcome_at is not None
    assert AuditEntry.objects.filter(action="enrolment.outcome").count() == 1


def test_outcome_can_be_changed_and_refuses_nonsense(course, trainer):
    person = course.enrolments[0]
    services.enrolment_outcome_set(enrolment=person, outcome="completed", set_by=trainer)
    services.enrolment_outcome_set(enrolment=person, outcome="did_not_attend", set_by=trainer)
    person.refresh_from_db()
    assert person.outcome == "did_not_attend"
    with pytest.raises(ValidationError):
        services.enrolment_outcome_set(enrolment=person, outcome="brilliant", set_by=trainer)


def _incident(course, trainer, **extra):
    values = {
        "engagement": course.engagement,
        "day": course.day,
        "kind": TrainingIncident.Kind.NEAR_MISS,
        "happened_at": timezone.now().replace(second=0, microsecond=0),
        "people": course.enrolments[:2],
        "description": "Slipped on a mat during the bear-hug release; not hurt.",
        "action_taken": "Mats taped down; practice resumed.",
        "reported_by": trainer,
    }
    return services.training_incident_log(**{**values, **extra})


def test_an_incident_is_logged_with_its_people_and_audited(course, trainer):
    incident, created = _incident(course, trainer)
    assert created
    assert set(incident.people.all()) == set(course.enrolments[:2])
    entry = AuditEntry.objects.get(action="training_incident.log")
    assert entry.after["people"] == [p.pk for p in course.enrolments[:2]]
    assert "Slipped" not in str(entry.after)


def test_the_same_incident_sent_twice_is_stored_once(course, trainer):
    first, _ = _incident(course, trainer)
    second, created = _incident(course, trainer)
    assert not created
    assert first.pk == second.pk
    assert TrainingIncident.objects.count() == 1


def test_a_different_incident_at_the_same_time_is_stored(course, trainer):
    _incident(course, trainer)
    _incident(course, trainer, kind=TrainingIncident.Kind.INJURY, description="Bruised wrist.")
    assert TrainingIncident.objects.count() == 2


def test_an_incident_refuses_people_from_another_course(course, trainer, client_org):
    other = make_course(client_org=client_org, people=1)
    with pytest.raises(ValidationError):
        _incident(course, trainer, people=other.enrolments)


def test_register_code_from_the_settings_key_is_valid_for_its_day_only(course, settings):
    code = services.register_code_now(day=course.day)
    assert services.register_code_is_valid(day_id=course.day.pk, code=code)
    assert not services.register_code_is_valid(day_id=course.day.pk + 1, code=code)
    later = dt.datetime.now(tz=dt.UTC).timestamp() + 120
    assert not services.register_code_is_valid(day_id=course.day.pk, code=code, now=later)
    settings.SECRET_KEY = "another key"
    assert not services.register_code_is_valid(day_id=course.day.pk, code=code)


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_the_same_moment_store_one_row(client_org, trainer):
    import threading

    from django.db import connection

    course = make_course(client_org=client_org, trainer_user=trainer, people=1)
    person = course.enrolments[0]
    barrier = threading.Barrier(4)
    made: list[bool] = []

    def scan() -> None:
        try:
            barrier.wait()
            made.append(services.attendance_sign_in(day=course.day, enrolment=person)[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(made) == [False, False, False, True]
    assert Attendance.objects.filter(enrolment=person).count() == 1
