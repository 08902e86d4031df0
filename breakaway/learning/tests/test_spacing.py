"""The spacing rules, proven over random answer histories, and worked examples."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from breakaway.learning.spacing import (
    FINAL_BUFFER_DAYS,
    MISS_INTERVAL_DAYS,
    ItemState,
    after_answer,
    due_items,
    first_state,
    last_review_day,
)

COURSE = dt.date(2027, 3, 1)

histories = st.tuples(
    st.integers(60, 3 * 365),  # days the certificate lasts
    st.lists(st.tuples(st.booleans(), st.integers(0, 20)), max_size=60),  # answers, days late
)


def _play(lasts: int, answers: list[tuple[bool, int]]):
    """Answer on each due day (or some days late); yield (before, answered_on, correct, after)."""
    expires = COURSE + dt.timedelta(days=lasts)
    state = first_state(COURSE, expires)
    for correct, late in answers:
        if state.due_on is None:
            return
        answered = min(state.due_on + dt.timedelta(days=late), last_review_day(expires))
        following = after_answer(state, answered_on=answered, correct=correct, expires_on=expires)
        yield state, answered, correct, following, expires
        state = following


@given(histories)
def test_a_right_answer_always_waits_longer_than_the_last_interval(history):
    for before, _answered, correct, after, _expires in _play(*history):
        if correct and after.due_on is not None:
            assert after.interval_days > before.interval_days


@given(histories)
def test_a_miss_comes_back_soon(history):
    for _before, answered, correct, after, _expires in _play(*history):
        if not correct and after.due_on is not None:
            assert (after.due_on - answered).days <= MISS_INTERVAL_DAYS
            assert after.streak == 0


@given(histories)
def test_nothing_is_scheduled_after_the_last_useful_day_before_expiry(history):
    for _before, answered, _correct, after, expires in _play(*history):
        if after.due_on is not None:
            assert answered < after.due_on <= expires - dt.timedelta(days=FINAL_BUFFER_DAYS)


@given(histories)
def test_an_item_rests_only_when_another_review_could_not_grow_the_interval(history):
    for before, answered, correct, after, expires in _play(*history):
        if correct and after.due_on is None:
            left = (last_review_day(expires) - answered).days
            assert left <= before.interval_days


def test_someone_who_keeps_getting_it_right_sees_it_less_and_less_often():
    expires = COURSE + dt.timedelta(days=365)
    state, day, gaps = first_state(COURSE, expires), COURSE, []
    while state.due_on is not None:
        gaps.append((state.due_on - day).days)
        day = state.due_on
        state = after_answer(state, answered_on=day, correct=True, expires_on=expires)
    assert gaps[:5] == [3, 7, 17, 43, 112]  # x2.3, x2.4, x2.5, x2.6, rounded half up
    assert day == last_review_day(expires)  # the last review lands two weeks before expiry
    assert len(gaps) == 6


def test_a_miss_resets_the_streak_and_slows_growth():
    expires = COURSE + dt.timedelta(days=365)
    state = ItemState(due_on=COURSE, interval_days=16, ease=2.5, streak=3)
    missed = after_answer(state, answered_on=COURSE, correct=False, expires_on=expires)
    assert (missed.interval_days, missed.streak, missed.lapses) == (2, 0, 1)
    assert missed.ease < state.ease


def test_due_items_are_the_most_overdue_first_and_limited():
    today = COURSE
    states = [
        ("a", ItemState(due_on=today, interval_days=3)),
        ("b", ItemState(due_on=today - dt.timedelta(days=5), interval_days=3)),
        ("c", ItemState(due_on=today + dt.timedelta(days=1), interval_days=3)),
        ("d", ItemState(due_on=None, interval_days=0)),
        ("e", ItemState(due_on=today - dt.timedelta(days=1), interval_days=3)),
    ]
    assert due_items(states, today, limit=2) == ["b", "e"]
    assert due_items(states, today, limit=10) == ["b", "e", "a"]
