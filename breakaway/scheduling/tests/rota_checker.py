"""An independent check of a rota plan against the issue's hard rules.

Written from the issue's text, sharing no code with the optimiser, so a bug in one is not
copied into the other.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any


def miles_between(a: dict[str, float], b: dict[str, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 3958.8 * math.asin(math.sqrt(h))


def trip_cost(data: dict[str, Any], trainer: dict[str, Any], engagement: dict[str, Any]) -> float:
    settings = data["settings"]
    d = miles_between(trainer["base"], engagement["venue"]) * settings["road_factor"]
    k = len(set(engagement["days"]))
    commute, stay = 2 * d * k, 2 * d + k * settings["overnight_miles"]
    return stay if d > settings["max_day_trip_miles"] else min(commute, stay)


def holds(trainer: dict[str, Any], kind: str, day: str) -> bool:
    """Valid up to and including `expires_on`; any record of the type will do."""
    return any(
        q["type"] == kind and dt.date.fromisoformat(q["expires_on"]) >= dt.date.fromisoformat(day)
        for q in trainer["qualifications"]
    )


def violations(data: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    """Every broken rule in `plan` (empty when it keeps them all)."""
    problems: list[str] = []
    trainers = {t["id"]: t for t in data["trainers"]}
    engagements = {e["id"]: e for e in data["engagements"]}
    listed = [a["engagement"] for a in plan["assignments"]] + [
        u["engagement"] for u in plan["unassigned"]
    ]
    if sorted(listed) != sorted(engagements):
        problems.append("each engagement must be listed once, assigned or unassigned")
    working: dict[tuple[str, str], str] = {}
    week_days: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
    for assignment in plan["assignments"]:
        engagement = engagements[assignment["engagement"]]
        names = assignment["trainers"]
        where = engagement["id"]
        if len(names) != len(set(names)):
            problems.append(f"{where}: a trainer is listed twice")
        if len(set(names)) != engagement["trainers_needed"]:
            problems.append(
                f"{where}: {len(set(names))} trainers, needs {engagement['trainers_needed']}"
            )
        for fixed in engagement.get("fixed_trainers", []):
            if fixed not in names:
                problems.append(f"{where}: fixed trainer {fixed} was dropped")
        for name in set(names):
            trainer = trainers[name]
            for day in set(engagement["days"]):
                for kind in engagement["required_qualifications"]:
                    if not holds(trainer, kind, day):
                        problems.append(f"{where}: {name} lacks {kind} on {day}")
                if day in trainer.get("unavailable", []):
                    problems.append(f"{where}: {name} is unavailable on {day}")
                if (name, day) in working:
                    problems.append(f"{where}: {name} also works {working[(name, day)]} on {day}")
                working[(name, day)] = where
                iso = dt.date.fromisoformat(day).isocalendar()
                week_days[(name, (iso[0], iso[1]))] += 1
    for (name, week), days in week_days.items():
        limit = trainers[name].get("max_days_per_week", 5)
        if days > limit:
            problems.append(f"{name} works {days} days in ISO week {week}, limit {limit}")
    if plan["status"] != "infeasible":
        for engagement in data["engagements"]:
            if engagement.get("fixed_trainers") and engagement["id"] not in {
                a["engagement"] for a in plan["assignments"]
            }:
                problems.append(f"{engagement['id']}: its fixed trainers were not kept")
    return problems


def plan_cost(data: dict[str, Any], plan: dict[str, Any]) -> float:
    trainers = {t["id"]: t for t in data["trainers"]}
    engagements = {e["id"]: e for e in data["engagements"]}
    return sum(
        trip_cost(data, trainers[name], engagements[a["engagement"]])
        for a in plan["assignments"]
        for name in a["trainers"]
    )
