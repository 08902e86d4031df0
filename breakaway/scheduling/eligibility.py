"""Whether a trainer may work an engagement, and every reason when they may not.

Pure: no Django. The trainer is described by the facts `trainers.selectors.trainer_rota_facts`
gives (qualifications with expiry dates, unavailable dates, the weekly limit, the modules they
may teach, whether their CPD is current); the engagement by its days, the qualification codes
its modules need and the module codes it teaches; the trainer's other work by engagement and
dates. The hard rules are the ones the rota optimiser keeps:

- every required qualification held and in date on every day (valid up to and including
  `expires_on`; no expiry date means it does not lapse);
- permitted to teach every module of the course;
- CPD current;
- available on every day;
- not already working on any of the days (a clash names the other engagement);
- no more than `max_days_per_week` days of work in any ISO week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OtherWork:
    """Another engagement the trainer works, on these dates."""

    engagement: str  # how a person knows it: "Riverside Hospital, 3 March 2027"
    dates: tuple[dt.date, ...]
    engagement_id: str = ""


@dataclass(frozen=True)
class Reason:
    """One rule the trainer would break. `kind` is one of KINDS; `text` says it in words."""

    kind: str
    text: str
    engagement_id: str = ""

    def __str__(self) -> str:
        return self.text


KINDS = ("qualification", "expired", "module", "cpd", "unavailable", "clash", "weekly_limit")


def as_date(value: Any) -> dt.date | None:
    """A date from a date or an ISO string; None stays None (no expiry)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def long_date(day: dt.date) -> str:
    """27 November 2026, the way pages write dates."""
    return f"{day.day} {day:%B %Y}"


def _held_until(qualifications: Iterable[Mapping[str, Any]]) -> dict[str, dt.date | None]:
    """For each qualification type, the latest expiry over every certificate held (None: never)."""
    held: dict[str, dt.date | None] = {}
    for qualification in qualifications:
        kind = str(qualification["type"])
        expires = as_date(qualification.get("expires_on"))
        if kind in held and held[kind] is None:
            continue
        if expires is None or kind not in held:
            held[kind] = expires
        else:
            current = held[kind]
            held[kind] = expires if current is None or expires > current else current
    return held


def ineligibility_reasons(
    *,
    trainer: Mapping[str, Any],
    days: Sequence[dt.date | str],
    required_qualifications: Iterable[str] = (),
    modules: Iterable[str] = (),
    other_work: Iterable[OtherWork] = (),
    labels: Mapping[str, str] | None = None,
) -> list[Reason]:
    """Every reason `trainer` may not work on `days`; an empty list means they are eligible."""
    names = labels or {}
    dates = sorted({d for d in (as_date(day) for day in days) if d is not None})
    reasons: list[Reason] = []
    if not dates:
        return reasons
    first, last = dates[0], dates[-1]

    held = _held_until(trainer.get("qualifications") or [])
    for code in dict.fromkeys(required_qualifications):
        name = names.get(code, code)
        if code not in held:
            reasons.append(Reason("qualification", f"Does not hold {name}."))
            continue
        expires = held[code]
        if expires is not None and expires < last:
            when = "before the course" if expires < first else "during the course"
            reasons.append(Reason("expired", f"{name} expires on {long_date(expires)}, {when}."))

    permitted = set(trainer.get("modules") or [])
    for code in dict.fromkeys(modules):
        if code not in permitted:
            reasons.append(Reason("module", f"Not yet permitted to teach the module {code}."))

    if not trainer.get("cpd_current", False):
        reasons.append(Reason("cpd", "CPD is not up to date."))

    unavailable = {d for d in (as_date(u) for u in trainer.get("unavailable") or []) if d}
    for day in dates:
        if day in unavailable:
            reasons.append(Reason("unavailable", f"Not available on {long_date(day)}."))

    busy: dict[dt.date, list[OtherWork]] = defaultdict(list)
    for work in other_work:
        for day in work.dates:
            busy[day].append(work)
    wanted = set(dates)
    for day in dates:
        for work in busy.get(day, []):
            reasons.append(
                Reason(
                    "clash",
                    f"Already working on {long_date(day)}: {work.engagement}.",
                    work.engagement_id,
                )
            )

    limit = trainer.get("max_days_per_week")
    if limit is not None:
        by_week: dict[tuple[int, int], set[dt.date]] = defaultdict(set)
        for day in wanted | set(busy):
            year, week, _weekday = day.isocalendar()
            by_week[(year, week)].add(day)
        for day in dates:
            year, week, _weekday = day.isocalendar()
            worked = by_week.pop((year, week), None)
            if worked is not None and len(worked) > int(limit):
                monday = dt.date.fromisocalendar(year, week, 1)
                reasons.append(
                    Reason(
                        "weekly_limit",
                        f"Would work {len(worked)} days in the week of {long_date(monday)}; "
                        f"the most is {int(limit)}.",
                    )
                )
    return reasons


def is_eligible(**kwargs: Any) -> bool:
    """True when `ineligibility_reasons` finds nothing."""
    return not ineligibility_reasons(**kwargs)
