"""Reads for engagements, venues and assignments, always through the user asking (tenancy).

Planners (provider administrators and advisors) see every engagement of their provider's
clients; a client's staff see their own organisation's; anyone else sees none (404).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Final

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404

from breakaway.accounts.models import Organisation, Role, Site
from breakaway.accounts.roles import has_role, standing
from breakaway.scheduling.eligibility import OtherWork, Reason, ineligibility_reasons, long_date
from breakaway.scheduling.models import Assignment, Engagement, EngagementDay, RotaPlan, Venue

PLANNERS: Final = (Role.PROVIDER_ADMIN, Role.ADVISOR)
# Bookings are usually made 4–6 weeks ahead; anything sooner is urgent.
URGENT_WITHIN_DAYS: Final = 28
# Assignments that put a trainer to work: a declined one does not.
WORKING: Final = (
    Assignment.Status.PROPOSED,
    Assignment.Status.PUBLISHED,
    Assignment.Status.ACCEPTED,
)
# The published rota: what trainers have been told.
PUBLISHED: Final = (Assignment.Status.PUBLISHED, Assignment.Status.ACCEPTED)
ACTIVE_ENGAGEMENT: Final = (
    Engagement.Status.TENTATIVE,
    Engagement.Status.CONFIRMED,
    Engagement.Status.DELIVERED,
    Engagement.Status.CLOSED,
)
MODULE_PREFIX: Final = "module:"


def is_planner(user: Any) -> bool:
    return has_role(user, *PLANNERS)


def provider_of(organisation: Organisation) -> Organisation | None:
    """The provider that trains this organisation (a provider training its own staff: itself)."""
    if organisation.is_provider:
        return organisation
    return organisation.provider


def planner_provider_for(*, user: Any) -> Organisation:
    """The provider a planner plans for: the first of theirs; 404 for anyone else."""
    who = standing(user)
    if not is_planner(user) or not who.provider_ids:
        raise Http404("No provider to plan for.")
    return Organisation.objects.filter(pk__in=who.provider_ids).order_by("pk").first()  # type: ignore[return-value]


def engagement_list_for_user(*, user: Any) -> QuerySet[Engagement]:
    """Engagements the user may see, with their first and last day and how many trainers are
    on them, in one query however many rows."""
    who = standing(user)
    visible = Q(organisation_id__in=who.client_ids)
    if is_planner(user):
        visible |= Q(organisation__provider_id__in=who.provider_ids) | Q(
            organisation_id__in=who.provider_ids
        )
    return (
        Engagement.objects.filter(visible)
        .select_related("organisation", "design", "venue__site")
        .annotate(
            first_day=Min("days__date"),
            last_day=Max("days__date"),
            day_count=Count("days", distinct=True),
            trainers_on=Count(
                "assignments",
                filter=Q(assignments__status__in=PUBLISHED),
                distinct=True,
            ),
        )
    )


def engagement_list_filtered(
    *, user: Any, status: str = "", month: dt.date | None = None
) -> QuerySet[Engagement]:
    """The list page's rows: by status, and by the month of the first day, soonest first."""
    engagements = engagement_list_for_user(user=user)
    if status:
        engagements = engagements.filter(status=status)
    if month is not None:
        engagements = engagements.filter(
            first_day__year=month.year,  # type: ignore[misc]
            first_day__month=month.month,
        )
    return engagements.order_by("first_day", "pk")


def engagement_get_for_user(*, user: Any, pk: int) -> Engagement:
    """One engagement the user may see, with its days and assignments; 404 otherwise."""
    engagement = (
        engagement_list_for_user(user=user)
        .select_related("organisation__provider", "quote", "created_by")
        .prefetch_related(
            "days",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("trainer__user").order_by(
                    "trainer__user__full_name"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if engagement is None:
        raise Http404("No such engagement.")
    return engagement


def is_urgent(engagement: Engagement, first_day: dt.date | None = None) -> bool:
    """Booked fewer than 28 days before its first day."""
    first = first_day or getattr(engagement, "first_day", None)
    if first is None:
        return False
    booked = engagement.created_at.date()
    return (first - booked).days < URGENT_WITHIN_DAYS


def engagement_days(engagement: Engagement) -> list[dt.date]:
    return sorted(day.date for day in engagement.days.all())


def engagement_label(engagement: Engagement, days: list[dt.date] | None = None) -> str:
    """How a person knows an engagement: the client and the first day."""
    dates = days if days is not None else engagement_days(engagement)
    when = long_date(dates[0]) if dates else "no dates yet"
    return f"{engagement.organisation.name}, {when}"


# Venues -------------------------------------------------------------------------------------


def site_list_for_user(*, user: Any) -> QuerySet[Site]:
    """Client sites the user may see, with their venue: planners every client's, client staff
    their own."""
    who = standing(user)
    visible = Q(organisation_id__in=who.client_ids)
    if has_role(user, Role.PROVIDER_ADMIN, Role.ADVISOR, Role.DESIGNER, Role.TRAINER):
        visible |= Q(organisation__provider_id__in=who.provider_ids) | Q(
            organisation_id__in=who.provider_ids
        )
    return (
        Site.objects.filter(visible)
        .select_related("organisation", "venue")
        .order_by("organisation__name", "name")
    )


def site_get_for_user(*, user: Any, pk: int) -> Site:
    site = site_list_for_user(user=user).filter(pk=pk).first()
    if site is None:
        raise Http404("No such site.")
    return site


def venue_list_for_provider(*, provider: Organisation) -> QuerySet[Venue]:
    return (
        Venue.objects.filter(
            Q(site__organisation__provider=provider) | Q(site__organisation=provider)
        )
        .select_related("site__organisation")
        .order_by("site__organisation__name", "site__name")
    )


# What an engagement needs -------------------------------------------------------------------


@dataclass(frozen=True)
class Requirements:
    """The qualification codes and module codes an engagement's trainers need."""

    qualifications: tuple[str, ...]
    modules: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)
    # Qualification labels on modules that match no qualification type a trainer can hold.
    unknown: tuple[str, ...] = ()


def requirements_for(*, engagement: Engagement) -> Requirements:
    """From the design version's modules: each module's current trainer qualifications,
    matched by name onto `trainers.QualificationType`."""
    return requirements_for_many(engagements=[engagement])[engagement.pk]


def requirements_for_many(*, engagements: list[Engagement]) -> dict[int, Requirements]:
    """`requirements_for` for many engagements in three queries."""
    from breakaway.catalogue.models import ModuleVersion
    from breakaway.courses.models import CourseDesignVersion
    from breakaway.trainers.models import QualificationType

    wanted = Q(pk__in=[])
    for engagement in engagements:
        wanted |= Q(design_id=engagement.design_id, number=engagement.design_version)
    versions = {
        (v.design_id, v.number): v
        for v in CourseDesignVersion.objects.filter(wanted).only("design_id", "number", "course")
    }
    modules_of: dict[int, list[str]] = {}
    for engagement in engagements:
        version = versions.get((engagement.design_id, engagement.design_version))
        course = version.course if version else {}
        modules_of[engagement.pk] = [m["code"] for m in (course or {}).get("modules", [])]
    codes = {code for found in modules_of.values() for code in found}
    labels_of = {
        v.module.code: list(v.trainer_qualifications or [])
        for v in ModuleVersion.objects.current()
        .filter(module__code__in=codes)
        .select_related("module")
    }
    by_name = {t.name: t.code for t in QualificationType.objects.all()}
    names = {code: name for name, code in by_name.items()}
    result: dict[int, Requirements] = {}
    for engagement in engagements:
        quals: dict[str, None] = {}
        unknown: dict[str, None] = {}
        for code in modules_of[engagement.pk]:
            for label in labels_of.get(code, []):
                if label in by_name:
                    quals[by_name[label]] = None
                else:
                    unknown[label] = None
        result[engagement.pk] = Requirements(
            qualifications=tuple(quals),
            modules=tuple(modules_of[engagement.pk]),
            labels=names,
            unknown=tuple(unknown),
        )
    return result


# Who may work it ----------------------------------------------------------------------------


def iso_week_span(days: list[dt.date]) -> tuple[dt.date, dt.date]:
    """The Monday of the first day's week to the Sunday of the last day's week."""
    first, last = min(days), max(days)
    return first - dt.timedelta(days=first.weekday()), last + dt.timedelta(days=6 - last.weekday())


def other_work_for(
    *, trainer_ids: list[int], start: dt.date, end: dt.date, exclude_engagement: int | None
) -> dict[int, list[OtherWork]]:
    """Each trainer's other working assignments with days between start and end."""
    pairs = set(
        Assignment.objects.filter(
            trainer_id__in=trainer_ids,
            status__in=WORKING,
            engagement__status__in=ACTIVE_ENGAGEMENT,
            engagement__days__date__range=(start, end),
        )
        .exclude(engagement_id=exclude_engagement or 0)
        .values_list("trainer_id", "engagement_id")
    )
    days: dict[int, tuple[str, list[dt.date]]] = {}
    for engagement_id, date, client in EngagementDay.objects.filter(
        engagement_id__in={e for _t, e in pairs}, date__range=(start, end)
    ).values_list("engagement_id", "date", "engagement__organisation__name"):
        days.setdefault(engagement_id, (client, []))[1].append(date)
    grouped = {
        (trainer_id, engagement_id): days[engagement_id]
        for trainer_id, engagement_id in pairs
        if engagement_id in days
    }
    work: dict[int, list[OtherWork]] = defaultdict(list)
    for (trainer_id, engagement_id), (client, dates) in grouped.items():
        dates = sorted(dates)
        work[trainer_id].append(
            OtherWork(
                engagement=f"{client}, from {long_date(dates[0])}",
                dates=tuple(dates),
                engagement_id=str(engagement_id),
            )
        )
    return work


@dataclass(frozen=True)
class Candidate:
    """A trainer and whether they may work the engagement (no reasons: eligible)."""

    id: int
    name: str
    reasons: tuple[Reason, ...]
    assigned: bool = False
    declined: bool = False

    @property
    def eligible(self) -> bool:
        return not self.reasons and not self.declined

    @property
    def clashes(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.kind == "clash")


def trainer_facts(*, provider: Organisation, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """The trainers app's facts for planning (imported late: that app may be updated apart)."""
    from breakaway.trainers.selectors import trainer_rota_facts

    return list(trainer_rota_facts(provider, start, end))


def engagement_candidates(*, engagement: Engagement) -> list[Candidate]:
    """Every active trainer of the provider, eligible ones first, each with the reasons they
    may not work this engagement."""
    provider = provider_of(engagement.organisation)
    days = engagement_days(engagement)
    if provider is None or not days:
        return []
    start, end = iso_week_span(days)
    facts = trainer_facts(provider=provider, start=start, end=end)
    needs = requirements_for(engagement=engagement)
    ids = [int(f["id"]) for f in facts]
    work = other_work_for(trainer_ids=ids, start=start, end=end, exclude_engagement=engagement.pk)
    statuses = {a.trainer_id: a.status for a in engagement.assignments.all()}
    candidates = []
    for fact in facts:
        pk = int(fact["id"])
        reasons = ineligibility_reasons(
            trainer=fact,
            days=days,
            required_qualifications=needs.qualifications,
            modules=needs.modules,
            other_work=work.get(pk, []),
            labels=needs.labels,
        )
        status = statuses.get(pk)
        candidates.append(
            Candidate(
                id=pk,
                name=str(fact.get("name") or pk),
                reasons=tuple(reasons),
                assigned=status in PUBLISHED or status == Assignment.Status.PROPOSED,
                declined=status == Assignment.Status.DECLINED,
            )
        )
    candidates.sort(key=lambda c: (not c.eligible, c.name))
    return candidates


# A trainer's own rota -----------------------------------------------------------------------


def trainer_for_user(*, user: Any) -> Any:
    """The signed-in trainer's profile (made on first use); 404 for a user who is not one."""
    from breakaway.trainers.services import trainer_ensure_for_user

    trainer = trainer_ensure_for_user(user=user)
    if trainer is None:
        raise Http404("You have no trainer profile.")
    return trainer


def rota_for_trainer(*, trainer: Any, since: dt.date) -> QuerySet[Assignment]:
    """The trainer's assignments to engagements running on or after `since`, soonest first."""
    return (
        Assignment.objects.filter(
            trainer=trainer,
            status__in=(*PUBLISHED, Assignment.Status.DECLINED),
            engagement__status__in=(Engagement.Status.TENTATIVE, Engagement.Status.CONFIRMED),
        )
        .select_related("engagement__organisation", "engagement__venue__site", "engagement__design")
        .prefetch_related("engagement__days")
        .annotate(first_day=Min("engagement__days__date"), last_day=Max("engagement__days__date"))
        .filter(last_day__gte=since)
        .order_by("first_day", "pk")
    )


def assignment_get_for_trainer(*, user: Any, pk: int) -> Assignment:
    """One of the signed-in trainer's own assignments; 404 for anyone else's."""
    assignment = (
        Assignment.objects.filter(pk=pk, trainer__user=user)
        .select_related("engagement__organisation__provider", "trainer__user")
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment


def feed_assignments(*, trainer: Any) -> QuerySet[Assignment]:
    """What the trainer's calendar shows: published and accepted work, not cancelled."""
    return (
        Assignment.objects.filter(
            trainer=trainer,
            status__in=PUBLISHED,
            engagement__status__in=ACTIVE_ENGAGEMENT,
        )
        .select_related("engagement__organisation", "engagement__venue__site", "engagement__design")
        .prefetch_related("engagement__days")
    )


# Rota plans ---------------------------------------------------------------------------------


def rota_plan_list_for_user(*, user: Any) -> QuerySet[RotaPlan]:
    who = standing(user)
    if not is_planner(user):
        return RotaPlan.objects.none()
    return RotaPlan.objects.filter(provider_id__in=who.provider_ids).select_related("created_by")


def rota_plan_get_for_user(*, user: Any, pk: int) -> RotaPlan:
    plan = rota_plan_list_for_user(user=user).filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan.")
    return plan
