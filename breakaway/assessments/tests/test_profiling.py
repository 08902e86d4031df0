"""The incident profile from counts: worked examples with exact numbers."""

from __future__ import annotations

import json
from datetime import date

import pytest

from breakaway.assessments.profiling import (
    DEFAULT_SHIFTS,
    AreaCounts,
    AreaFlashpoint,
    IncidentCounts,
    ShiftPattern,
    area_counts_from_rows,
    build_profile,
    flashpoint_table,
    is_riddor_reportable,
    months_between,
    time_band,
)
from breakaway.assessments.taxonomy import RISK_AREAS

YEAR_2023 = {"period_from": date(2023, 1, 1), "period_to": date(2023, 12, 31)}


def hours(**counts: int) -> list[int]:
    """24 hour counts from h7=3, h19=2 …"""
    result = [0] * 24
    for key, value in counts.items():
        result[int(key[1:])] = value
    return result


def simple_counts(total: int, **overrides) -> IncidentCounts:
    """Counts that are consistent: every incident on a Monday in January, time unknown."""
    values = {
        **YEAR_2023,
        "total": total,
        "unknown_time": total,
        "by_weekday": [total, 0, 0, 0, 0, 0, 0],
        "by_month": {"2023-01": total} if total else {},
    }
    values.update(overrides)
    return IncidentCounts(**values)


# ----------------------------------------------------------------------------------------
# Shifts


def test_default_shifts_split_the_hours_early_late_night():
    by_hour = hours(h6=1, h7=2, h14=3, h15=4, h22=5, h23=6, h0=7)
    counts = simple_counts(28, by_hour=by_hour, unknown_time=0)
    profile = build_profile(counts)
    # early 07–15: hours 7 and 14; late 15–23: 15 and 22; night 23–07: 23, 0 and 6.
    assert profile.by_shift == {"early": 5, "late": 9, "night": 14}
    assert profile.to_dict()["by_shift"] == {"early": 5, "late": 9, "night": 14}


def test_unknown_time_is_counted_apart_and_left_out_of_shifts():
    counts = simple_counts(10, by_hour=hours(h9=4), unknown_time=6)
    data = build_profile(counts).to_dict()
    assert data["unknown_time"] == 6
    assert sum(data["by_shift"].values()) == 4


def test_a_custom_pattern_can_cross_midnight():
    pattern = ShiftPattern.from_list(
        [
            {"name": "day", "start": "08:00", "end": "20:00"},
            {"name": "night", "start": "20:00", "end": "08:00"},
        ]
    )
    counts = simple_counts(6, by_hour=hours(h7=1, h8=2, h19=1, h20=2), unknown_time=0)
    profile = build_profile(counts, pattern)
    assert profile.by_shift == {"day": 3, "night": 3}
    assert profile.to_dict()["shifts"] == [
        {"name": "day", "start": "08:00", "end": "20:00"},
        {"name": "night", "start": "20:00", "end": "08:00"},
    ]


def test_a_pattern_given_as_a_list_to_build_profile():
    counts = simple_counts(1, by_hour=hours(h23=1), unknown_time=0)
    profile = build_profile(
        counts, [{"name": "all", "start": 0, "end": 12}, {"name": "pm", "start": 12, "end": 24}]
    )
    assert profile.by_shift == {"all": 0, "pm": 1}


@pytest.mark.parametrize(
    ("shifts", "message"),
    [
        (
            [{"name": "a", "start": "07:00", "end": "15:00"}],
            "no shift covers 00:00–07:00, 15:00–24:00",
        ),
        (
            [
                {"name": "a", "start": "00:00", "end": "13:00"},
                {"name": "b", "start": "12:00", "end": "00:00"},
            ],
            "'a' and 'b' overlap at 12:00–13:00",
        ),
        (
            [
                {"name": "a", "start": "07:30", "end": "19:30"},
                {"name": "b", "start": "19:30", "end": "07:30"},
            ],
            "on the hour",
        ),
        (
            [
                {"name": "a", "start": 0, "end": 12},
                {"name": "a", "start": 12, "end": 0},
            ],
            "a used twice",
        ),
        ([{"name": "all", "start": 7, "end": 7}], "shorter than 24 hours"),
        ([{"name": "", "start": 0, "end": 12}], "needs a name"),
        ([{"name": "x", "start": 0}], "needs a start and an end"),
        ([{"name": "x", "start": 25, "end": 1}], "between 00:00 and 24:00"),
        ([], "at least one shift"),
    ],
)
def test_invalid_shift_patterns_are_refused_with_a_clear_message(shifts, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        ShiftPattern.from_list(shifts)


def test_default_pattern_covers_the_day():
    assert sorted(h for s in DEFAULT_SHIFTS.shifts for h in s.hours()) == list(range(24))


# ----------------------------------------------------------------------------------------
# Months, trend, rate


def test_missing_months_are_filled_with_zero():
    counts = IncidentCounts(
        period_from=date(2023, 11, 15),
        period_to=date(2024, 2, 10),
        total=5,
        unknown_time=5,
        by_weekday=[5, 0, 0, 0, 0, 0, 0],
        by_month={"2023-11": 2, "2024-02": 3},
    )
    profile = build_profile(counts)
    assert profile.by_month == {"2023-11": 2, "2023-12": 0, "2024-01": 0, "2024-02": 3}
    # Least squares over x = 0..3, y = 2, 0, 0, 3: slope = (4·9 − 6·5) / (4·14 − 36) = 0.3.
    assert profile.slope_per_month == 0.3
    assert profile.to_dict()["period"] == {"from": "2023-11-15", "to": "2024-02-10", "days": 88}


def test_trend_slope_of_a_rising_series_and_change_against_the_previous_period():
    months = {f"2023-{m:02d}": 10 + 2 * (m - 1) for m in range(1, 13)}  # 10, 12, … 32
    total = sum(months.values())  # 252
    counts = simple_counts(total, by_month=months, previous_total=200)
    trend = build_profile(counts).to_dict()["trend"]
    assert trend == {"slope_per_month": 2.0, "previous_total": 200, "change_percent": 26.0}


def test_change_is_null_without_a_previous_total():
    assert build_profile(simple_counts(4, previous_total=0)).change_percent is None
    assert build_profile(simple_counts(4, previous_total=None)).change_percent is None


def test_change_can_fall_and_rounds_to_one_decimal():
    # (2 − 3) / 3 = −33.33…%
    assert build_profile(simple_counts(2, previous_total=3)).change_percent == -33.3


def test_single_month_has_no_slope():
    counts = IncidentCounts(
        period_from=date(2024, 3, 1),
        period_to=date(2024, 3, 31),
        total=1,
        unknown_time=1,
        by_weekday=[0, 0, 0, 0, 1, 0, 0],
        by_month={"2024-03": 1},
    )
    assert build_profile(counts).slope_per_month is None


def test_rate_per_100_staff_per_year():
    # 30 incidents, 200 staff, 1 Jan – 30 Jun 2023 (181 days): 30/200·100·365/181 = 30.2486…
    counts = IncidentCounts(
        period_from=date(2023, 1, 1),
        period_to=date(2023, 6, 30),
        total=30,
        unknown_time=30,
        by_weekday=[30, 0, 0, 0, 0, 0, 0],
        by_month={"2023-03": 30},
        headcount=200,
    )
    assert build_profile(counts).rate_per_100_staff_year == 30.25


def test_rate_over_a_whole_year_is_incidents_per_100_staff():
    assert build_profile(simple_counts(30, headcount=60)).rate_per_100_staff_year == 50.0


@pytest.mark.parametrize("headcount", [None, 0])
def test_rate_is_null_without_a_headcount(headcount):
    profile = build_profile(simple_counts(30, headcount=headcount))
    assert profile.to_dict()["rate_per_100_staff_year"] is None


def test_months_between_crosses_years():
    assert months_between(date(2023, 12, 31), date(2024, 1, 1)) == ["2023-12", "2024-01"]


# ----------------------------------------------------------------------------------------
# Flashpoints


def test_flashpoints_top_ten_by_count_then_name_with_shares_rounded_down():
    table = {
        ("corridor", "18-24", "physical_assault"): 6,
        ("bedroom", "00-06", "physical_assault"): 3,
        ("lounge", "12-18", "verbal_abuse"): 3,
        ("bathroom", "06-12", "physical_assault"): 0,
    }
    extra = {(f"room {i:02d}", "06-12", "verbal_abuse"): 1 for i in range(10)}
    table.update(extra)
    by_hour = hours(h20=6, h2=3, h14=3, h9=10)
    counts = simple_counts(24, by_hour=by_hour, unknown_time=2, flashpoints=table)
    flashpoints = build_profile(counts).to_dict()["flashpoints"]
    assert len(flashpoints) == 10
    assert [(f["location"], f["count"], f["share"]) for f in flashpoints[:4]] == [
        ("corridor", 6, 0.25),
        ("bedroom", 3, 0.125),
        ("lounge", 3, 0.125),
        ("room 00", 1, 0.041),  # 1/24 = 0.04166…, rounded down
    ]
    assert flashpoints[0] == {
        "location": "corridor",
        "location_label": "Corridor",
        "time_band": "18-24",
        "time_band_label": "18–24",
        "category": "physical_assault",
        "category_label": "Physical assault",
        "count": 6,
        "share": 0.25,
    }
    assert flashpoints[-1]["location"] == "room 06"


def test_flashpoint_table_folds_hours_into_bands_and_skips_unknown_times():
    rows = [
        {"location": "corridor", "hour": 18, "category": "physical_assault", "count": 2},
        {"location": "corridor", "hour": 23, "category": "physical_assault", "count": 3},
        {"location": "corridor", "hour": None, "category": "physical_assault", "count": 9},
        {"location": "Ward 3", "hour": 5, "category": "verbal_abuse", "count": 1},
    ]
    assert flashpoint_table(rows) == {
        ("corridor", "18-24", "physical_assault"): 5,
        ("Ward 3", "00-06", "verbal_abuse"): 1,
    }


@pytest.mark.parametrize(
    ("hour", "band"), [(0, "00-06"), (5, "00-06"), (6, "06-12"), (17, "12-18"), (23, "18-24")]
)
def test_time_bands(hour, band):
    assert time_band(hour) == band


@pytest.mark.parametrize("hour", [-1, 24, True])
def test_time_band_refuses_impossible_hours(hour):
    with pytest.raises(ValueError, match="0 to 23"):
        time_band(hour)


# ----------------------------------------------------------------------------------------
# Counts per risk area


def test_area_counts_from_rows():
    rows = [
        {
            "category": "physical_assault",
            "assault_form": "grab",
            "location": "corridor",
            "hour": 19,
            "harm": "low",
            "count": 4,
        },
        {
            "category": "physical_assault",
            "assault_form": "hair_pull",
            "location": "bedroom",
            "hour": 8,
            "harm": "moderate",
            "count": 3,
        },
        {
            "category": "sexual_assault",
            "assault_form": "grab",
            "location": "bedroom",
            "hour": 7,
            "harm": "",
            "count": 2,
        },
        {
            "category": "verbal_abuse",
            "assault_form": "",
            "location": "community",
            "hour": None,
            "harm": "none",
            "count": 5,
        },
    ]
    by_area = area_counts_from_rows(rows)
    assert set(by_area) == set(RISK_AREAS)
    grabs = by_area["grabs_and_holds"]
    assert grabs.count == 9
    assert grabs.harm == {"low": 4, "moderate": 3, "": 2}
    assert grabs.harm_recorded == 7
    # bedroom 06–12 has 3 + 2 = 5, corridor 18–24 has 4.
    assert grabs.top_flashpoint == AreaFlashpoint("bedroom", "06-12", 5)
    # The sexual assault recorded as a grab counts in both areas.
    assert by_area["sexual_aggression"].count == 2
    assert by_area["verbal_aggression"].count == 5
    assert by_area["verbal_aggression"].top_flashpoint is None
    assert by_area["lone_and_community_working"].count == 5
    assert by_area["strangles_and_headlocks"] == AreaCounts()


def test_area_counts_from_a_dict():
    counts = AreaCounts.from_dict(
        {
            "count": 5,
            "harm": {"low": 5},
            "top_flashpoint": {"location": "corridor", "time_band": "18-24", "count": 3},
        }
    )
    assert counts == AreaCounts(5, {"low": 5}, AreaFlashpoint("corridor", "18-24", 3))


def test_area_counts_refuse_inconsistent_numbers():
    with pytest.raises(ValueError, match="harm counts add up to more"):
        AreaCounts(2, {"low": 3})
    with pytest.raises(ValueError, match="flashpoint count is more"):
        AreaCounts(2, {}, AreaFlashpoint("x", "00-06", 3))


# ----------------------------------------------------------------------------------------
# RIDDOR


@pytest.mark.parametrize(
    ("marked", "days_lost", "harm", "expected"),
    [
        (True, None, "", True),
        (None, 8, "low", True),
        (None, 7, "moderate", False),
        (False, None, "death", True),
        (None, None, "severe", False),
        (False, 3, "none", False),
    ],
)
def test_riddor_rule(marked, days_lost, harm, expected):
    assert is_riddor_reportable(marked=marked, days_lost=days_lost, harm=harm) is expected


# ----------------------------------------------------------------------------------------
# The contract and validation


def test_to_dict_has_the_contract_keys_and_is_json():
    counts = simple_counts(
        3,
        by_category={"physical_assault": 2, "verbal_abuse": 1},
        by_location={"corridor": 3},
        by_site={"North": 3},
        by_perpetrator={"service_user": 3},
        by_assault_form={"punch": 2},
        by_harm={"low": 2, "none": 1},
        riddor_reportable=1,
        headcount=10,
        previous_total=6,
    )
    data = build_profile(counts).to_dict()
    for key in (
        "total",
        "by_category",
        "by_location",
        "by_site",
        "by_hour",
        "by_weekday",
        "by_shift",
        "by_month",
        "trend",
        "by_perpetrator",
        "by_assault_form",
        "by_harm",
        "riddor_reportable",
        "rate_per_100_staff_year",
        "flashpoints",
        "period",
        "unknown_time",
    ):
        assert key in data
    assert len(data["by_hour"]) == 24
    assert len(data["by_weekday"]) == 7
    assert list(data["by_category"]) == ["physical_assault", "verbal_abuse"]
    assert data["riddor_reportable"] == 1
    assert data["trend"]["change_percent"] == -50.0
    assert data["rate_per_100_staff_year"] == 30.0
    json.dumps(data, allow_nan=False)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"by_hour": [0] * 23}, "24 counts"),
        ({"by_weekday": [3, 0, 0, 0, 0, 0, 0, 0]}, "7 counts"),
        ({"unknown_time": 2}, "by_hour plus unknown_time"),
        ({"by_weekday": [2, 0, 0, 0, 0, 0, 0]}, "by_weekday must add up"),
        ({"by_month": {"2023-01": 2}}, "by_month must add up"),
        ({"by_month": {"2022-12": 3}}, "outside the period"),
        ({"by_month": {"2023-1": 3}}, "look like"),
        ({"by_category": {"verbal_abuse": 4}}, "more than the total"),
        ({"riddor_reportable": 4}, "riddor_reportable"),
        ({"headcount": -1}, "headcount"),
        ({"flashpoints": {("corridor", "18-20", "x"): 1}}, "time band"),
        ({"by_area": {"not_an_area": AreaCounts()}}, "Unknown risk area"),
        ({"by_area": {"grabs_and_holds": AreaCounts(4)}}, "more than the total"),
        ({"period_to": date(2022, 1, 1)}, "must not end before"),
    ],
)
def test_inconsistent_counts_are_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        simple_counts(3, **overrides)
