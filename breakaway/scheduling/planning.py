"""From the database to the optimiser's input, and from its output to a proposal a planner reads.

The optimiser (`optimiser.plan`) knows only qualifications, dates and places. The app's other
rules are encoded as qualifications:

- a module the trainer may teach is a qualification `module:<code>` that never expires, and
  each engagement requires one for every module of its course;
- a trainer who declined an engagement must not be planned onto it again: the engagement
  requires `engagement:<id>`, which every other trainer holds;
- a trainer whose CPD is not current is left out of the input altogether.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Final

from django.db.models import Q

from breakaway.accounts.models import Organisation
from breakaway.core.geo import great_circle_miles
from breakaway.scheduling.eligibility import OtherWork, ineligibility_reasons, long_date
from breakaway.scheduling.models import Assignment, Engagement
from breakaway.scheduling.rota_instance import travel_cost
from breakaway.scheduling.selectors import (
    MODULE_PREFIX,
    PUBLISHED,
    iso_week_span,
    requirements_for_many,
    trainer_facts,
)

SETTINGS: Final = {"road_factor": 1.25, "max_day_trip_miles": 90.0, "overnight_miles": 120.0}


def rota_settings(provider: Organisation) -> dict[str, float]:
    """The optimiser's travel settings from the provider's current rate card, so the rota and
    the quote cost travel the same way: its road factor, its overnight threshold as the longest
    day trip, and a night away counted as the miles its overnight rate would pay for."""
    from breakaway.quotes.selectors import rate_card_current

    card = rate_card_current(provider=provider)
    if card is None:
        return dict(SETTINGS)
    settings = {
        "road_factor": float(card.road_factor),
        "max_day_trip_miles": float(card.overnight_threshold_miles),
        "overnight_miles": SETTINGS["overnight_miles"],
    }
    if card.mileage_rate > 0 and card.overnight_rate > 0:
        settings["overnight_miles"] = round(float(card.overnight_rate / card.mileage_rate), 1)
    return settings


NEVER: Final = "9999-12-31"
ENGAGEMENT_PREFIX: Final = "engagement:"
PLANNABLE: Final = (Engagement.Status.TENTATIVE, Engagement.Status.CONFIRMED)


@dataclass
class PlanInput:
    data: dict[str, Any]
    # {engagement id: {"trainers": [...], "days": [...], "status": ...}} for the engagements
    # the plan may change: publishing checks nothing moved since.
    basis: dict[str, Any]
    scope: list[int]
    notes: list[str] = field(default_factory=list)


def _engagements_in(
    provider: Organisation, start: dt.date, end: dt.date, extra: list[int]
) -> list[Engagement]:
    return list(
        Engagement.objects.filter(
            Q(organisation__provider=provider) | Q(organisation=provider),
        )
        .filter(Q(days__date__range=(start, end)) | Q(pk__in=extra))
        .exclude(status=Engagement.Status.CANCELLED)
        .distinct()
        .select_related("organisation", "venue__site")
        .prefetch_related("days", "assignments")
        .order_by("pk")
    )


def basis_of(engagement: Engagement) -> dict[str, Any]:
    """What publishing a plan relies on: the engagement's status, days and published trainers."""
    return {
        "status": engagement.status,
        "days": sorted(d.date.isoformat() for d in engagement.days.all()),
        "trainers": sorted(
            str(a.trainer_id) for a in engagement.assignments.all() if a.status in PUBLISHED
        ),
    }


def build_plan_input(
    *,
    provider: Organisation,
    start: dt.date,
    end: dt.date,
    keep_confirmed: bool = True,
    scope: list[int] | None = None,
    today: dt.date | None = None,
) -> PlanInput:
    """The optimiser's input for the provider's engagements in [start, end].

    Without `scope`, every tentative or confirmed engagement there is planned; with it, only
    those engagements are, and every other assignment is kept exactly as it is (each other
    engagement needs just the trainers it has). Published assignments that still keep every
    rule are passed as `fixed_trainers` when `keep_confirmed` (always, in a re-plan).
    """
    engagements = _engagements_in(provider, start, end, scope or [])
    notes: list[str] = []
    all_days = [d.date for e in engagements for d in e.days.all()]
    span = iso_week_span(all_days) if all_days else (start, end)
    facts = {f["id"]: f for f in trainer_facts(provider=provider, start=span[0], end=span[1])}
    needs = requirements_for_many(engagements=engagements)
    planned: list[Engagement] = []
    for engagement in engagements:
        in_scope = engagement.pk in scope if scope is not None else engagement.status in PLANNABLE
        if in_scope and engagement.status in PLANNABLE:
            planned.append(engagement)

    # Which published assignments can be kept: they must still keep every rule, taking the
    # trainer's other kept assignments into account.
    kept_by_trainer: dict[str, list[tuple[Engagement, list[dt.date]]]] = defaultdict(list)
    for engagement in engagements:
        for assignment in engagement.assignments.all():
            if assignment.status in PUBLISHED:
                days = sorted(d.date for d in engagement.days.all())
                kept_by_trainer[str(assignment.trainer_id)].append((engagement, days))
    fixed: dict[int, list[str]] = defaultdict(list)
    # Days a trainer is kept on work the plan does not touch: they count whatever else the
    # records now say (an assignment already made is a fact), so they are not "unavailable".
    booked_elsewhere: dict[str, set[str]] = defaultdict(set)
    for trainer_id, work in kept_by_trainer.items():
        fact = facts.get(trainer_id)
        for engagement, days in work:
            if engagement not in planned:
                if fact is not None:
                    fixed[engagement.pk].append(trainer_id)
                    booked_elsewhere[trainer_id].update(d.isoformat() for d in days)
                continue
            if not (keep_confirmed or scope is not None):
                continue
            reasons = ["They are not an active trainer with a home base."] if fact is None else []
            if fact is not None:
                need = needs[engagement.pk]
                others = [
                    OtherWork(engagement=str(e.pk), dates=tuple(d), engagement_id=str(e.pk))
                    for e, d in work
                    if e.pk != engagement.pk
                ]
                reasons = [
                    str(r)
                    for r in ineligibility_reasons(
                        trainer=fact,
                        days=days,
                        required_qualifications=need.qualifications,
                        modules=need.modules,
                        other_work=others,
                        labels=need.labels,
                    )
                ]
            if reasons:
                name = fact.get("name", trainer_id) if fact else trainer_id
                notes.append(
                    f"{name} can no longer work {engagement.organisation.name} "
                    f"from {long_date(days[0])}: {' '.join(reasons)}"
                )
                continue
            fixed[engagement.pk].append(trainer_id)

    declined: dict[int, set[str]] = defaultdict(set)
    for engagement in planned:
        for assignment in engagement.assignments.all():
            if assignment.status == Assignment.Status.DECLINED:
                declined[engagement.pk].add(str(assignment.trainer_id))

    data_engagements: list[dict[str, Any]] = []
    scoped: list[int] = []
    for engagement in engagements:
        iso_days = sorted(d.date.isoformat() for d in engagement.days.all())
        label = f"{engagement.organisation.name} (engagement {engagement.pk})"
        if not iso_days:
            notes.append(f"{label} has no days, so it was not planned.")
            continue
        if engagement.venue is None:
            notes.append(f"{label} has no venue with a map position, so it was not planned.")
            continue
        need = needs[engagement.pk]
        if engagement in planned:
            required = [*need.qualifications, *need.unknown]
            required += [MODULE_PREFIX + code for code in need.modules]
            if declined[engagement.pk]:
                required.append(f"{ENGAGEMENT_PREFIX}{engagement.pk}")
            for label_name in need.unknown:
                notes.append(
                    f"{label}: no trainer can hold “{label_name}”, which a module asks for."
                )
            needed = engagement.trainers_needed
            kept = fixed.get(engagement.pk, [])[:needed]
            scoped.append(engagement.pk)
        else:
            kept = fixed.get(engagement.pk, [])
            if not kept:
                continue
            required, needed = [], len(kept)
        entry: dict[str, Any] = {
            "id": str(engagement.pk),
            "venue": {"lat": engagement.venue.lat, "lon": engagement.venue.lon},
            "days": iso_days,
            "required_qualifications": list(dict.fromkeys(required)),
            "trainers_needed": needed,
        }
        if kept:
            entry["fixed_trainers"] = kept
        data_engagements.append(entry)

    used_ids = {t for e in data_engagements for t in e.get("fixed_trainers", [])}
    trainers = []
    for trainer_id, fact in facts.items():
        if not fact.get("cpd_current", False) and trainer_id not in used_ids:
            notes.append(f"{fact.get('name', trainer_id)} was left out: their CPD is not current.")
            continue
        qualifications = [
            {"type": q["type"], "expires_on": q.get("expires_on") or NEVER}
            for q in fact.get("qualifications") or []
        ]
        qualifications += [
            {"type": MODULE_PREFIX + code, "expires_on": NEVER}
            for code in fact.get("modules") or []
        ]
        qualifications += [
            {"type": f"{ENGAGEMENT_PREFIX}{pk}", "expires_on": NEVER}
            for pk, who in declined.items()
            if trainer_id not in who
        ]
        if not fact.get("cpd_current", False):
            # Kept only for an assignment a re-plan must not touch; plannable work needs CPD.
            qualifications = [q for q in qualifications if q["type"].startswith(ENGAGEMENT_PREFIX)]
        unavailable = [
            day for day in fact.get("unavailable") or [] if day not in booked_elsewhere[trainer_id]
        ]
        trainers.append(
            {
                "id": trainer_id,
                "base": {"lat": fact["base"]["lat"], "lon": fact["base"]["lon"]},
                "qualifications": qualifications,
                "unavailable": unavailable,
                "max_days_per_week": fact.get("max_days_per_week") or 5,
            }
        )
    lows = [min(e["days"]) for e in data_engagements]
    highs = [max(e["days"]) for e in data_engagements]
    data = {
        "horizon": {
            "start": min([start.isoformat(), *lows]),
            "end": max([end.isoformat(), *highs]),
        },
        "settings": rota_settings(provider),
        "trainers": trainers,
        "engagements": data_engagements,
    }
    basis = {str(e.pk): basis_of(e) for e in planned if e.pk in scoped}
    return PlanInput(data=data, basis=basis, scope=scoped, notes=notes)


# Reading a plan -----------------------------------------------------------------------------


def engagement_cost(data: dict[str, Any], engagement_id: str, trainer_ids: list[str]) -> float:
    """Travel cost (in miles) of these trainers working this engagement."""
    settings = {**SETTINGS, **(data.get("settings") or {})}
    engagement = next((e for e in data["engagements"] if e["id"] == engagement_id), None)
    if engagement is None:
        return 0.0
    bases = {t["id"]: t["base"] for t in data["trainers"]}
    total = 0.0
    for trainer_id in trainer_ids:
        base = bases.get(trainer_id)
        if base is None:
            continue
        miles = great_circle_miles(
            base["lat"], base["lon"], engagement["venue"]["lat"], engagement["venue"]["lon"]
        ) * float(settings["road_factor"])
        total += travel_cost(
            miles,
            len(engagement["days"]),
            overnight_miles=float(settings["overnight_miles"]),
            max_day_trip_miles=float(settings["max_day_trip_miles"]),
        )
    return total


@dataclass
class EngagementChange:
    engagement_id: str
    kept: list[str]
    added: list[str]
    removed: list[str]
    cost_before: float
    cost_after: float
    uncovered: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def proposal_changes(
    *, data: dict[str, Any], output: dict[str, Any], basis: dict[str, Any], scope: list[int]
) -> list[EngagementChange]:
    """Per engagement the plan may change: who stays, who is added, who comes off, the travel
    before and after, and why it is not covered when it is not."""
    proposed = {
        str(a["engagement"]): [str(t) for t in a["trainers"]] for a in output.get("assignments", [])
    }
    uncovered = {
        str(u["engagement"]): str(u.get("reason", "")) for u in output.get("unassigned", [])
    }
    changes = []
    for pk in scope:
        key = str(pk)
        before = list((basis.get(key) or {}).get("trainers", []))
        after = proposed.get(key, [])
        changes.append(
            EngagementChange(
                engagement_id=key,
                kept=[t for t in after if t in before],
                added=[t for t in after if t not in before],
                removed=[t for t in before if t not in after],
                cost_before=engagement_cost(data, key, before),
                cost_after=engagement_cost(data, key, after),
                uncovered=uncovered.get(key, ""),
            )
        )
    return changes
