"""Spaced refreshers: when each person next sees each item, so that skills taught on the
course are still there when the certificate runs out (FACTS §3: confidence and skill fade
within weeks to months).

Pure Python. The rules, which the property tests prove:

1. After a right answer, the next review comes later than the last interval did: intervals
   grow (by the item's ease, at least a day) while the person keeps getting it right.
2. After a miss, the next review comes soon (`MISS_INTERVAL_DAYS`), and the item's ease drops
   so it grows back more slowly.
3. Reviews aim at the time before the certificate expires: none is ever scheduled after
   `expires_on - FINAL_BUFFER_DAYS`; when growth would pass that day, the last review is put
   on it, and once it has been reviewed there the item rests until the refresher course.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

FIRST_INTERVAL_DAYS = 3  # the first refresher, a few days after the course
MISS_INTERVAL_DAYS = 2
START_EASE = 2.2
MIN_EASE = 1.3
MAX_EASE = 3.0
EASE_UP = 0.1
EASE_DOWN = 0.3
FINAL_BUFFER_DAYS = 14  # the last review lands at least two weeks before expiry


@dataclass(frozen=True)
class ItemState:
    """Where one person stands with one item."""

    due_on: dt.date | None  # None: resting until the next course
    interval_days: int
    ease: float = START_EASE
    streak: int = 0  # right answers in a row
    reviews: int = 0
    lapses: int = 0


def last_review_day(expires_on: dt.date) -> dt.date:
    return expires_on - dt.timedelta(days=FINAL_BUFFER_DAYS)


def first_state(course_day: dt.date, expires_on: dt.date) -> ItemState:
    """A new item after the course: first due a few days later (never past the last day)."""
    due = min(course_day + dt.timedelta(days=FIRST_INTERVAL_DAYS), last_review_day(expires_on))
    if due <= course_day:
        return ItemState(due_on=None, interval_days=0)
    return ItemState(due_on=due, interval_days=(due - course_day).days)


def after_answer(
    state: ItemState, *, answered_on: dt.date, correct: bool, expires_on: dt.date
) -> ItemState:
    """The state after the person answered the item on `answered_on`."""
    final = last_review_day(expires_on)
    reviewed = replace(state, reviews=state.reviews + 1)
    due: dt.date | None
    if not correct:
        due = answered_on + dt.timedelta(days=MISS_INTERVAL_DAYS)
        if due > final:
            due = final if answered_on < final else None
        return replace(
            reviewed,
            due_on=due,
            interval_days=(due - answered_on).days if due else 0,
            ease=max(MIN_EASE, round(state.ease - EASE_DOWN, 2)),
            streak=0,
            lapses=state.lapses + 1,
        )
    # Ease kept to two places and intervals rounded half up, so a schedule never turns on the
    # last bit of a float.
    ease = min(MAX_EASE, round(state.ease + EASE_UP, 2))
    grown = max(state.interval_days + 1, math.floor(state.interval_days * ease + 0.5))
    due = answered_on + dt.timedelta(days=grown)
    if due > final:
        # Growth would pass the last useful day: review on it if that still comes later than
        # the last interval did; otherwise rest until the refresher course.
        capped = (final - answered_on).days
        due = final if capped > state.interval_days else None
        grown = capped if due else 0
    return replace(reviewed, due_on=due, interval_days=grown, ease=ease, streak=state.streak + 1)


def due_items(states: Iterable[tuple[str, ItemState]], today: dt.date, limit: int) -> list[str]:
    """The items to ask today, most overdue first (then by id), at most `limit` of them."""
    due = [(state.due_on, item) for item, state in states if state.due_on and state.due_on <= today]
    return [item for _day, item in sorted(due)[:limit]]
