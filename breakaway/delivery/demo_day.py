"""Demo of the day in the room: the most recently delivered demo engagement gets its register
(most by QR, one late, one absent), competence per technique, outcomes and one near miss.

Idempotent: nothing happens once that engagement has a register. People are the roster's
where it has one; otherwise the first of the client's staff list are given places.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.delivery import day_selectors, day_services
from breakaway.delivery.models import (
    Attendance,
    CompetenceRecord,
    Enrolment,
    StaffMember,
    TrainingGroup,
    TrainingIncident,
)
from breakaway.scheduling.models import Assignment, Engagement, EngagementDay

DEMO_TRAINER: Final = "trainer@northway.example"
PLACES: Final = 8
DECIDED: Final = [o for o in Enrolment.Outcome.values if o]


def _engagement(provider: Organisation) -> Engagement | None:
    """The provider's client engagement whose last day is the latest before today."""
    today = timezone.localdate()
    day = (
        EngagementDay.objects.filter(
            engagement__organisation__provider=provider,
            date__lt=today,
        )
        .exclude(engagement__status=Engagement.Status.CANCELLED)
        # Courses whose outcomes are already recorded (the certificates' demo) are left alone.
        .exclude(engagement__enrolments__outcome__in=DECIDED)
        .order_by("-date", "-engagement_id")
        .select_related("engagement__organisation")
        .first()
    )
    return day.engagement if day else None


def _trainer_user(engagement: Engagement) -> Any:
    """The demo trainer, on the engagement (accepted); None when the demo has no trainer."""
    from breakaway.trainers.models import Trainer

    trainer = Trainer.objects.filter(user__email=DEMO_TRAINER).select_related("user").first()
    if trainer is None:
        return None
    Assignment.objects.get_or_create(
        engagement=engagement,
        trainer=trainer,
        defaults={"status": Assignment.Status.ACCEPTED, "decided_at": timezone.now()},
    )
    return trainer.user


def _people(engagement: Engagement) -> list[Enrolment]:
    enrolments = list(day_selectors.enrolments_on(engagement=engagement))
    if enrolments:
        return enrolments
    group, _made = TrainingGroup.objects.get_or_create(engagement=engagement, number=1)
    staff = StaffMember.objects.filter(organisation=engagement.organisation).current()[:PLACES]
    for member in staff:
        Enrolment.objects.get_or_create(
            engagement=engagement, staff_member=member, defaults={"group": group}
        )
    return list(day_selectors.enrolments_on(engagement=engagement))


def _at(day: EngagementDay, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day.date, dt.time(hour, minute)))


def _backdate_register(day: EngagementDay, late: Enrolment) -> None:
    """Sign-in times on the morning of the day itself (the services stamp the moment)."""
    for minute, attendance in enumerate(Attendance.objects.filter(day=day).order_by("pk")):
        signed_in = _at(day, 9, 40) if attendance.enrolment_id == late.pk else _at(day, 8, 45)
        Attendance.objects.filter(pk=attendance.pk).update(
            signed_in_at=signed_in + dt.timedelta(minutes=minute % 10),
            confirmed_at=_at(day, 9, 45),
        )


def seed_day(provider: Organisation) -> None:
    """The register, competence, outcomes and a near miss for one delivered demo course, once."""
    engagement = _engagement(provider)
    if engagement is None or Attendance.objects.filter(day__engagement=engagement).exists():
        return
    trainer = _trainer_user(engagement)
    people = _people(engagement)
    days = list(engagement.days.order_by("date"))
    if len(people) < 3 or not days:
        return
    late, absent = people[-2], people[-1]
    for day in days:
        for person in people:
            if person == late:
                day_services.attendance_mark(
                    day=day,
                    enrolment=person,
                    status=Attendance.Status.LATE,
                    note="Arrived 09:40 after a handover.",
                    marked_by=trainer,
                )
            elif person == absent:
                day_services.attendance_mark(
                    day=day,
                    enrolment=person,
                    status=Attendance.Status.ABSENT,
                    note="Off sick.",
                    marked_by=trainer,
                )
            else:
                day_services.attendance_sign_in(day=day, enrolment=person)
        day_services.attendance_confirm(day=day, confirmed_by=trainer)
        _backdate_register(day, late)
    techniques = day_selectors.techniques_for(engagement=engagement)
    for index, person in enumerate(people):
        if person == absent:
            day_services.enrolment_outcome_set(
                enrolment=person, outcome=Enrolment.Outcome.DID_NOT_ATTEND, set_by=trainer
            )
            continue
        struggling = index == 1
        results = {
            technique.pk: (
                CompetenceRecord.Result.NEEDS_PRACTICE
                if struggling and n == 0
                else CompetenceRecord.Result.DEMONSTRATED,
                # The third person's screening called for adapted participation.
                index == 2,
            )
            for n, technique in enumerate(techniques)
        }
        day_services.competence_record(
            enrolment=person, results=results, techniques=techniques, recorded_by=trainer
        )
        outcome = Enrolment.Outcome.NOT_COMPLETED if struggling else Enrolment.Outcome.COMPLETED
        day_services.enrolment_outcome_set(enrolment=person, outcome=outcome, set_by=trainer)
    # Recorded at the end of the last day, as they would have been.
    finished = _at(days[-1], 15, 30)
    CompetenceRecord.objects.filter(enrolment__in=people).update(recorded_at=finished)
    Enrolment.objects.filter(pk__in=[p.pk for p in people]).update(outcome_at=finished)
    first_day = days[0]
    happened = _at(first_day, 11, 20)
    if not TrainingIncident.objects.filter(engagement=engagement).exists():
        day_services.training_incident_log(
            engagement=engagement,
            day=first_day,
            kind=TrainingIncident.Kind.NEAR_MISS,
            happened_at=happened,
            people=people[:2],
            description=(
                "During the wrist-grab release a chair behind the pair was nearly knocked over; "
                "nobody was hurt."
            ),
            action_taken="Stopped practice, cleared the chairs to the wall, reminded the group "
            "to check the space behind them.",
            reported_by=trainer,
        )
    # The trainer issued certificates at the end of the course.
    from breakaway.delivery.demo_certificates import certify_completed

    certify_completed(engagement)
