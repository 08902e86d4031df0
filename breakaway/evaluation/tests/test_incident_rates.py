"""Incidents per 100 staff per month before and after the training, over equal windows."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breakaway.evaluation.incident_rates import (
    CAVEATS,
    add_months,
    incident_rate_change,
    month_key,
    months_between,
)
from breakaway.evaluation.statistics import rate_ratio

TRAINING = dt.date(2025, 6, 15)


def _months(first: str, count: int) -> list[str]:
    return [add_months(first, k) for k in range(count)]


def test_equal_windows_leave_out_the_training_month_and_use_the_shorter_side():
    counts = {m: 10 for m in _months("2024-01", 24)}
    change = incident_rate_change(
        monthly_incidents=counts,
        staff=200,
        training_on=TRAINING,
        covered_from=dt.date(2024, 1, 3),
        covered_to=dt.date(2025, 10, 20),
    )
    assert change.is_ok
    # June 2025 is the training month; July to October is 4 months after, so 4 before too.
    assert change.months == 4
    assert (change.before_from, change.before_to) == ("2025-02", "2025-05")
    assert (change.after_from, change.after_to) == ("2025-07", "2025-10")
    assert change.months_available_before == 12
    assert change.incidents_before == change.incidents_after == 40
    assert change.rate_before == pytest.approx(5.0)  # 10 incidents / 200 staff × 100
    assert change.ratio == pytest.approx(1.0)


def test_windows_are_at_most_twelve_months_by_default():
    counts = {m: 3 for m in _months("2022-01", 60)}
    change = incident_rate_change(
        monthly_incidents=counts,
        staff=100,
        training_on=TRAINING,
        covered_from=dt.date(2022, 1, 1),
        covered_to=dt.date(2026, 12, 31),
    )
    assert change.months == 12
    assert len(change.series) == 24


def test_a_fall_in_incidents_gives_a_ratio_below_one_with_its_poisson_interval():
    counts = {**{m: 20 for m in _months("2024-06", 12)}, **{m: 10 for m in _months("2025-07", 12)}}
    change = incident_rate_change(
        monthly_incidents=counts,
        staff=400,
        training_on=TRAINING,
        covered_from=dt.date(2024, 6, 1),
        covered_to=dt.date(2026, 6, 30),
    )
    ratio, ci = rate_ratio(240, 4800, 120, 4800)  # type: ignore[misc]
    assert change.ratio == pytest.approx(ratio) == pytest.approx(0.5)
    assert change.ratio_ci95 == pytest.approx(ci)
    assert "50% lower" in change.finding
    assert "95% CI 0.40 to 0.62" in change.finding
    assert "consistent with no real change" not in change.finding


def test_an_interval_including_one_is_called_consistent_with_no_change():
    counts = {"2025-03": 3, "2025-04": 2, "2025-05": 4, "2025-07": 2, "2025-08": 3, "2025-09": 2}
    change = incident_rate_change(
        monthly_incidents=counts,
        staff=50,
        training_on=TRAINING,
        covered_from=dt.date(2025, 3, 1),
        covered_to=dt.date(2025, 9, 30),
    )
    assert change.months == 3
    assert "consistent with no real change" in change.finding


def test_a_short_side_is_named_and_no_comparison_is_made():
    change = incident_rate_change(
        monthly_incidents={"2025-05": 4},
        staff=100,
        training_on=TRAINING,
        covered_from=dt.date(2024, 1, 1),
        covered_to=dt.date(2025, 8, 1),
    )
    assert change.status == "too_short"
    assert change.ratio is None
    assert "2 full months after it" in change.message
    assert "before the training" not in change.message


def test_no_log_and_no_staff_say_why():
    no_log = incident_rate_change(
        monthly_incidents={}, staff=10, training_on=TRAINING, covered_from=None, covered_to=None
    )
    assert no_log.status == "no_log"
    no_staff = incident_rate_change(
        monthly_incidents={"2025-01": 3},
        staff=0,
        training_on=TRAINING,
        covered_from=dt.date(2024, 1, 1),
        covered_to=dt.date(2026, 1, 1),
    )
    assert no_staff.status == "no_staff"
    assert "headcount" in no_staff.message


def test_no_incidents_on_one_side_gives_rates_but_no_ratio():
    change = incident_rate_change(
        monthly_incidents={"2025-01": 6},
        staff=100,
        training_on=TRAINING,
        covered_from=dt.date(2024, 1, 1),
        covered_to=dt.date(2026, 1, 1),
    )
    assert change.is_ok
    assert change.rate_after == 0
    assert change.ratio is None
    assert "cannot be worked out" in change.finding


def test_staff_may_change_month_by_month():
    staff = {m: 100 if m < "2025-06" else 200 for m in _months("2025-01", 12)}
    counts = {m: 5 for m in _months("2025-01", 12)}
    change = incident_rate_change(
        monthly_incidents=counts,
        staff=staff,
        training_on=TRAINING,
        covered_from=dt.date(2025, 1, 1),
        covered_to=dt.date(2025, 11, 30),
    )
    assert change.rate_before == pytest.approx(5.0)
    assert change.rate_after == pytest.approx(2.5)


def test_the_caveats_name_trends_reporting_and_regression_to_the_mean():
    text = " ".join(CAVEATS)
    for words in ("rising or falling", "reporting", "regression to the mean"):
        assert words in text


def test_month_arithmetic():
    assert add_months("2025-12", 1) == "2026-01"
    assert add_months("2025-01", -1) == "2024-12"
    assert months_between("2024-11", "2025-02") == 4
    assert months_between("2025-02", "2024-11") == 0
    assert month_key(dt.date(2025, 3, 31)) == "2025-03"


days = st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31))


@given(
    training=days,
    start=days,
    end=days,
    counts=st.lists(st.integers(0, 40), min_size=1, max_size=30),
    staff=st.integers(0, 5000),
    max_months=st.integers(1, 24),
)
def test_properties_hold_for_any_log(training, start, end, counts, staff, max_months):
    first = month_key(start)
    monthly = {add_months(first, k): n for k, n in enumerate(counts)}
    change = incident_rate_change(
        monthly_incidents=monthly,
        staff=staff,
        training_on=training,
        covered_from=start,
        covered_to=end,
        max_months=max_months,
        min_months=1,
    )
    if start > end:
        assert change.status == "no_log"
        return
    if change.status == "too_short":
        assert min(change.months_available_before, change.months_available_after) < 1
        assert change.message
        return
    # Equal windows, never longer than asked, never over the training month.
    assert 1 <= change.months <= max_months
    before = [m for m in change.series if m.side == "before"]
    after = [m for m in change.series if m.side == "after"]
    assert len(before) == len(after) == change.months
    assert all(m.month < month_key(training) < n.month for m in before for n in after)
    assert all(month_key(start) <= m.month <= month_key(end) for m in change.series)
    assert change.incidents_before == sum(m.incidents for m in before)
    if change.status == "no_staff":
        assert staff == 0
        return
    assert change.rate_before is not None
    assert change.rate_after is not None
    assert change.rate_before >= 0
    assert change.rate_after >= 0
    if change.ratio is not None:
        lo, hi = change.ratio_ci95  # type: ignore[misc]
        assert 0 < lo <= change.ratio <= hi
        assert math.isclose(change.ratio, change.rate_after / change.rate_before)
        assert change.finding
    else:
        assert 0 in (change.incidents_before, change.incidents_after)
