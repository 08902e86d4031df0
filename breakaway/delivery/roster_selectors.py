"""Reads of rosters, always through the user asking (tenancy).

Who may see an engagement's roster: the client's administrators and managers, the provider's
office staff (administrators, advisors, designers) and the trainers assigned to it. Who may
change it: the client's administrators and managers, and the provider's sales staff.
Anyone else answers 404; a reader who may not change it gets 403 on the changing pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, Q, QuerySet
from django.http import Http404

from breakaway.accounts.models import Organisation, Role
from breakaway.accounts.roles import CLIENT_STAFF, PROVIDER_STAFF, SALES, standing
from breakaway.courses.models import CourseDesignVersion
from breakaway.delivery.models import Enrolment, StaffMember, TrainingGroup
from breakaway.delivery.selectors import StaffFilters, staff_member_list
from breakaway.scheduling.models import Assignment, Engagement

# Who sees rosters at all (trainers only those of their own engagements).
ROSTER_READERS: Final = (*PROVIDER_STAFF, *CLIENT_STAFF)
# Who builds them: the client's staff, and the provider's sales staff for their clients.
ROSTER_KEEPERS: Final = (*SALES, *CLIENT_STAFF)
# The trainer's assignments that put them on an engagement (they have been told).
ASSIGNED: Final = (Assignment.Status.PUBLISHED, Assignment.Status.ACCEPTED)
# The most people the "add from the staff list" page lists at once.
PICK_LIMIT: Final = 200


def provider_id_of(organisation: Organisation) -> int | None:
    """The provider that trains an organisation (a provider training its own staff: itself)."""
    return organisation.pk if organisation.is_provider else organisation.provider_id


def _roles_for(user: Any, engagement: Engagement) -> set[str]:
    """The user's roles that count for this engagement: in its client or in its provider."""
    who = standing(user)
    organisation = engagement.organisation
    provider_id = provider_id_of(organisation)
    roles = {
        m.role
        for m in who.memberships
        if (m.organisation_id == organisation.pk and m.role in CLIENT_STAFF)
        or (m.organisation_id == provider_id and m.role in PROVIDER_STAFF)
    }
    if getattr(user, "is_superuser", False):
        roles.add(Role.PROVIDER_ADMIN)
    return roles


def is_assigned_trainer(*, user: Any, engagement: Engagement) -> bool:
    """Whether the user trains on this engagement (published or accepted)."""
    return Assignment.objects.filter(
        engagement=engagement, trainer__user=user, status__in=ASSIGNED
    ).exists()


def _engagements() -> QuerySet[Engagement]:
    return Engagement.objects.select_related(
        "organisation__provider", "design", "venue__site"
    ).prefetch_related("days")


def roster_engagement_get_for_user(*, user: Any, pk: int, change: bool = False) -> Engagement:
    """An engagement whose roster the user may see (or, with `change`, build); 404 when they
    may not see it, 403 when they may see it but not change it."""
    engagement = _engagements().filter(pk=pk).first()
    if engagement is None:
        raise Http404("No such engagement.")
    roles = _roles_for(user, engagement)
    keeper = bool(roles & set(ROSTER_KEEPERS))
    reader = keeper or Role.DESIGNER in roles
    if not reader and Role.TRAINER in roles:
        reader = is_assigned_trainer(user=user, engagement=engagement)
    if not reader:
        raise Http404("No such engagement.")
    if change and not keeper:
        raise PermissionDenied
    return engagement


def can_change_roster(*, user: Any, engagement: Engagement) -> bool:
    return bool(_roles_for(user, engagement) & set(ROSTER_KEEPERS))


def roster_engagement_list(*, organisation: Organisation) -> QuerySet[Engagement]:
    """The organisation's engagements that are not cancelled, with their first and last days and
    how many are enrolled and waiting; soonest first (one query)."""
    return (
        Engagement.objects.filter(organisation=organisation)
        .exclude(status=Engagement.Status.CANCELLED)
        .select_related("design", "venue__site")
        .annotate(first_day=Min("days__date"), last_day=Max("days__date"))
        .order_by("first_day", "pk")
    )


def roster_counts(*, engagements: list[Engagement]) -> dict[int, dict[str, int]]:
    """{engagement id: {"enrolled", "waiting"}} for many engagements in one query."""
    counts: dict[int, dict[str, int]] = {e.pk: {"enrolled": 0, "waiting": 0} for e in engagements}
    rows = Enrolment.objects.filter(
        engagement__in=engagements,
        status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITING),
    ).values_list("engagement_id", "status")
    for engagement_id, status in rows:
        counts[engagement_id][status] += 1
    return counts


def engagement_dates(engagement: Engagement) -> list[dt.date]:
    """The engagement's days (from its prefetched days where there are some)."""
    return sorted(day.date for day in engagement.days.all())


def design_version_for(engagement: Engagement) -> CourseDesignVersion | None:
    """The version of the course design the engagement was booked with."""
    return (
        CourseDesignVersion.objects.filter(
            design_id=engagement.design_id, number=engagement.design_version
        ).first()
        or CourseDesignVersion.objects.filter(design_id=engagement.design_id)
        .order_by("-number")
        .first()
    )


@dataclass
class GroupRow:
    group: TrainingGroup
    people: list[Enrolment] = field(default_factory=list)

    @property
    def free(self) -> int:
        return max(0, self.group.capacity - len(self.people))


@dataclass
class Roster:
    engagement: Engagement
    days: list[dt.date]
    groups: list[GroupRow]
    waiting: list[Enrolment]
    withdrawn: list[Enrolment]

    @property
    def enrolled(self) -> int:
        return sum(len(row.people) for row in self.groups)

    @property
    def places(self) -> int:
        return sum(row.group.capacity for row in self.groups)

    @property
    def not_invited(self) -> list[Enrolment]:
        return [e for row in self.groups for e in row.people if e.invited_at is None]

    @property
    def without_email(self) -> list[Enrolment]:
        return [e for row in self.groups for e in row.people if not e.staff_member.email]


def roster_for(*, engagement: Engagement) -> Roster:
    """The roster: each group with its people, the waiting list in the order people joined
    it, and those withdrawn. Two queries however many people."""
    groups = list(TrainingGroup.objects.filter(engagement=engagement).order_by("number"))
    rows = {g.pk: GroupRow(group=g) for g in groups}
    waiting: list[Enrolment] = []
    withdrawn: list[Enrolment] = []
    enrolments = (
        # (Not the stand-ins that hold pseudonymised responses: they are nobody.)
        Enrolment.objects.filter(engagement=engagement, staff_member__pseudonym__isnull=True)
        .select_related("staff_member__site")
        .order_by("joined_at", "pk")
    )
    for enrolment in enrolments:
        if enrolment.status == Enrolment.Status.WITHDRAWN:
            withdrawn.append(enrolment)
        elif enrolment.status == Enrolment.Status.WAITING or enrolment.group_id not in rows:
            waiting.append(enrolment)
        else:
            rows[enrolment.group_id].people.append(enrolment)  # type: ignore[index]
    for row in rows.values():
        row.people.sort(key=lambda e: (e.staff_member.last_name, e.staff_member.first_name, e.pk))
    return Roster(
        engagement=engagement,
        days=engagement_dates(engagement),
        groups=[rows[g.pk] for g in groups],
        waiting=waiting,
        withdrawn=withdrawn,
    )


def roster_candidates(
    *, engagement: Engagement, filters: StaffFilters
) -> tuple[list[StaffMember], int]:
    """People on the client's current staff list not already on this roster, filtered; at most
    PICK_LIMIT of them, and how many matched in all."""
    on_roster = Enrolment.objects.filter(engagement=engagement).exclude(
        status=Enrolment.Status.WITHDRAWN
    )
    people = staff_member_list(organisation=engagement.organisation, filters=filters).exclude(
        Q(pk__in=on_roster.values("staff_member_id"))
    )
    return list(people[:PICK_LIMIT]), people.count()


def enrolment_get_for_user(*, user: Any, pk: int) -> Enrolment:
    """One place on a roster the user may change (404 / 403 as for the roster itself)."""
    enrolment = Enrolment.objects.select_related("staff_member", "group").filter(pk=pk).first()
    if enrolment is None:
        raise Http404("No such person on a roster.")
    engagement = roster_engagement_get_for_user(user=user, pk=enrolment.engagement_id, change=True)
    enrolment.engagement = engagement
    return enrolment


def group_get_for_user(*, user: Any, pk: int) -> TrainingGroup:
    """One group of a roster the user may change."""
    group = TrainingGroup.objects.filter(pk=pk).first()
    if group is None:
        raise Http404("No such group.")
    group.engagement = roster_engagement_get_for_user(
        user=user, pk=group.engagement_id, change=True
    )
    return group
