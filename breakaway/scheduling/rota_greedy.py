"""The plan a careful person would make by hand: date order, nearest free trainers first.

It is the baseline the optimiser is measured against, and its plan seeds the exact search.
"""

from __future__ import annotations

from collections import defaultdict

from breakaway.scheduling.rota_instance import Instance


class Ledger:
    """Who works which days, and how many days in each ISO week, as a plan is built."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.busy: dict[int, set] = defaultdict(set)
        self.week_days: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)

    def fits(self, t: int, j: int) -> bool:
        engagement = self.instance.engagements[j]
        if any(day in self.busy[t] for day in engagement.days):
            return False
        limit = self.instance.trainers[t].max_days_per_week
        return all(
            self.week_days[(t, week)] + count <= limit for week, count in engagement.weeks.items()
        )

    def book(self, t: int, j: int) -> None:
        engagement = self.instance.engagements[j]
        self.busy[t].update(engagement.days)
        for week, count in engagement.weeks.items():
            self.week_days[(t, week)] += count


def greedy_plan(instance: Instance) -> dict[int, list[int]]:
    """Engagement index -> trainer indexes, for the engagements it could staff in full.

    Fixed trainers are booked first and their engagements filled before the rest; an
    engagement whose fixed trainers cannot all be booked is left out (the exact solver
    reports that as infeasible).
    """
    ledger = Ledger(instance)
    index = instance.trainer_index()
    plan: dict[int, list[int]] = {}
    order = sorted(
        range(len(instance.engagements)),
        key=lambda j: (instance.engagements[j].days[0], instance.engagements[j].id),
    )
    fixed_of: dict[int, list[int]] = {}
    for j in order:
        fixed = [index[trainer_id] for trainer_id in instance.engagements[j].fixed]
        eligible = set(instance.eligible[j])
        if fixed and all(t in eligible for t in fixed):
            fits = []
            for t in fixed:
                if not ledger.fits(t, j):
                    break
                ledger.book(t, j)
                fits.append(t)
            if len(fits) == len(fixed):
                fixed_of[j] = fixed
            else:
                _unbook(ledger, fits, j)
    # Engagements with fixed trainers are filled first: they must be covered.
    for j in sorted(order, key=lambda j: j not in fixed_of):
        engagement = instance.engagements[j]
        if engagement.fixed and j not in fixed_of:
            continue  # its fixed trainers cannot be kept; the exact solver says why
        chosen: list[int] = list(fixed_of.get(j, []))
        for t in sorted(instance.eligible[j], key=lambda t: (instance.cost[(t, j)], t)):
            if len(chosen) == engagement.trainers_needed:
                break
            if t not in chosen and ledger.fits(t, j):
                chosen.append(t)
                ledger.book(t, j)  # booking at once keeps the days check honest
        if len(chosen) == engagement.trainers_needed:
            plan[j] = chosen
        else:
            # Fixed trainers stay booked (they are kept as given); the others are released.
            _unbook(ledger, chosen[len(fixed_of.get(j, [])) :], j)
    return plan


def _unbook(ledger: Ledger, trainers: list[int], j: int) -> None:
    engagement = ledger.instance.engagements[j]
    for t in trainers:
        ledger.busy[t].difference_update(engagement.days)
        for week, count in engagement.weeks.items():
            ledger.week_days[(t, week)] -= count
