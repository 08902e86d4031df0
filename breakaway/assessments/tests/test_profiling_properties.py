"""Properties of the incident profile, whatever the counts.

The strategies here build consistent counts the way the SQL would: from a list of incident
kinds, each with a count (scaled up to huge numbers sometimes), so every total adds up.
`test_risk_properties` reuses them.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from breakaway.assessments.profiling import (
    TIME_BANDS,
    IncidentCounts,
    Shift,
    ShiftPattern,
    area_counts_from_rows,
    build_profile,
    flashpoint_table,
    months_between,
)
from breakaway.assessments.taxonomy import (
    ASSAULT_FORMS,
    CATEGORIES,
    HARM,
    LOCATION_TYPES,
)

CATEGORY_CODES = [t.code for t in CATEGORIES] + [""]
FORM_CODES = [t.code for t in ASSAULT_FORMS] + [""]
HARM_VALUES = [t.code for t in HARM] + ["", "unknown"]
LOCATIONS = [t.code for t in LOCATION_TYPES] + ["Ward 3", "Main reception desk", ""]


@st.composite
def incident_rows(draw, days: int):
    """Rows of a GROUP BY: incident kinds with counts, plus weekday and day offset."""
    scale = draw(st.sampled_from([1, 1, 1, 3, 1_000_000, 10**12]))
    kinds = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "category": st.sampled_from(CATEGORY_CODES),
                    "assault_form": st.sampled_from(FORM_CODES),
                    "location": st.sampled_from(LOCATIONS),
                    "hour": st.one_of(st.none(), st.integers(0, 23)),
                    "harm": st.sampled_from(HARM_VALUES),
                    "count": st.integers(1, 5),
                    "weekday": st.integers(0, 6),
                    "day": st.integers(0, days - 1),
                }
            ),
            max_size=30,
        )
    )
    for kind in kinds:
        kind["count"] *= scale
    return kinds


@st.composite
def incident_counts(draw, with_areas: bool = True):
    start = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)))
    days = draw(st.integers(1, 800))
    end = start + timedelta(days=days - 1)
    rows = draw(incident_rows(days))
    total = sum(r["count"] for r in rows)
    by_hour = [0] * 24
    by_weekday = [0] * 7
    by_month: dict[str, int] = {}
    by_category: dict[str, int] = {}
    by_harm: dict[str, int] = {}
    for r in rows:
        if r["hour"] is not None:
            by_hour[r["hour"]] += r["count"]
        by_weekday[r["weekday"]] += r["count"]
        day = start + timedelta(days=r["day"])
        key = f"{day.year:04d}-{day.month:02d}"
        by_month[key] = by_month.get(key, 0) + r["count"]
        by_category[r["category"] or "unrecorded"] = (
            by_category.get(r["category"] or "unrecorded", 0) + r["count"]
        )
        by_harm[r["harm"]] = by_harm.get(r["harm"], 0) + r["count"]
    headcount = draw(st.one_of(st.none(), st.just(0), st.integers(1, 10**7)))
    previous = draw(st.one_of(st.none(), st.just(0), st.integers(1, 10**13)))
    riddor = draw(st.integers(0, total))
    return IncidentCounts(
        period_from=start,
        period_to=end,
        total=total,
        by_category=by_category,
        by_harm=by_harm,
        by_hour=by_hour,
        unknown_time=total - sum(by_hour),
        by_weekday=by_weekday,
        by_month=by_month,
        riddor_reportable=riddor,
        flashpoints=flashpoint_table(rows),
        headcount=headcount,
        previous_total=previous,
        by_area=area_counts_from_rows(rows) if with_areas else None,
    )


@st.composite
def shift_patterns(draw):
    """Any valid pattern: cut the 24-hour circle at 1 to 24 distinct whole hours."""
    cuts = sorted(draw(st.sets(st.integers(0, 23), min_size=1, max_size=24)))
    if len(cuts) == 1:
        # One cut makes a 24-hour shift, which we refuse; cut once more.
        cuts = sorted({cuts[0], (cuts[0] + draw(st.integers(1, 23))) % 24})
    shifts = tuple(
        Shift(f"shift {i}", cuts[i], cuts[(i + 1) % len(cuts)]) for i in range(len(cuts))
    )
    return ShiftPattern(shifts)


# ----------------------------------------------------------------------------------------


@given(incident_counts(), shift_patterns())
def test_by_shift_adds_up_to_the_incidents_with_a_known_time(counts, pattern):
    profile = build_profile(counts, pattern)
    assert sum(profile.by_shift.values()) == counts.total - counts.unknown_time
    assert list(profile.by_shift) == [s.name for s in pattern.shifts]


@given(shift_patterns())
def test_valid_patterns_round_trip_through_their_list_form(pattern):
    assert ShiftPattern.from_list(pattern.to_list()) == pattern


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "name": st.sampled_from(["a", "b", "c", "d", ""]),
                "start": st.one_of(st.integers(-1, 25), st.sampled_from(["07:00", "7:30", "x"])),
                "end": st.one_of(st.integers(-1, 25), st.sampled_from(["24:00", "19:00", ""])),
            }
        ),
        max_size=5,
    )
)
def test_any_pattern_is_either_refused_with_value_error_or_covers_the_day_once(items):
    try:
        pattern = ShiftPattern.from_list(items)
    except ValueError as error:
        message = str(error)
        pattern = None
    if pattern is None:
        assert message.endswith(".")
        return
    hours = [h for s in pattern.shifts for h in s.hours()]
    assert sorted(hours) == list(range(24))


@given(incident_counts())
def test_rate_formula(counts):
    rate = build_profile(counts).rate_per_100_staff_year
    if not counts.headcount:
        assert rate is None
        return
    exact = Fraction(counts.total * 100 * 365, counts.headcount * counts.days)
    assert rate is not None
    # Rounded to 2 dp; beyond about 10^13 a JSON float cannot hold 2 dp, so allow its ulp.
    tolerance = Fraction(1, 200) + exact * Fraction(1, 2**52)
    assert abs(Fraction(Decimal(repr(rate))) - exact) <= tolerance


@given(incident_counts())
def test_flashpoint_shares_are_at_most_one_and_ranked(counts):
    flashpoints = build_profile(counts).flashpoints
    assert len(flashpoints) <= 10
    assert sum(Fraction(Decimal(repr(f.share))) for f in flashpoints) <= 1
    keys = [(-f.count, f.location, f.time_band, f.category) for f in flashpoints]
    assert keys == sorted(keys)
    for f in flashpoints:
        assert f.time_band in TIME_BANDS
        assert f.share == (f.count * 1000 // counts.total) / 1000
    # Nothing outside the top ten carries more than the last one kept.
    if flashpoints:
        kept = {(f.location, f.time_band, f.category) for f in flashpoints}
        others = [n for key, n in counts.flashpoints.items() if key not in kept]
        assert all(n <= flashpoints[-1].count for n in others)


@given(incident_counts())
def test_months_cover_the_period_exactly(counts):
    profile = build_profile(counts)
    assert list(profile.by_month) == months_between(counts.period_from, counts.period_to)
    assert sum(profile.by_month.values()) == counts.total


@given(incident_counts())
def test_to_dict_is_json_without_nan(counts):
    text = json.dumps(build_profile(counts).to_dict(), allow_nan=False)
    assert "NaN" not in text


def _monthly_counts(values: list[int], first: date) -> IncidentCounts:
    months = months_between(first, first + timedelta(days=31 * (len(values) - 1)))[: len(values)]
    last_month = date.fromisoformat(months[-1] + "-01")
    end = (last_month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    total = sum(values)
    return IncidentCounts(
        period_from=first,
        period_to=end,
        total=total,
        unknown_time=total,
        by_weekday=[total, 0, 0, 0, 0, 0, 0],
        by_month=dict(zip(months, values, strict=True)),
    )


FIRST_DAYS = st.builds(date, st.integers(2000, 2040), st.integers(1, 12), st.just(1))


@given(st.integers(0, 10**9), st.integers(2, 48), FIRST_DAYS)
def test_slope_of_a_constant_series_is_zero(value, months, first):
    assert build_profile(_monthly_counts([value] * months, first)).slope_per_month == 0


@given(st.integers(0, 10**6), st.integers(-1000, 1000), st.integers(2, 48), FIRST_DAYS)
def test_slope_of_a_linear_series_is_its_step(start, step, months, first):
    values = [start + step * i for i in range(months)]
    if min(values) < 0:
        values = [v - min(values) for v in values]
    assert build_profile(_monthly_counts(values, first)).slope_per_month == step
