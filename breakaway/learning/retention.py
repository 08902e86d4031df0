"""Retention, from refresher answers: how much of the course people still know as time since
it passes. Pure Python over plain rows, so the client's, the provider's and the impact
report's views all count the same way.

- `retention_curve`: share right per period since the course (30-day months by default).
- `retention_by_group`: the same curve per team (or any grouping).
- `items_most_forgotten`: per item, how often it was missed, worst first.
- `answer_streak`: refreshers answered in a row, counting back from the latest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

MONTH_DAYS = 30


@dataclass(frozen=True)
class RetentionPoint:
    period: int  # 0: the first period after the course (days 0 to period_days - 1)
    answered: int
    correct: int

    @property
    def share(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def retention_curve(
    rows: Iterable[tuple[int, bool]], *, period_days: int = MONTH_DAYS
) -> list[RetentionPoint]:
    """(days since the course, right?) rows → one point per period that has answers, in order."""
    if period_days < 1:
        raise ValueError("period_days must be at least 1")
    answered: dict[int, int] = defaultdict(int)
    correct: dict[int, int] = defaultdict(int)
    for days, right in rows:
        if days < 0:
            raise ValueError("an answer cannot come before the course")
        period = days // period_days
        answered[period] += 1
        correct[period] += bool(right)
    return [RetentionPoint(p, answered[p], correct[p]) for p in sorted(answered)]


def retention_by_group(
    rows: Iterable[tuple[Hashable, int, bool]], *, period_days: int = MONTH_DAYS
) -> dict[Hashable, list[RetentionPoint]]:
    """(group, days since the course, right?) rows → a curve per group."""
    grouped: dict[Hashable, list[tuple[int, bool]]] = defaultdict(list)
    for group, days, right in rows:
        grouped[group].append((days, right))
    return {
        group: retention_curve(values, period_days=period_days) for group, values in grouped.items()
    }


@dataclass(frozen=True)
class ItemFade:
    item_id: str
    answered: int
    missed: int

    @property
    def share_missed(self) -> float:
        return self.missed / self.answered if self.answered else 0.0


def items_most_forgotten(rows: Iterable[tuple[str, bool]], *, at_least: int = 1) -> list[ItemFade]:
    """(item id, right?) rows → items answered at least `at_least` times, the most often
    missed first (then the most answered, then by id, so the order is stable)."""
    answered: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    for item_id, right in rows:
        answered[item_id] += 1
        missed[item_id] += not right
    fades = [ItemFade(i, answered[i], missed[i]) for i in answered if answered[i] >= at_least]
    return sorted(fades, key=lambda f: (-f.share_missed, -f.answered, f.item_id))


def answer_streak(answered_in_order: Iterable[bool]) -> int:
    """How many refreshers in a row were answered, counting back from the latest; the
    refreshers are given oldest first, each True when it was answered."""
    streak = 0
    for answered in answered_in_order:
        streak = streak + 1 if answered else 0
    return streak
