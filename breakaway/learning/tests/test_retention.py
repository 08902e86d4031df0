"""Retention figures from refresher answers: examples, and properties over random answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breakaway.learning.retention import (
    RetentionPoint,
    answer_streak,
    items_most_forgotten,
    retention_by_group,
    retention_curve,
)

answers = st.lists(st.tuples(st.integers(0, 1200), st.booleans()), max_size=200)


def test_a_curve_counts_right_answers_per_month_since_the_course():
    rows = [(0, True), (29, False), (30, True), (31, True), (95, False)]
    assert retention_curve(rows) == [
        RetentionPoint(0, 2, 1),
        RetentionPoint(1, 2, 2),
        RetentionPoint(3, 1, 0),
    ]
    assert [p.share for p in retention_curve(rows)] == [0.5, 1.0, 0.0]


def test_periods_can_be_weeks_and_bad_input_is_refused():
    assert retention_curve([(6, True), (7, False)], period_days=7) == [
        RetentionPoint(0, 1, 1),
        RetentionPoint(1, 1, 0),
    ]
    with pytest.raises(ValueError, match="period_days"):
        retention_curve([], period_days=0)
    with pytest.raises(ValueError, match="before the course"):
        retention_curve([(-1, True)])


@given(answers, st.integers(1, 120))
def test_a_curve_keeps_every_answer_once_in_order(rows, period_days):
    curve = retention_curve(rows, period_days=period_days)
    assert sum(p.answered for p in curve) == len(rows)
    assert sum(p.correct for p in curve) == sum(right for _days, right in rows)
    assert [p.period for p in curve] == sorted({days // period_days for days, _r in rows})
    assert all(0 <= p.correct <= p.answered and 0.0 <= p.share <= 1.0 for p in curve)


@given(st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 400), st.booleans())))
def test_team_curves_add_up_to_the_whole(rows):
    by_team = retention_by_group(rows)
    whole = retention_curve((days, right) for _team, days, right in rows)
    for point in whole:
        parts = [p for curve in by_team.values() for p in curve if p.period == point.period]
        assert sum(p.answered for p in parts) == point.answered
        assert sum(p.correct for p in parts) == point.correct


def test_the_most_forgotten_item_comes_first_and_rare_items_can_be_left_out():
    rows = [("a", True), ("a", False), ("b", False), ("b", False), ("c", True), ("d", False)]
    fades = items_most_forgotten(rows, at_least=2)
    assert [(f.item_id, f.answered, f.missed) for f in fades] == [("b", 2, 2), ("a", 2, 1)]
    assert [f.item_id for f in items_most_forgotten(rows)] == ["b", "d", "a", "c"]


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.booleans())), st.integers(1, 5))
def test_forgetting_is_sorted_worst_first_and_counts_every_answer(rows, at_least):
    fades = items_most_forgotten(rows, at_least=at_least)
    shares = [f.share_missed for f in fades]
    assert shares == sorted(shares, reverse=True)
    for fade in fades:
        mine = [right for item, right in rows if item == fade.item_id]
        assert (fade.answered, fade.missed) == (len(mine), mine.count(False))
        assert fade.answered >= at_least


def test_a_streak_counts_back_from_the_latest_refresher():
    assert answer_streak([]) == 0
    assert answer_streak([True, True, False, True, True]) == 2
    assert answer_streak([True, False]) == 0


@given(st.lists(st.booleans()))
def test_a_streak_is_the_run_of_answered_refreshers_at_the_end(answered):
    streak = answer_streak(answered)
    assert answered[len(answered) - streak :] == [True] * streak
    assert streak == len(answered) or not answered[len(answered) - streak - 1]
