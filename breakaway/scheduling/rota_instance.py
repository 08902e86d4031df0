"""A rota problem read from `plan_rota` input: who may go where, and what each trip costs.

Pure: no Django. Everything here is checked once, so the solvers can trust it; a bad input
raises `RotaInputError` listing every problem, as the importers do.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from breakaway.core.geo import great_circle_miles

DEFAULT_SETTINGS = {"road_factor": 1.25, "max_day_trip_miles": 90.0, "overnight_miles": 120.0}


class RotaInputError(ValueError):
    """The input cannot be planned; `problems` says where and why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Trainer:
    id: str
    lat: float
    lon: float
    # The latest expiry held for each qualification type; valid up to and including that day.
    qualifications: dict[str, dt.date]
    unavailable: frozenset[dt.date]
    max_days_per_week: int


@dataclass(frozen=True)
class Engagement:
    id: str
    lat: float
    lon: float
    days: tuple[dt.date, ...]  # sorted, distinct
    required: tuple[str, ...]
    trainers_needed: int
    fixed: tuple[str, ...]

    @cached_property
    def weeks(self) -> dict[tuple[int, int], int]:
        """Days worked in each ISO week (year, week)."""
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for day in self.days:
            iso = day.isocalendar()
            counts[(iso[0], iso[1])] += 1
        return dict(counts)


@dataclass
class Instance:
    start: dt.date
    end: dt.date
    road_factor: float
    max_day_trip_miles: float
    overnight_miles: float
    trainers: list[Trainer]
    engagements: list[Engagement]
    # eligible[j] = trainer indexes that may take engagement j ignoring every other engagement.
    eligible: list[list[int]] = field(default_factory=list)
    # cost[(t, j)] for eligible pairs, in miles (a night away counts as `overnight_miles`).
    cost: dict[tuple[int, int], float] = field(default_factory=dict)

    def trainer_index(self) -> dict[str, int]:
        return {trainer.id: index for index, trainer in enumerate(self.trainers)}


def travel_cost(
    miles_one_way: float, days: int, *, overnight_miles: float, max_day_trip_miles: float
) -> float:
    """The cheaper of driving every day and staying over; staying when too far to drive daily.

    In miles: a night away counts as `overnight_miles`. The quote prices the same model in
    money (`quotes.pricing.travel_cost`).
    """
    commute = 2 * miles_one_way * days
    stay = 2 * miles_one_way + days * overnight_miles
    if miles_one_way > max_day_trip_miles:
        return stay
    return min(commute, stay)


def ineligibility(trainer: Trainer, engagement: Engagement) -> str | None:
    """Why this trainer can never take this engagement, or None when they can."""
    last = engagement.days[-1]
    for qualification in engagement.required:
        expires = trainer.qualifications.get(qualification)
        if expires is None:
            return f"does not hold {qualification}"
        if expires < last:
            return f"{qualification} expires on {expires.isoformat()}"
    away = [day for day in engagement.days if day in trainer.unavailable]
    if away:
        return f"unavailable on {away[0].isoformat()}"
    if any(count > trainer.max_days_per_week for count in engagement.weeks.values()):
        return f"works at most {trainer.max_days_per_week} days a week"
    return None


def parse(data: Any) -> Instance:
    """Read and check `plan_rota` input, then work out eligibility and costs."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise RotaInputError(["the input must be a JSON object"])
    horizon = _mapping(data.get("horizon"), "horizon", problems)
    start = _date(horizon.get("start"), "horizon.start", problems)
    end = _date(horizon.get("end"), "horizon.end", problems)
    if start and end and end < start:
        problems.append("horizon.end is before horizon.start")
    settings = {**DEFAULT_SETTINGS, **_mapping(data.get("settings", {}), "settings", problems)}
    numbers = {}
    for key in DEFAULT_SETTINGS:
        numbers[key] = _number(settings.get(key), f"settings.{key}", problems, minimum=0)
    if numbers["road_factor"] is not None and numbers["road_factor"] < 1:
        problems.append("settings.road_factor must be at least 1 (roads are never shorter)")

    trainers = _trainers(data.get("trainers"), problems)
    engagements = _engagements(data.get("engagements"), {t.id for t in trainers}, problems)
    if problems:
        raise RotaInputError(problems)
    instance = Instance(
        start=start or dt.date.min,  # both were checked above
        end=end or dt.date.max,
        road_factor=float(numbers["road_factor"] or 0),
        max_day_trip_miles=float(numbers["max_day_trip_miles"] or 0),
        overnight_miles=float(numbers["overnight_miles"] or 0),
        trainers=trainers,
        engagements=engagements,
    )
    _work_out_pairs(instance)
    return instance


def _work_out_pairs(instance: Instance) -> None:
    for j, engagement in enumerate(instance.engagements):
        allowed = []
        for t, trainer in enumerate(instance.trainers):
            if ineligibility(trainer, engagement) is None:
                allowed.append(t)
                miles = instance.road_factor * great_circle_miles(
                    trainer.lat, trainer.lon, engagement.lat, engagement.lon
                )
                instance.cost[(t, j)] = travel_cost(
                    miles,
                    len(engagement.days),
                    overnight_miles=instance.overnight_miles,
                    max_day_trip_miles=instance.max_day_trip_miles,
                )
        instance.eligible.append(allowed)


def _trainers(raw: Any, problems: list[str]) -> list[Trainer]:
    if not isinstance(raw, list):
        problems.append("trainers must be a list")
        return []
    trainers, seen = [], set()
    for i, item in enumerate(raw):
        where = f"trainers[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where} must be an object")
            continue
        trainer_id = _identifier(item.get("id"), f"{where}.id", problems)
        if trainer_id in seen:
            problems.append(f"{where}.id {trainer_id!r} is used twice")
        seen.add(trainer_id)
        lat, lon = _place(item.get("base"), f"{where}.base", problems)
        qualifications: dict[str, dt.date] = {}
        raw_quals = item.get("qualifications", [])
        if not isinstance(raw_quals, list):
            problems.append(f"{where}.qualifications must be a list")
            raw_quals = []
        for k, qual in enumerate(raw_quals):
            qwhere = f"{where}.qualifications[{k}]"
            if not isinstance(qual, dict):
                problems.append(f"{qwhere} must be an object")
                continue
            kind = _identifier(qual.get("type"), f"{qwhere}.type", problems)
            expires = _date(qual.get("expires_on"), f"{qwhere}.expires_on", problems)
            if kind and expires:
                qualifications[kind] = max(expires, qualifications.get(kind, expires))
        unavailable = _dates(item.get("unavailable", []), f"{where}.unavailable", problems)
        limit = _number(
            item.get("max_days_per_week", 5), f"{where}.max_days_per_week", problems, minimum=0
        )
        if limit is not None and limit != int(limit):
            problems.append(f"{where}.max_days_per_week must be a whole number")
        if trainer_id and lat is not None and lon is not None and limit is not None:
            trainers.append(
                Trainer(
                    id=trainer_id,
                    lat=lat,
                    lon=lon,
                    qualifications=qualifications,
                    unavailable=frozenset(unavailable),
                    max_days_per_week=min(7, int(limit)),
                )
            )
    return trainers


def _engagements(raw: Any, trainer_ids: set[str], problems: list[str]) -> list[Engagement]:
    if not isinstance(raw, list):
        problems.append("engagements must be a list")
        return []
    engagements, seen = [], set()
    for i, item in enumerate(raw):
        where = f"engagements[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where} must be an object")
            continue
        engagement_id = _identifier(item.get("id"), f"{where}.id", problems)
        if engagement_id in seen:
            problems.append(f"{where}.id {engagement_id!r} is used twice")
        seen.add(engagement_id)
        lat, lon = _place(item.get("venue"), f"{where}.venue", problems)
        days = sorted(set(_dates(item.get("days"), f"{where}.days", problems)))
        if not days and isinstance(item.get("days"), list):
            problems.append(f"{where}.days must name at least one day")
        required = item.get("required_qualifications", [])
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            problems.append(f"{where}.required_qualifications must be a list of types")
            required = []
        needed = _number(item.get("trainers_needed"), f"{where}.trainers_needed", problems, 1)
        if needed is not None and needed != int(needed):
            problems.append(f"{where}.trainers_needed must be a whole number")
        fixed = item.get("fixed_trainers", []) or []
        if not isinstance(fixed, list) or not all(isinstance(f, str) for f in fixed):
            problems.append(f"{where}.fixed_trainers must be a list of trainer ids")
            fixed = []
        for trainer_id in fixed:
            if trainer_id not in trainer_ids:
                problems.append(f"{where}.fixed_trainers names unknown trainer {trainer_id!r}")
        if len(set(fixed)) != len(fixed):
            problems.append(f"{where}.fixed_trainers names a trainer twice")
        if engagement_id and lat is not None and lon is not None and days and needed:
            engagements.append(
                Engagement(
                    id=engagement_id,
                    lat=lat,
                    lon=lon,
                    days=tuple(days),
                    required=tuple(dict.fromkeys(required)),
                    trainers_needed=int(needed),
                    fixed=tuple(fixed),
                )
            )
    return engagements


def _mapping(value: Any, where: str, problems: list[str]) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    problems.append(f"{where} is missing or not an object")
    return {}


def _identifier(value: Any, where: str, problems: list[str]) -> str:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    problems.append(f"{where} is missing")
    return ""


def _date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if not isinstance(value, str):
        problems.append(f"{where} is missing (a date, YYYY-MM-DD)")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where} {value!r} is not a date (YYYY-MM-DD)")
        return None


def _dates(value: Any, where: str, problems: list[str]) -> list[dt.date]:
    if not isinstance(value, list):
        problems.append(f"{where} must be a list of dates")
        return []
    days = [_date(item, f"{where}[{k}]", problems) for k, item in enumerate(value)]
    return [day for day in days if day is not None]


def _number(value: Any, where: str, problems: list[str], minimum: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(f"{where} is missing (a number)")
        return None
    try:
        number = float(value)
    except ValueError:
        problems.append(f"{where} {value!r} is not a number")
        return None
    except OverflowError:  # an integer too large for a float
        number = math.inf
    if not math.isfinite(number):
        problems.append(f"{where} must be a finite number")
        return None
    if number < minimum:
        problems.append(f"{where} must be at least {minimum:g}")
        return None
    return number


def _place(value: Any, where: str, problems: list[str]) -> tuple[float | None, float | None]:
    if not isinstance(value, dict):
        problems.append(f"{where} is missing (an object with lat and lon)")
        return None, None
    lat = _number(value.get("lat"), f"{where}.lat", problems, minimum=-90)
    lon = _number(value.get("lon"), f"{where}.lon", problems, minimum=-180)
    if lat is not None and lat > 90:
        problems.append(f"{where}.lat must be at most 90")
        lat = None
    if lon is not None and lon > 180:
        problems.append(f"{where}.lon must be at most 180")
        lon = None
    return lat, lon
