"""Writes for the day in the room: the register, competence, outcomes and incidents.

Every write is idempotent, because a trainer's phone on a bad connection retries and people
double-tap: attendance and competence are one row per person (and day or technique) updated in
place, an outcome is set to a value, and an incident report that arrives twice is stored once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.catalogue.models import Technique
from breakaway.core.audit import audit_log, snapshot
from breakaway.delivery import register_codes
from breakaway.delivery.models import Attendance, CompetenceRecord, Enrolment, TrainingIncident
from breakaway.scheduling.models import Engagement, EngagementDay

ATTENDANCE_FIELDS: Final = ("status", "method", "note", "confirmed_by_id", "confirmed_at")
COMPETENCE_FIELDS: Final = ("result", "adapted", "note")
OUTCOME_FIELDS: Final = ("outcome", "outcome_by_id", "outcome_at")
# A report identical to one made this recently by the same person is the same report, resent.
INCIDENT_RESEND_WINDOW: Final = dt.timedelta(minutes=30)


def _actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


# The register's codes --------------------------------------------------------------------------


def register_key() -> bytes:
    """The key for register codes, derived from SECRET_KEY (read when used, never at import)."""
    return register_codes.derive_key(settings.SECRET_KEY)


def register_code_now(*, day: EngagementDay, now: float | None = None) -> str:
    """The code the trainer shows for this day at this moment."""
    return register_codes.current_code(
        key=register_key(), day_id=day.pk, now=time.time() if now is None else now
    )


def register_code_is_valid(*, day_id: int, code: str, now: float | None = None) -> bool:
    """A code issued for this day less than 60 seconds ago."""
    return register_codes.is_valid(
        key=register_key(), day_id=day_id, code=code, now=time.time() if now is None else now
    )


# Attendance ------------------------------------------------------------------------------------


def attendance_sign_in(*, day: EngagementDay, enrolment: Enrolment) -> tuple[Attendance, bool]:
    """The attendee scanned the register code: present (by QR) unless already on the register.

    Returns the row and whether this scan made it; a second scan, a retry, or a scan after the
    trainer marked them by hand changes nothing.
    """
    if enrolment.engagement_id != day.engagement_id:
        raise ValidationError(_("This person is not on this course."))
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.get_or_create(
                enrolment=enrolment,
                day=day,
                defaults={"status": Attendance.Status.PRESENT, "method": Attendance.Method.QR},
            )
            if created:
                audit_log(
                    actor=None,
                    action="attendance.sign_in",
                    obj=attendance,
                    after=snapshot(attendance, ATTENDANCE_FIELDS),
                    organisation=day.engagement.organisation,
                )
    except IntegrityError:
        # Two scans at once: the other one stored it.
        return Attendance.objects.get(enrolment=enrolment, day=day), False
    return attendance, created


@transaction.atomic
def attendance_mark(
    *, day: EngagementDay, enrolment: Enrolment, status: str, note: str, marked_by: Any
) -> Attendance:
    """The trainer marks a person by hand (present, late, left early or absent), which also
    confirms the register line; a scanned sign-in keeps "scanned" as how they signed in."""
    if enrolment.engagement_id != day.engagement_id:
        raise ValidationError(_("This person is not on this course."))
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose how the person attended.")})
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .filter(enrolment=enrolment, day=day)
        .first()
    )
    before = snapshot(attendance, ATTENDANCE_FIELDS) if attendance else None
    if attendance is None:
        attendance = Attendance(enrolment=enrolment, day=day, method=Attendance.Method.HAND)
    elif attendance.status == status and attendance.note == note and attendance.confirmed_at:
        return attendance  # the same marking again: a retry
    attendance.status = status
    attendance.note = note
    attendance.confirmed_by = _actor(marked_by)
    attendance.confirmed_at = timezone.now()
    attendance.full_clean()
    attendance.save()
    audit_log(
        actor=marked_by,
        action="attendance.mark",
        obj=attendance,
        before=before,
        after=snapshot(attendance, ATTENDANCE_FIELDS),
        organisation=day.engagement.organisation,
    )
    return attendance


@transaction.atomic
def attendance_confirm(
    *, day: EngagementDay, confirmed_by: Any, enrolment_ids: Iterable[int] | None = None
) -> int:
    """The trainer confirms sign-ins (all, or the people named) that nobody has confirmed yet;
    returns how many were confirmed."""
    waiting = Attendance.objects.select_for_update(of=("self",)).filter(
        day=day, confirmed_at__isnull=True
    )
    if enrolment_ids is not None:
        waiting = waiting.filter(enrolment_id__in=list(enrolment_ids))
    confirmed = 0
    now = timezone.now()
    for attendance in waiting:
        attendance.confirmed_by = _actor(confirmed_by)
        attendance.confirmed_at = now
        attendance.save(update_fields=["confirmed_by", "confirmed_at"])
        audit_log(
            actor=confirmed_by,
            action="attendance.confirm",
            obj=attendance,
            after=snapshot(attendance, ("confirmed_by_id", "confirmed_at")),
            organisation=day.engagement.organisation,
        )
        confirmed += 1
    return confirmed


# Competence and outcome ------------------------------------------------------------------------


@transaction.atomic
def competence_record(
    *,
    enrolment: Enrolment,
    results: Mapping[int, tuple[str, bool]],
    techniques: Iterable[Technique],
    recorded_by: Any,
) -> int:
    """Record one person's result for each technique taught ({technique id: (result,
    adapted)}); unchanged results are left alone. Returns how many rows changed."""
    taught = {t.pk for t in techniques}
    if unknown := set(results) - taught:
        raise ValidationError(
            _("Technique %(ids)s is not taught on this course.") % {"ids": unknown}
        )
    existing = {
        r.technique_id: r
        for r in CompetenceRecord.objects.select_for_update(of=("self",)).filter(
            enrolment=enrolment, technique_id__in=list(results)
        )
    }
    changed = 0
    for technique_id, (result, adapted) in results.items():
        record = existing.get(technique_id)
        if record is not None and record.result == result and record.adapted == adapted:
            continue
        before = snapshot(record, COMPETENCE_FIELDS) if record else None
        if record is None:
            record = CompetenceRecord(enrolment=enrolment, technique_id=technique_id)
        record.result = result
        record.adapted = adapted
        record.recorded_by = _actor(recorded_by)
        record.recorded_at = timezone.now()
        record.full_clean(validate_constraints=False)
        record.save()
        audit_log(
            actor=recorded_by,
            action="competence.record",
            obj=record,
            before=before,
            after=snapshot(record, COMPETENCE_FIELDS),
            organisation=enrolment.engagement.organisation,
        )
        changed += 1
    return changed


@transaction.atomic
def enrolment_outcome_set(*, enrolment: Enrolment, outcome: str, set_by: Any) -> Enrolment:
    """The person's overall outcome (completed, not completed, did not attend), with who and
    when; setting the same outcome again changes nothing."""
    if outcome not in Enrolment.Outcome.values:
        raise ValidationError({"outcome": _("Choose the person's outcome.")})
    enrolment = Enrolment.objects.select_for_update(of=("self",)).get(pk=enrolment.pk)
    if enrolment.outcome == outcome:
        return enrolment
    before = snapshot(enrolment, OUTCOME_FIELDS)
    enrolment.outcome = outcome
    enrolment.outcome_by = _actor(set_by)
    enrolment.outcome_at = timezone.now() if outcome else None
    enrolment.save(update_fields=["outcome", "outcome_by", "outcome_at"])
    audit_log(
        actor=set_by,
        action="enrolment.outcome",
        obj=enrolment,
        before=before,
        after=snapshot(enrolment, OUTCOME_FIELDS),
        organisation=enrolment.engagement.organisation,
    )
    return enrolment


# Injuries and near misses ----------------------------------------------------------------------


@transaction.atomic
def training_incident_log(
    *,
    engagement: Engagement,
    day: EngagementDay | None,
    kind: str,
    happened_at: dt.datetime,
    people: Iterable[Enrolment],
    description: str,
    action_taken: str,
    reported_by: Any,
) -> tuple[TrainingIncident, bool]:
    """Log an injury or near miss in training; the same report sent again (a double tap or a
    retry) within half an hour is stored once. Returns it and whether it is new."""
    people = list(people)
    if any(p.engagement_id != engagement.pk for p in people):
        raise ValidationError({"people": _("Choose people on this course.")})
    if day is not None and day.engagement_id != engagement.pk:
        raise ValidationError({"day": _("Choose a day of this course.")})
    # Taken before the check, so two copies arriving together cannot both pass it.
    Engagement.objects.select_for_update(of=("self",)).filter(pk=engagement.pk).first()
    same = TrainingIncident.objects.filter(
        engagement=engagement,
        kind=kind,
        happened_at=happened_at,
        description=description,
        action_taken=action_taken,
        reported_by=_actor(reported_by),
        reported_at__gte=timezone.now() - INCIDENT_RESEND_WINDOW,
    ).first()
    if same is not None:
        return same, False
    incident = TrainingIncident(
        engagement=engagement,
        day=day,
        kind=kind,
        happened_at=happened_at,
        description=description,
        action_taken=action_taken,
        reported_by=_actor(reported_by),
    )
    incident.full_clean()
    incident.save()
    incident.people.set(people)
    audit_log(
        actor=reported_by,
        action="training_incident.log",
        obj=incident,
        after={
            **snapshot(incident, ("kind", "happened_at", "day_id")),
            "people": [p.pk for p in people],
        },
        organisation=engagement.organisation,
    )
    return incident, True
