"""Reads for the day in the room, always through the user asking (tenancy).

The register, competence and the incident log belong to an engagement's assigned trainers
(published or accepted) and to its provider's administrators; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from breakaway.accounts.models import Role
from breakaway.accounts.roles import has_role, standing
from breakaway.catalogue.models import ModuleVersion, Technique
from breakaway.courses.models import CourseDesignVersion
from breakaway.delivery.models import (
    Attendance,
    CompetenceRecord,
    Enrolment,
    HealthScreening,
    TrainingIncident,
)
from breakaway.scheduling.models import Assignment, Engagement, EngagementDay

# Who runs the day: the trainers on it and the provider's administrators.
DAY_ROLES: Final = (Role.PROVIDER_ADMIN, Role.TRAINER)
ON_THE_ROTA: Final = (Assignment.Status.PUBLISHED, Assignment.Status.ACCEPTED)


def _engagements_for_user(*, user: Any) -> QuerySet[Engagement]:
    """Engagements whose day the user may run: assigned to them, or their provider's (admins)."""
    who = standing(user)
    visible = Q(assignments__trainer__user=user, assignments__status__in=ON_THE_ROTA)
    if has_role(user, Role.PROVIDER_ADMIN):
        visible |= Q(organisation__provider_id__in=who.provider_ids) | Q(
            organisation_id__in=who.provider_ids
        )
    return Engagement.objects.filter(visible).exclude(status=Engagement.Status.CANCELLED)


def engagement_get_for_day(*, user: Any, pk: int) -> Engagement:
    """One engagement the user runs (or administers), with its client and design; 404 else."""
    ids = _engagements_for_user(user=user).filter(pk=pk).values("pk")
    engagement = (
        Engagement.objects.filter(pk__in=ids)
        .select_related("organisation", "design", "venue__site")
        .first()
    )
    if engagement is None:
        raise Http404("No such engagement.")
    return engagement


def day_get_for_user(*, user: Any, pk: int) -> EngagementDay:
    """One engagement day the user runs (or administers); 404 otherwise."""
    engagements = _engagements_for_user(user=user).values("pk")
    day = (
        EngagementDay.objects.filter(pk=pk, engagement_id__in=engagements)
        .select_related("engagement__organisation", "engagement__design", "engagement__venue__site")
        .first()
    )
    if day is None:
        raise Http404("No such day.")
    return day


def day_get_for_scan(*, pk: int) -> EngagementDay | None:
    """The day an attendee's scan names (its code is checked separately)."""
    return (
        EngagementDay.objects.filter(pk=pk)
        .exclude(engagement__status=Engagement.Status.CANCELLED)
        .select_related("engagement__organisation")
        .first()
    )


def day_list_for_user(*, user: Any, around: dt.date | None = None) -> QuerySet[EngagementDay]:
    """The user's training days from a week before to a week after `around` (today)."""
    today = around or timezone.localdate()
    engagements = _engagements_for_user(user=user).values("pk")
    return (
        EngagementDay.objects.filter(
            engagement_id__in=engagements,
            date__gte=today - dt.timedelta(days=7),
            date__lte=today + dt.timedelta(days=7),
        )
        .select_related("engagement__organisation", "engagement__venue__site")
        .order_by("date", "engagement_id")
    )


def enrolments_on(*, engagement: Engagement) -> QuerySet[Enrolment]:
    """The people with a place (not the waiting list, not withdrawn), in group then name order."""
    return (
        Enrolment.objects.filter(engagement=engagement, status=Enrolment.Status.ENROLLED)
        .select_related("staff_member", "group")
        .order_by("group__number", "staff_member__last_name", "staff_member__first_name", "pk")
    )


def enrolment_get_on(*, engagement: Engagement, pk: int) -> Enrolment:
    enrolment = enrolments_on(engagement=engagement).filter(pk=pk).first()
    if enrolment is None:
        raise Http404("No such person on this course.")
    return enrolment


def enrolment_for_attendee(*, staff_member_id: int, engagement_id: int) -> Enrolment | None:
    """The attendee's place on the engagement, if they have one."""
    return Enrolment.objects.filter(
        staff_member_id=staff_member_id,
        engagement_id=engagement_id,
        status=Enrolment.Status.ENROLLED,
    ).first()


def flagged_enrolment_ids(*, engagement: Engagement) -> set[int]:
    """Who to talk to before practice: only the flag is read, never the answers."""
    return set(
        HealthScreening.objects.filter(enrolment__engagement=engagement, flagged=True).values_list(
            "enrolment_id", flat=True
        )
    )


@dataclass(frozen=True)
class RegisterRow:
    enrolment: Enrolment
    attendance: Attendance | None
    flagged: bool

    @property
    def needs_confirming(self) -> bool:
        return self.attendance is not None and self.attendance.confirmed_at is None


@dataclass(frozen=True)
class Register:
    day: EngagementDay
    rows: list[RegisterRow]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def to_confirm(self) -> int:
        return sum(1 for row in self.rows if row.needs_confirming)


def register_for_day(*, day: EngagementDay) -> Register:
    """Everyone with a place, their sign-in (if any) and the screening flag, in three queries."""
    enrolments = list(enrolments_on(engagement=day.engagement))
    attendance = {
        a.enrolment_id: a for a in Attendance.objects.filter(day=day).select_related("confirmed_by")
    }
    flagged = flagged_enrolment_ids(engagement=day.engagement)
    rows = [RegisterRow(e, attendance.get(e.pk), e.pk in flagged) for e in enrolments]
    counts = {"people": len(rows), "signed_in": 0, "absent": 0, "not_yet": 0}
    for row in rows:
        if row.attendance is None:
            counts["not_yet"] += 1
        elif row.attendance.status == Attendance.Status.ABSENT:
            counts["absent"] += 1
        else:
            counts["signed_in"] += 1
    return Register(day=day, rows=rows, counts=counts)


def signed_in_count(*, day: EngagementDay) -> int:
    return Attendance.objects.filter(day=day).exclude(status=Attendance.Status.ABSENT).count()


def techniques_for(*, engagement: Engagement) -> list[Technique]:
    """The techniques taught: those of the design version's modules (their current catalogue
    versions), in the course's module order, each once."""
    version = CourseDesignVersion.objects.filter(
        design_id=engagement.design_id, number=engagement.design_version
    ).first()
    codes = [m["code"] for m in ((version.course if version else None) or {}).get("modules", [])]
    if not codes:
        return []
    order = {code: i for i, code in enumerate(codes)}
    versions = (
        ModuleVersion.objects.current()
        .filter(module__code__in=codes)
        .select_related("module")
        .prefetch_related("techniques")
    )
    seen: dict[int, Technique] = {}
    for module_version in sorted(versions, key=lambda v: order[v.module.code]):
        for technique in sorted(module_version.techniques.all(), key=lambda t: t.position):
            seen.setdefault(technique.pk, technique)
    return list(seen.values())


def competence_for(*, enrolment: Enrolment) -> dict[int, CompetenceRecord]:
    """The person's recorded results, by technique id."""
    return {r.technique_id: r for r in CompetenceRecord.objects.filter(enrolment=enrolment)}


@dataclass(frozen=True)
class CompetenceRow:
    enrolment: Enrolment
    recorded: int
    flagged: bool


def competence_overview(*, engagement: Engagement, techniques: int) -> list[CompetenceRow]:
    """Per person: how many techniques have a result, the outcome and the screening flag."""
    enrolments = list(enrolments_on(engagement=engagement))
    counts: dict[int, int] = {}
    for enrolment_id in CompetenceRecord.objects.filter(enrolment__in=enrolments).values_list(
        "enrolment_id", flat=True
    ):
        counts[enrolment_id] = counts.get(enrolment_id, 0) + 1
    flagged = flagged_enrolment_ids(engagement=engagement)
    return [
        CompetenceRow(e, min(counts.get(e.pk, 0), techniques), e.pk in flagged) for e in enrolments
    ]


def training_incident_list_for_user(
    *, user: Any, engagement: Engagement | None = None
) -> QuerySet[TrainingIncident]:
    """Incidents in training the user may read: the engagement's (its trainers and admins), or
    with no engagement every one of the admin's provider."""
    if engagement is not None:
        incidents = TrainingIncident.objects.filter(engagement=engagement)
    elif has_role(user, Role.PROVIDER_ADMIN):
        incidents = TrainingIncident.objects.filter(
            engagement_id__in=_engagements_for_user(user=user).values("pk")
        )
    else:
        return TrainingIncident.objects.none()
    return incidents.select_related(
        "engagement__organisation", "reported_by", "day"
    ).prefetch_related("people__staff_member")
