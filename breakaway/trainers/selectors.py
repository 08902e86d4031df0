"""Reads of trainer records, always through the user asking (tenancy), and the rota's facts.

Provider administrators see their own provider's trainers; a trainer sees only their own
records. Anything else answers 404, including another provider's trainer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from breakaway.accounts.models import Invitation, Organisation, Role, User
from breakaway.accounts.roles import standing
from breakaway.catalogue.models import ModuleVersion
from breakaway.trainers.models import (
    CpdEntry,
    Qualification,
    Trainer,
    TrainerQuerySet,
    Unavailability,
    year_window,
)

# A qualification within this many days of its expiry is flagged as expiring soon.
EXPIRING_SOON_DAYS = 60
NEVER = "9999-12-31"


def admin_provider_ids(user: Any) -> frozenset[int]:
    """The providers where the user is an administrator (every provider for a superuser)."""
    who = standing(user)
    if getattr(user, "is_superuser", False):
        return who.provider_ids
    return frozenset(m.organisation_id for m in who.memberships if m.role == Role.PROVIDER_ADMIN)


def trainer_list_for_user(*, user: Any) -> TrainerQuerySet:
    """The trainers of the providers the user administers; nobody else sees the list."""
    return Trainer.objects.filter(provider_id__in=admin_provider_ids(user)).select_related(
        "user", "provider"
    )


def trainer_get_for_user(*, user: Any, pk: int) -> Trainer:
    """One trainer the user administers; 404 for any other."""
    trainer = trainer_list_for_user(user=user).filter(pk=pk).first()
    if trainer is None:
        raise Http404("No such trainer.")
    return trainer


def trainer_get_own(*, user: Any) -> Trainer | None:
    """The signed-in person's own training profile, if they have one."""
    return Trainer.objects.select_related("user", "provider").filter(user=user).first()


def _visible(queryset: QuerySet[Any], user: Any, trainer_path: str) -> QuerySet[Any]:
    """Rows of trainers the user administers, or of the user's own profile."""
    return queryset.filter(
        Q(**{f"{trainer_path}__provider_id__in": admin_provider_ids(user)})
        | Q(**{f"{trainer_path}__user": user})
    )


def qualification_get_for_user(*, user: Any, pk: int) -> Qualification:
    """A qualification of a trainer the user administers, or the user's own; else 404."""
    found = (
        _visible(Qualification.objects.all(), user, "trainer")
        .select_related("trainer__user", "trainer__provider", "type", "verified_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such qualification.")
    return found


def cpd_entry_get_for_user(*, user: Any, pk: int) -> CpdEntry:
    """A CPD entry of a trainer the user administers, or the user's own; else 404."""
    found = (
        _visible(CpdEntry.objects.all(), user, "trainer")
        .select_related("trainer__user", "trainer__provider")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such CPD entry.")
    return found


def unavailability_get_for_user(*, user: Any, pk: int) -> Unavailability:
    """Leave or blocked dates of a trainer the user administers, or the user's own; else 404."""
    found = (
        _visible(Unavailability.objects.all(), user, "trainer")
        .select_related("trainer__user", "trainer__provider")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such dates.")
    return found


# Status: expired, expiring soon, CPD short ------------------------------------------------


@dataclass
class TrainerWarnings:
    expired: list[Qualification] = field(default_factory=list)
    expiring: list[Qualification] = field(default_factory=list)
    unverified: list[Qualification] = field(default_factory=list)
    cpd_hours: Decimal = Decimal(0)
    cpd_required: Decimal = Decimal(0)

    @property
    def cpd_short(self) -> bool:
        return self.cpd_hours < self.cpd_required

    @property
    def cpd_hours_missing(self) -> Decimal:
        return max(Decimal(0), self.cpd_required - self.cpd_hours)

    @property
    def any(self) -> bool:
        return bool(self.expired or self.expiring or self.unverified or self.cpd_short)


def _expiry_key(q: Qualification) -> datetime.date:
    return q.expires_on or datetime.date.max


def qualification_states(
    qualifications: Iterable[Qualification], today: datetime.date
) -> list[Qualification]:
    """Set `state` (expired, expiring, in_date) and `is_superseded` on each qualification.

    A qualification is superseded when the trainer holds a later one of the same type: a
    renewed first-aid certificate makes the lapsed one history, not a warning.
    """
    items = list(qualifications)
    latest: dict[int, Qualification] = {}
    for q in items:
        if q.type_id not in latest or _expiry_key(q) > _expiry_key(latest[q.type_id]):
            latest[q.type_id] = q
    for q in items:
        days = q.days_left(today)
        q.state = (  # type: ignore[attr-defined]
            "expired"
            if days is not None and days < 0
            else "expiring"
            if days is not None and days <= EXPIRING_SOON_DAYS
            else "in_date"
        )
        q.days_left_today = days  # type: ignore[attr-defined]
        q.is_superseded = latest[q.type_id] is not q  # type: ignore[attr-defined]
    return items


def trainer_warnings(trainer: Trainer, today: datetime.date) -> TrainerWarnings:
    """What needs attention, from prefetched qualifications and the `cpd_hours` annotation."""
    warnings = TrainerWarnings(
        cpd_hours=getattr(trainer, "cpd_hours", Decimal(0)) or Decimal(0),
        cpd_required=trainer.cpd_hours_required,
    )
    for q in qualification_states(trainer.qualifications.all(), today):
        if q.is_superseded:  # type: ignore[attr-defined]
            continue
        if q.state == "expired":  # type: ignore[attr-defined]
            warnings.expired.append(q)
        elif q.state == "expiring":  # type: ignore[attr-defined]
            warnings.expiring.append(q)
        if not q.is_verified:
            warnings.unverified.append(q)
    return warnings


def _with_qualifications(queryset: QuerySet[Trainer]) -> QuerySet[Trainer]:
    return queryset.prefetch_related(
        Prefetch("qualifications", queryset=Qualification.objects.select_related("type"))
    )


def trainer_list_with_warnings(*, user: Any, today: datetime.date) -> QuerySet[Trainer]:
    """The user's trainers with CPD hours and qualifications loaded: three queries a page."""
    return _with_qualifications(trainer_list_for_user(user=user).with_cpd_hours(today))


def trainer_members_without_profile(*, provider: Organisation) -> QuerySet[User]:
    """Trainer members of the provider who have no training profile yet."""
    return User.objects.filter(
        memberships__organisation=provider,
        memberships__role=Role.TRAINER,
        trainer_profile__isnull=True,
    ).order_by("full_name", "email")


def trainer_invitations_pending(*, provider: Organisation) -> QuerySet[Invitation]:
    """Trainer invitations not yet accepted and not expired."""
    return Invitation.objects.filter(
        organisation=provider,
        role=Role.TRAINER,
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


@dataclass
class ModuleFit:
    code: str
    title: str
    missing: list[str]


def trainer_module_fit(trainer: Trainer) -> list[ModuleFit]:
    """The modules the trainer may teach, and any qualification a module needs they lack."""
    held = {q.type.name for q in trainer.qualifications.all()}
    versions = (
        ModuleVersion.objects.current()
        .filter(module__in=trainer.modules.all())
        .select_related("module")
        .order_by("module__position", "module__code")
    )
    return [
        ModuleFit(
            code=v.module.code,
            title=v.title,
            missing=[name for name in v.trainer_qualifications if name not in held],
        )
        for v in versions
    ]


def trainer_profile_context(trainer: Trainer, today: datetime.date) -> dict[str, Any]:
    """Everything a trainer's page shows: qualifications with status, CPD, dates away."""
    trainer = _with_qualifications(Trainer.objects.with_cpd_hours(today)).get(pk=trainer.pk)
    start, _end = year_window(today)
    return {
        "trainer": trainer,
        "today": today,
        "warnings": trainer_warnings(trainer, today),
        "qualifications": qualification_states(trainer.qualifications.all(), today),
        "cpd_entries": list(trainer.cpd_entries.all()[:50]),
        "cpd_window_start": start,
        "unavailability": list(trainer.unavailability.filter(ends_on__gte=today)),
        "modules": trainer_module_fit(trainer),
    }


# The rota ------------------------------------------------------------------------------------


def _unavailable_days(trainer: Trainer, start: datetime.date, end: datetime.date) -> list[str]:
    away: set[datetime.date] = set()
    for period in trainer.unavailability.all():  # prefetched: only periods touching the range
        day = max(period.starts_on, start)
        while day <= min(period.ends_on, end):
            away.add(day)
            day += datetime.timedelta(days=1)
    working = set(trainer.working_days)
    day = start
    while day <= end:
        if day.weekday() not in working:
            away.add(day)
        day += datetime.timedelta(days=1)
    return [d.isoformat() for d in sorted(away)]


def _latest_by_type(qualifications: Iterable[Qualification]) -> list[dict[str, str]]:
    latest: dict[str, datetime.date] = {}
    for q in qualifications:
        expiry = _expiry_key(q)
        if q.type.code not in latest or expiry > latest[q.type.code]:
            latest[q.type.code] = expiry
    return [
        {"type": code, "expires_on": NEVER if expiry == datetime.date.max else expiry.isoformat()}
        for code, expiry in sorted(latest.items())
    ]


def trainer_rota_facts(
    provider: Organisation,
    start: datetime.date,
    end: datetime.date,
    *,
    today: datetime.date | None = None,
) -> list[dict[str, Any]]:
    """The optimiser's trainer records for the provider's active trainers with a home base.

    Only verified qualifications count, the latest of each type. `unavailable` lists the days
    in [start, end] on leave, blocked or outside their working days. `cpd_current` is as of
    `today`. Four queries, however many trainers.
    """
    today = today or timezone.localdate()
    trainers = (
        Trainer.objects.filter(
            provider=provider,
            is_active=True,
            base_lat__isnull=False,
            base_lon__isnull=False,
        )
        .select_related("user")
        .with_cpd_hours(today)
        .prefetch_related(
            Prefetch(
                "qualifications",
                queryset=Qualification.objects.filter(verified_at__isnull=False).select_related(
                    "type"
                ),
            ),
            Prefetch(
                "unavailability",
                queryset=Unavailability.objects.filter(starts_on__lte=end, ends_on__gte=start),
            ),
            "modules",
        )
        .order_by("pk")
    )
    return [
        {
            "id": str(t.pk),
            "name": str(t.user),
            "base": {"lat": t.base_lat, "lon": t.base_lon},
            "qualifications": _latest_by_type(t.qualifications.all()),
            "unavailable": _unavailable_days(t, start, end),
            "max_days_per_week": t.max_days_per_week,
            "modules": sorted(m.code for m in t.modules.all()),
            "cpd_current": t.cpd_hours >= t.cpd_hours_required,  # type: ignore[attr-defined]
        }
        for t in trainers
    ]
