"""The incident profile: what a client's incident log says, worked out from counts.

Pure Python. The caller counts incidents in SQL (GROUP BY queries) and hands over plain
numbers in an `IncidentCounts`; this module never sees a row. `build_profile` turns the
counts into an `IncidentProfile` whose `to_dict()` is the JSON the API and the report use.

What the caller computes, all over the incidents of one organisation whose local date
(`occurred_on`) falls in the period, both ends included:

- `total`: COUNT(*).
- `by_category`, `by_location`, `by_site`, `by_perpetrator`, `by_assault_form`, `by_harm`:
  GROUP BY the column, name → count. `by_location` holds the location type code when the
  incident has one and the raw location otherwise. Blank values may be left out or passed
  under a key of the caller's choosing (e.g. "unrecorded"); either way each map must not add
  up to more than `total`.
- `by_hour`: 24 counts by local hour (GROUP BY hour); incidents without a time go to
  `unknown_time`, so sum(by_hour) + unknown_time == total.
- `by_weekday`: 7 counts, Monday first (GROUP BY weekday); they add up to `total`.
- `by_month`: {"YYYY-MM": n} (GROUP BY the month of occurred_on). Months with no incidents may
  be left out: the profile fills them with 0. They add up to `total`.
- `riddor_reportable`: COUNT(*) of incidents that pass `RIDDOR_RULE` (see
  `is_riddor_reportable`).
- `flashpoints`: {(location, time band, category): n} for incidents with a known hour; the
  time band is `time_band(hour)` ("00-06", "06-12", "12-18", "18-24"), in SQL
  `TIME_BAND_SQL`. `flashpoint_table(rows)` folds a GROUP BY (location, hour, category)
  into it.
- `by_area`: per risk area, the incidents `AREA_FILTERS[area]` selects: their count, their
  harm grades and the commonest location × time band among them. `area_counts_from_rows(rows)`
  builds it from one GROUP BY (category, assault_form, location, hour, harm) query; see
  `AreaCounts`. The risk profile needs it whenever there are incidents.
- `headcount`: staff covered by the log (None when unknown).
- `previous_total`: COUNT(*) in the period of the same length just before this one, or None
  when the log does not cover that period (then no change is shown).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from breakaway.assessments.taxonomy import LABELS, RISK_AREAS

# Time bands for flashpoints: ASCII ids in JSON, labels with an en dash for people.
TIME_BANDS: dict[str, str] = {
    "00-06": "00–06",
    "06-12": "06–12",
    "12-18": "12–18",
    "18-24": "18–24",
}

# The same bands as a SQL expression over the local hour (NULL hours are left out first).
TIME_BAND_SQL = (
    "CASE WHEN hour < 6 THEN '00-06' WHEN hour < 12 THEN '06-12' "
    "WHEN hour < 18 THEN '12-18' ELSE '18-24' END"
)

HARM_CODES = ("none", "low", "moderate", "severe", "death")
MODERATE_OR_WORSE = frozenset({"moderate", "severe", "death"})
SEVERE_OR_WORSE = frozenset({"severe", "death"})

FLASHPOINT_LIMIT = 10

# RIDDOR, as the incident import can tell it. Expressed on Incident's columns for SQL.
RIDDOR_RULE = "riddor IS TRUE OR days_lost > 7 OR harm = 'death'"


def is_riddor_reportable(*, marked: bool | None, days_lost: int | None, harm: str | None) -> bool:
    """Whether one incident counts as RIDDOR-reportable in the profile.

    Our rule, the same as `RIDDOR_RULE` (in the ORM:
    ``Q(riddor=True) | Q(days_lost__gt=7) | Q(harm="death")``): reportable when the export
    marked it RIDDOR-reportable, or more than 7 days were lost, or the harm is death.

    RIDDOR 2013 (FACTS §1.6) also makes a *specified injury* reportable, and sets the
    deadline for reporting (15 days, see FACTS §1.6). Whether an injury is a specified one
    cannot be derived reliably from an export's harm grade, so only the export's own mark
    catches those. Days lost as an export records them may not be counted the way RIDDOR
    counts incapacity, and personal disputes between colleagues are not reportable though the
    export cannot tell them apart: the number is a pointer for the client to check, not a
    finding.
    """
    return marked is True or (days_lost is not None and days_lost > 7) or harm == "death"


def time_band(hour: int) -> str:
    """The flashpoint time band id ("00-06" … "18-24") of a local hour 0–23."""
    if isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23:
        raise ValueError(f"An hour must be a whole number from 0 to 23, not {hour!r}.")
    start = hour // 6 * 6
    return f"{start:02d}-{start + 6:02d}"


def band_hours(band: str) -> tuple[str, str]:
    """("18:00", "24:00") for "18-24": how a reason sentence names a band."""
    start, end = band.split("-")
    return f"{start}:00", f"{end}:00"


def label(field_name: str, value: str) -> str:
    """Our label for a code of a taxonomy field, the value itself when it is not a code, or
    "Not recorded" when it is blank."""
    if not value.strip():
        return "Not recorded"
    return LABELS.get(field_name, {}).get(value, value)


# ----------------------------------------------------------------------------------------
# Shift patterns


@dataclass(frozen=True)
class Shift:
    """One shift: from `start` to `end`, whole local hours; it may cross midnight."""

    name: str
    start: int  # 0–23
    end: int  # 0–23; 0 means midnight, so 23 → 7 is a night shift

    def hours(self) -> tuple[int, ...]:
        """The local hours (0–23) whose incidents fall in this shift."""
        length = (self.end - self.start) % 24
        return tuple((self.start + i) % 24 for i in range(length))

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "start": f"{self.start:02d}:00", "end": f"{self.end:02d}:00"}


def _parse_hour(value: Any, *, name: str, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"Shift {name!r}: {what} must be a whole hour like '07:00'.")
    if isinstance(value, int):
        hour = value
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*", value)
        if not match:
            raise ValueError(
                f"Shift {name!r}: {what} must be a whole hour like '07:00', not {value!r}."
            )
        if match.group(2) not in (None, "00"):
            raise ValueError(
                f"Shift {name!r}: {what} must be on the hour (like '07:00'), not {value!r}."
            )
        hour = int(match.group(1))
    else:
        raise ValueError(f"Shift {name!r}: {what} must be a whole hour like '07:00'.")
    if not 0 <= hour <= 24:
        raise ValueError(f"Shift {name!r}: {what} must be between 00:00 and 24:00.")
    return hour % 24


def _runs(hours: Iterable[int]) -> str:
    """'03:00–05:00, 12:00–13:00' for the hours {3, 4, 12}."""
    ordered = sorted(set(hours))
    spans: list[tuple[int, int]] = []
    for hour in ordered:
        if spans and spans[-1][1] == hour:
            spans[-1] = (spans[-1][0], hour + 1)
        else:
            spans.append((hour, hour + 1))
    return ", ".join(f"{a:02d}:00–{b:02d}:00" for a, b in spans)


@dataclass(frozen=True)
class ShiftPattern:
    """Shifts that together cover the 24 hours once, with no gap and no overlap."""

    shifts: tuple[Shift, ...]

    def __post_init__(self) -> None:
        if not self.shifts:
            raise ValueError("A shift pattern needs at least one shift.")
        names = [s.name for s in self.shifts]
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise ValueError("Every shift needs a name.")
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"Shift names must differ: {', '.join(duplicates)} used twice.")
        owner: dict[int, str] = {}
        for shift in self.shifts:
            if not (0 <= shift.start <= 23 and 0 <= shift.end <= 23):
                raise ValueError(f"Shift {shift.name!r}: hours must be from 00:00 to 24:00.")
            if shift.start == shift.end:
                raise ValueError(
                    f"Shift {shift.name!r} starts and ends at {shift.start:02d}:00; "
                    "a shift must be shorter than 24 hours."
                )
            for hour in shift.hours():
                if hour in owner:
                    raise ValueError(
                        f"Shifts {owner[hour]!r} and {shift.name!r} overlap at "
                        f"{_runs([h for h in shift.hours() if owner.get(h) == owner[hour]])}."
                    )
                owner[hour] = shift.name
        missing = [h for h in range(24) if h not in owner]
        if missing:
            raise ValueError(
                f"The shifts must cover all 24 hours; no shift covers {_runs(missing)}."
            )

    @classmethod
    def from_list(cls, items: Iterable[Mapping[str, Any]]) -> ShiftPattern:
        """A pattern from [{"name": "early", "start": "07:00", "end": "15:00"}, …].

        Hours are whole: "07:00", "7" or 7; "24:00" means midnight. Raises ValueError with a
        sentence a person can act on when the shifts leave a gap or overlap.
        """
        shifts = []
        for index, item in enumerate(items, start=1):
            if not isinstance(item, Mapping):
                raise ValueError(f"Shift {index} must be an object with name, start and end.")
            unknown = set(item) - {"name", "start", "end"}
            if unknown:
                raise ValueError(f"Shift {index}: unknown keys {', '.join(sorted(unknown))}.")
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"Shift {index} needs a name.")
            name = name.strip()
            if "start" not in item or "end" not in item:
                raise ValueError(f"Shift {name!r} needs a start and an end.")
            start = _parse_hour(item["start"], name=name, what="the start")
            end = _parse_hour(item["end"], name=name, what="the end")
            shifts.append(Shift(name, start, end))
        return cls(tuple(shifts))

    def to_list(self) -> list[dict[str, str]]:
        return [s.to_dict() for s in self.shifts]

    def split(self, by_hour: Sequence[int]) -> dict[str, int]:
        """Hour counts summed per shift, in the pattern's order."""
        return {s.name: sum(by_hour[h] for h in s.hours()) for s in self.shifts}


DEFAULT_SHIFTS = ShiftPattern(
    (Shift("early", 7, 15), Shift("late", 15, 23), Shift("night", 23, 7)),
)


# ----------------------------------------------------------------------------------------
# Risk areas: which incidents count towards each


@dataclass(frozen=True)
class AreaFilter:
    """The incidents that count towards one risk area: any of these values matches.

    In the ORM: ``Q(category__in=categories) | Q(assault_form__in=assault_forms) |
    Q(location_type__in=location_types)`` (skip the empty parts). An incident can count
    towards more than one area (a sexual assault recorded as a grab counts in both).
    """

    categories: frozenset[str] = frozenset()
    assault_forms: frozenset[str] = frozenset()
    location_types: frozenset[str] = frozenset()

    def matches(self, *, category: str, assault_form: str, location: str) -> bool:
        return (
            category in self.categories
            or assault_form in self.assault_forms
            or location in self.location_types
        )


AREA_FILTERS: dict[str, AreaFilter] = {
    "verbal_aggression": AreaFilter(categories=frozenset({"verbal_abuse"})),
    "threatening_behaviour": AreaFilter(categories=frozenset({"threatening_behaviour"})),
    "grabs_and_holds": AreaFilter(assault_forms=frozenset({"grab", "hair_pull"})),
    "strangles_and_headlocks": AreaFilter(assault_forms=frozenset({"strangle"})),
    "strikes_and_kicks": AreaFilter(assault_forms=frozenset({"punch", "kick", "headbutt", "push"})),
    "weapons_and_objects": AreaFilter(assault_forms=frozenset({"weapon", "thrown_object"})),
    "spitting_and_biting": AreaFilter(assault_forms=frozenset({"spit", "bite", "scratch"})),
    "sexual_aggression": AreaFilter(
        categories=frozenset({"sexual_assault"}), assault_forms=frozenset({"sexual_touching"})
    ),
    "lone_and_community_working": AreaFilter(location_types=frozenset({"community"})),
    "restrictive_intervention": AreaFilter(location_types=frozenset({"seclusion"})),
}


@dataclass(frozen=True)
class AreaFlashpoint:
    """The commonest location × time band among one area's incidents with a known hour."""

    location: str
    time_band: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "location_label": label("location_type", self.location),
            "time_band": self.time_band,
            "time_band_label": TIME_BANDS.get(self.time_band, self.time_band),
            "count": self.count,
        }


@dataclass(frozen=True)
class AreaCounts:
    """The incidents of one risk area (those `AREA_FILTERS[area]` selects), counted.

    - `count`: COUNT(*) with the area's filter;
    - `harm`: GROUP BY harm with the filter, harm code → count (codes from
      taxonomy.HARM; other keys such as "" count as "not recorded");
    - `top_flashpoint`: GROUP BY location, time band with the filter and a known hour,
      the row with the most incidents (ties: the first location, then band, by name).

    `area_counts_from_rows` builds all ten from one query.
    """

    count: int = 0
    harm: Mapping[str, int] = field(default_factory=dict)
    top_flashpoint: AreaFlashpoint | None = None

    def __post_init__(self) -> None:
        _check_count(self.count, "an area's count")
        for key, value in self.harm.items():
            _check_count(value, f"harm {key!r}")
        if sum(self.harm.values()) > self.count:
            raise ValueError("An area's harm counts add up to more than its count.")
        if self.top_flashpoint is not None:
            if self.top_flashpoint.time_band not in TIME_BANDS:
                raise ValueError(f"Unknown time band {self.top_flashpoint.time_band!r}.")
            _check_count(self.top_flashpoint.count, "a flashpoint count")
            if self.top_flashpoint.count > self.count:
                raise ValueError("An area's flashpoint count is more than its count.")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AreaCounts:
        """From {"count", "harm": {code: n}, "top_flashpoint": {location, time_band, count}}."""
        top = data.get("top_flashpoint")
        return cls(
            count=int(data.get("count", 0)),
            harm=dict(data.get("harm") or {}),
            top_flashpoint=(
                AreaFlashpoint(str(top["location"]), str(top["time_band"]), int(top["count"]))
                if top
                else None
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "harm": _sorted_counts(self.harm),
            "top_flashpoint": self.top_flashpoint.to_dict() if self.top_flashpoint else None,
        }

    @property
    def harm_recorded(self) -> int:
        return sum(n for code, n in self.harm.items() if code in HARM_CODES)


def _row_value(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def area_counts_from_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, AreaCounts]:
    """`by_area` from the rows of one GROUP BY query.

    Each row: {"category", "assault_form", "location", "hour", "harm", "count"}, where
    `location` is the location type code when there is one (as in `by_location`) and `hour`
    is the local hour or None. In the ORM, roughly::

        incidents.annotate(loc=Coalesce(NullIf("location_type", Value("")), "location"))
        .values("category", "assault_form", "loc", "hour", "harm")
        .annotate(count=Count("id"))

    (rename `loc` to `location`). All ten areas are returned, with zero counts where none.
    """
    counts: dict[str, int] = defaultdict(int)
    harm: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    spots: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        n = int(row.get("count", 0))
        _check_count(n, "a row count")
        if not n:
            continue
        category = _row_value(row, "category")
        form = _row_value(row, "assault_form")
        location = _row_value(row, "location")
        hour = row.get("hour")
        for area, rule in AREA_FILTERS.items():
            if not rule.matches(category=category, assault_form=form, location=location):
                continue
            counts[area] += n
            harm[area][_row_value(row, "harm")] += n
            if hour is not None:
                spots[area][(location, time_band(int(hour)))] += n
    result = {}
    for area in RISK_AREAS:
        top = None
        if spots[area]:
            (location, band), n = min(spots[area].items(), key=lambda kv: (-kv[1], kv[0]))
            top = AreaFlashpoint(location, band, n)
        result[area] = AreaCounts(counts[area], dict(harm[area]), top)
    return result


def flashpoint_table(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str, str], int]:
    """`flashpoints` from rows {"location", "hour", "category", "count"}; unknown hours skipped."""
    table: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in rows:
        hour = row.get("hour")
        n = int(row.get("count", 0))
        _check_count(n, "a row count")
        if hour is None or not n:
            continue
        key = (_row_value(row, "location"), time_band(int(hour)), _row_value(row, "category"))
        table[key] += n
    return dict(table)


# ----------------------------------------------------------------------------------------
# Counts in, profile out


def _check_count(value: Any, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number of at least 0, not {value!r}.")


def _month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def months_between(start: date, end: date) -> list[str]:
    """Every "YYYY-MM" from the month of `start` to the month of `end`, both included."""
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(_month_key(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


_MONTH_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class IncidentCounts:
    """What the caller counted in SQL (see the module docstring); validated on creation."""

    period_from: date
    period_to: date
    total: int = 0
    by_category: Mapping[str, int] = field(default_factory=dict)
    by_location: Mapping[str, int] = field(default_factory=dict)
    by_site: Mapping[str, int] = field(default_factory=dict)
    by_perpetrator: Mapping[str, int] = field(default_factory=dict)
    by_assault_form: Mapping[str, int] = field(default_factory=dict)
    by_harm: Mapping[str, int] = field(default_factory=dict)
    by_hour: Sequence[int] = (0,) * 24
    unknown_time: int = 0
    by_weekday: Sequence[int] = (0,) * 7
    by_month: Mapping[str, int] = field(default_factory=dict)
    riddor_reportable: int = 0
    flashpoints: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    headcount: int | None = None
    previous_total: int | None = None
    by_area: Mapping[str, AreaCounts] | None = None

    def __post_init__(self) -> None:
        if self.period_from > self.period_to:
            raise ValueError("The period must not end before it starts.")
        for name in ("total", "unknown_time", "riddor_reportable"):
            _check_count(getattr(self, name), name)
        for name in ("headcount", "previous_total"):
            if getattr(self, name) is not None:
                _check_count(getattr(self, name), name)
        total = self.total
        for name in (
            "by_category",
            "by_location",
            "by_site",
            "by_perpetrator",
            "by_assault_form",
            "by_harm",
        ):
            mapping: Mapping[str, int] = getattr(self, name)
            for key, value in mapping.items():
                _check_count(value, f"{name}[{key!r}]")
            if sum(mapping.values()) > total:
                raise ValueError(f"{name} adds up to more than the total ({total}).")
        if len(self.by_hour) != 24:
            raise ValueError("by_hour must hold 24 counts, one per local hour.")
        if len(self.by_weekday) != 7:
            raise ValueError("by_weekday must hold 7 counts, Monday first.")
        for value in (*self.by_hour, *self.by_weekday):
            _check_count(value, "an hour or weekday count")
        if sum(self.by_hour) + self.unknown_time != total:
            raise ValueError("by_hour plus unknown_time must add up to the total.")
        if sum(self.by_weekday) != total:
            raise ValueError("by_weekday must add up to the total.")
        months = set(months_between(self.period_from, self.period_to))
        for key, value in self.by_month.items():
            if not isinstance(key, str) or not _MONTH_RE.fullmatch(key):
                raise ValueError(f"by_month keys look like '2024-03', not {key!r}.")
            if key not in months:
                raise ValueError(f"by_month has {key}, outside the period.")
            _check_count(value, f"by_month[{key!r}]")
        if sum(self.by_month.values()) != total:
            raise ValueError("by_month must add up to the total.")
        if self.riddor_reportable > total:
            raise ValueError("riddor_reportable is more than the total.")
        for spot, value in self.flashpoints.items():
            if not (isinstance(spot, tuple) and len(spot) == 3 and spot[1] in TIME_BANDS):
                raise ValueError(
                    f"flashpoints keys are (location, time band, category), not {spot!r}."
                )
            _check_count(value, "a flashpoint count")
        if sum(self.flashpoints.values()) > total - self.unknown_time:
            raise ValueError("flashpoints add up to more than the incidents with a known time.")
        if self.by_area is not None:
            for area, counts in self.by_area.items():
                if area not in RISK_AREAS:
                    raise ValueError(f"Unknown risk area {area!r} in by_area.")
                if not isinstance(counts, AreaCounts):
                    raise ValueError(f"by_area[{area!r}] must be AreaCounts.")
                if counts.count > total:
                    raise ValueError(f"by_area[{area!r}] is more than the total.")

    @property
    def days(self) -> int:
        return (self.period_to - self.period_from).days + 1


@dataclass(frozen=True)
class Flashpoint:
    """One location × time band × category, with its count and share of all incidents."""

    location: str
    time_band: str
    category: str
    count: int
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "location_label": label("location_type", self.location),
            "time_band": self.time_band,
            "time_band_label": TIME_BANDS[self.time_band],
            "category": self.category,
            "category_label": label("category", self.category),
            "count": self.count,
            "share": self.share,
        }


def round_half_up(value: Fraction, places: int) -> float:
    """`value` rounded to `places` decimals, halves away from zero (no float surprises)."""
    scale: int = 10**places
    magnitude: int = math.floor(abs(value) * scale + Fraction(1, 2))
    return (magnitude if value >= 0 else -magnitude) / scale


def share_down(part: int, whole: int) -> float:
    """part/whole rounded down to 3 decimals, so shares of one whole never add up past 1."""
    if whole <= 0:
        return 0.0
    return (part * 1000 // whole) / 1000


def rate_per_100_staff_year(count: int, headcount: int | None, days: int) -> Fraction | None:
    """count ÷ headcount × 100 × 365 ÷ days, exactly; None without a headcount."""
    if not headcount or days <= 0:
        return None
    return Fraction(count * 100 * 365, headcount * days)


def least_squares_slope(values: Sequence[int]) -> Fraction | None:
    """The least-squares slope of values against 0, 1, 2, …; None for fewer than 2 values."""
    n = len(values)
    if n < 2:
        return None
    sx = n * (n - 1) // 2
    sxx = (n - 1) * n * (2 * n - 1) // 6
    sy = sum(values)
    sxy = sum(i * v for i, v in enumerate(values))
    return Fraction(n * sxy - sx * sy, n * sxx - sx * sx)


def _sorted_counts(mapping: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(mapping.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class IncidentProfile:
    """The profile of one period's incidents. `to_dict()` is the API's JSON."""

    counts: IncidentCounts
    shifts: ShiftPattern
    by_shift: Mapping[str, int]
    by_month: Mapping[str, int]
    slope_per_month: float | None
    change_percent: float | None
    rate_per_100_staff_year: float | None
    flashpoints: tuple[Flashpoint, ...]

    @property
    def total(self) -> int:
        return self.counts.total

    @property
    def days(self) -> int:
        return self.counts.days

    @property
    def period_from(self) -> date:
        return self.counts.period_from

    @property
    def period_to(self) -> date:
        return self.counts.period_to

    @property
    def headcount(self) -> int | None:
        return self.counts.headcount

    @property
    def by_area(self) -> Mapping[str, AreaCounts] | None:
        return self.counts.by_area

    def to_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "total": c.total,
            "by_category": _sorted_counts(c.by_category),
            "by_location": _sorted_counts(c.by_location),
            "by_site": _sorted_counts(c.by_site),
            "by_hour": list(c.by_hour),
            "by_weekday": list(c.by_weekday),
            "by_shift": dict(self.by_shift),
            "shifts": self.shifts.to_list(),
            "by_month": dict(self.by_month),
            "trend": {
                "slope_per_month": self.slope_per_month,
                "previous_total": c.previous_total,
                "change_percent": self.change_percent,
            },
            "by_perpetrator": _sorted_counts(c.by_perpetrator),
            "by_assault_form": _sorted_counts(c.by_assault_form),
            "by_harm": _sorted_counts(c.by_harm),
            "riddor_reportable": c.riddor_reportable,
            "riddor_rule": RIDDOR_RULE,
            "headcount": c.headcount,
            "rate_per_100_staff_year": self.rate_per_100_staff_year,
            "flashpoints": [f.to_dict() for f in self.flashpoints],
            "period": {
                "from": c.period_from.isoformat(),
                "to": c.period_to.isoformat(),
                "days": c.days,
            },
            "unknown_time": c.unknown_time,
            "by_area": (
                {area: c.by_area.get(area, AreaCounts()).to_dict() for area in RISK_AREAS}
                if c.by_area is not None
                else None
            ),
        }


def build_profile(
    counts: IncidentCounts,
    shifts: ShiftPattern | Iterable[Mapping[str, Any]] | None = None,
) -> IncidentProfile:
    """The profile of `counts`; `shifts` is a pattern or its list form (default: early, late,
    night)."""
    if shifts is None:
        pattern = DEFAULT_SHIFTS
    elif isinstance(shifts, ShiftPattern):
        pattern = shifts
    else:
        pattern = ShiftPattern.from_list(shifts)

    by_month = {
        key: counts.by_month.get(key, 0)
        for key in months_between(counts.period_from, counts.period_to)
    }
    slope = least_squares_slope(list(by_month.values()))

    change = None
    if counts.previous_total:
        change = round_half_up(
            Fraction(counts.total - counts.previous_total, counts.previous_total) * 100, 1
        )

    rate = rate_per_100_staff_year(counts.total, counts.headcount, counts.days)

    ranked = sorted(
        ((key, n) for key, n in counts.flashpoints.items() if n > 0),
        key=lambda kv: (-kv[1], kv[0]),
    )[:FLASHPOINT_LIMIT]
    flashpoints = tuple(
        Flashpoint(location, band, category, n, share_down(n, counts.total))
        for (location, band, category), n in ranked
    )

    return IncidentProfile(
        counts=counts,
        shifts=pattern,
        by_shift=pattern.split(counts.by_hour),
        by_month=by_month,
        slope_per_month=None if slope is None else round_half_up(slope, 3),
        change_percent=change,
        rate_per_100_staff_year=None if rate is None else round_half_up(rate, 2),
        flashpoints=flashpoints,
    )
