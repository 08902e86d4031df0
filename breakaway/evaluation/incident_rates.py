"""Change at the client (Kirkpatrick level 4): incidents per 100 staff per month, before and
after the training, over equal windows, with the rate ratio and what it cannot prove.

Pure Python. The month of the training itself is left out (it is part before and part
after); the windows are the whole months either side of it, as many on each side (up to
`max_months`), limited by the months the incident log covers. A month the log covers with no
incident counts as 0. The rate ratio (after ÷ before) and its 95% confidence interval come
from `statistics.rate_ratio` (Poisson counts, CI on the log scale), with staff-months as the
exposure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from breakaway.evaluation.statistics import rate_ratio

DEFAULT_MAX_MONTHS = 12
DEFAULT_MIN_MONTHS = 3

# Why a change in the rate cannot by itself be put down to the training (FACTS.md §3: the
# evidence that training cuts assaults is weak). Always shown.
CAVEATS = (
    "Incidents may already have been rising or falling before the training. A before-and-"
    "after comparison cannot tell that trend apart from an effect of the training.",
    "Training often makes staff more willing to report incidents, so a rise can mean better "
    "reporting rather than more incidents. A change to the reporting system, or to what "
    "counts as an incident, has the same effect.",
    "Training is often booked after a bad spell. After an unusually high period, incident "
    "numbers tend to fall back towards their usual level with or without training (this is "
    "called regression to the mean).",
    "Other things change too: staffing, the people you support, policies and the season. "
    "Only a comparison with similar teams who were not trained could separate these.",
)


def month_key(day: dt.date) -> str:
    """A month as 'YYYY-MM' (the form `incident_selectors` counts by)."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(key: str, months: int) -> str:
    """The month `months` after (or before, when negative) a 'YYYY-MM' month."""
    year, month = int(key[:4]), int(key[5:7])
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> int:
    """How many months from `first` to `last`, both included (0 when last is before first)."""
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    return max(span, 0)


@dataclass(frozen=True)
class MonthRate:
    """One month of the series: its incidents, staff, rate per 100 staff, and side."""

    month: str
    incidents: int
    staff: int
    rate: float | None
    side: str  # "before", "training" or "after"


@dataclass(frozen=True)
class RateChange:
    """The before-and-after comparison, or why it cannot be made (`status` not "ok")."""

    status: str  # ok | no_log | too_short | no_staff
    training_month: str
    months: int = 0  # the length of each window
    months_available_before: int = 0
    months_available_after: int = 0
    before_from: str | None = None
    before_to: str | None = None
    after_from: str | None = None
    after_to: str | None = None
    incidents_before: int = 0
    incidents_after: int = 0
    staff_months_before: float = 0
    staff_months_after: float = 0
    rate_before: float | None = None  # incidents per 100 staff per month
    rate_after: float | None = None
    ratio: float | None = None
    ratio_ci95: tuple[float, float] | None = None
    series: list[MonthRate] = field(default_factory=list)
    message: str = ""
    finding: str = ""
    caveats: tuple[str, ...] = CAVEATS

    @property
    def is_ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio_ci95"] = list(self.ratio_ci95) if self.ratio_ci95 else None
        data["caveats"] = list(self.caveats)
        return data


def _staff_for(staff: int | Mapping[str, int], month: str) -> int:
    if isinstance(staff, Mapping):
        return int(staff.get(month, 0) or 0)
    return int(staff or 0)


def _rate(incidents: int, staff_months: float) -> float | None:
    return 100 * incidents / staff_months if staff_months > 0 else None


def _words(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.1f}"


def incident_rate_change(
    *,
    monthly_incidents: Mapping[str, int],
    staff: int | Mapping[str, int],
    training_on: dt.date,
    covered_from: dt.date | None,
    covered_to: dt.date | None,
    max_months: int = DEFAULT_MAX_MONTHS,
    min_months: int = DEFAULT_MIN_MONTHS,
) -> RateChange:
    """Incidents per 100 staff per month over equal windows either side of the training.

    `monthly_incidents` counts by 'YYYY-MM'; `staff` is one headcount or a headcount per
    month; `covered_from`/`covered_to` is the span the incident log covers (None: no log).
    """
    if max_months < 1 or min_months < 1:
        raise ValueError("The windows must be at least one month long.")
    training = month_key(training_on)
    if covered_from is None or covered_to is None or covered_from > covered_to:
        return RateChange(
            status="no_log",
            training_month=training,
            message="There is no incident log to compare before and after the training.",
        )
    first, last = month_key(covered_from), month_key(covered_to)
    available_before = min(months_between(first, add_months(training, -1)), max_months)
    available_after = min(months_between(add_months(training, 1), last), max_months)
    months = min(available_before, available_after)
    base: dict[str, Any] = {
        "training_month": training,
        "months_available_before": available_before,
        "months_available_after": available_after,
    }
    if months < min_months:
        return RateChange(status="too_short", **base, message=_too_short(base, min_months))
    before = [add_months(training, -k) for k in range(months, 0, -1)]
    after = [add_months(training, k) for k in range(1, months + 1)]
    series = []
    for side, keys in (("before", before), ("after", after)):
        for key in keys:
            count = int(monthly_incidents.get(key, 0))
            people = _staff_for(staff, key)
            series.append(MonthRate(key, count, people, _rate(count, people), side))
    incidents_before = sum(m.incidents for m in series if m.side == "before")
    incidents_after = sum(m.incidents for m in series if m.side == "after")
    exposure_before = float(sum(m.staff for m in series if m.side == "before"))
    exposure_after = float(sum(m.staff for m in series if m.side == "after"))
    window: dict[str, Any] = {
        **base,
        "months": months,
        "before_from": before[0],
        "before_to": before[-1],
        "after_from": after[0],
        "after_to": after[-1],
        "incidents_before": incidents_before,
        "incidents_after": incidents_after,
        "staff_months_before": exposure_before,
        "staff_months_after": exposure_after,
        "series": series,
    }
    if exposure_before <= 0 or exposure_after <= 0:
        return RateChange(
            status="no_staff",
            **window,
            message=(
                "The number of staff is not known, so incidents cannot be set against the "
                "size of the workforce. Add the headcount to compare rates."
            ),
        )
    result = rate_ratio(incidents_before, exposure_before, incidents_after, exposure_after)
    ratio, ci = (result[0], result[1]) if result else (None, None)
    rate_before = _rate(incidents_before, exposure_before)
    rate_after = _rate(incidents_after, exposure_after)
    change = RateChange(
        status="ok",
        **window,
        rate_before=rate_before,
        rate_after=rate_after,
        ratio=ratio,
        ratio_ci95=ci,
    )
    return replace(change, finding=finding_words(change))


def _too_short(base: dict[str, Any], min_months: int) -> str:
    before = base["months_available_before"]
    after = base["months_available_after"]
    short = []
    if before < min_months:
        short.append(f"{before} full month{'s' if before != 1 else ''} before the training")
    if after < min_months:
        short.append(f"{after} full month{'s' if after != 1 else ''} after it")
    return (
        f"The incident log covers only {' and '.join(short)}. A fair comparison needs at "
        f"least {min_months} months on each side, so it is not made yet."
    )


def finding_words(change: RateChange) -> str:
    """What the comparison found, in one or two plain sentences with its uncertainty."""
    if change.rate_before is None or change.rate_after is None:
        return ""
    months = change.months
    text = (
        f"In the {months} months before the training there were {change.incidents_before} "
        f"incidents ({_words(change.rate_before)} per 100 staff per month); in the {months} "
        f"months after there were {change.incidents_after} "
        f"({_words(change.rate_after)} per 100 staff per month)."
    )
    if change.ratio is None or change.ratio_ci95 is None:
        return (
            f"{text} With no incidents on one side, the rate ratio and its uncertainty cannot "
            "be worked out."
        )
    lo, hi = change.ratio_ci95
    percent = abs(change.ratio - 1) * 100
    direction = "lower" if change.ratio < 1 else "higher"
    text += (
        f" The rate after was {percent:.0f}% {direction} (rate ratio {change.ratio:.2f}, "
        f"95% CI {lo:.2f} to {hi:.2f})."
        if round(percent) > 0
        else f" The rate was about the same (rate ratio {change.ratio:.2f}, 95% CI {lo:.2f} "
        f"to {hi:.2f})."
    )
    if lo <= 1 <= hi:
        text += (
            " The interval includes no change, so these numbers are consistent with no real "
            "change in the rate."
        )
    return text
