"""Counting incidents in SQL for the profile: three grouped scans, whatever the row count.

Each scan groups by a few plain columns at once, walking a covering index in order (no
sort), and the distributions are added up in Python from the grouped result, so a million
incidents cost three index passes, not twelve table scans. Values we could not map are
grouped under `taxonomy.UNRECOGNISED` (the raw values stay on the rows for the review step).
The pure `profiling` and `risk` modules turn the counts into the profile.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, IntegerField, Max, Min, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.assessments import profiling
from breakaway.assessments.models import Incident

NOT_RECORDED = "not recorded"
DEFAULT_PERIOD_YEARS = 2  # two years of incident data, as a training needs analysis asks


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def incident_span(*, organisation: Organisation) -> tuple[dt.date | None, dt.date | None]:
    """The first and last dates of the organisation's incidents (None when it has none)."""
    span = Incident.objects.filter(organisation=organisation).aggregate(
        first=Min("occurred_on"), last=Max("occurred_on")
    )
    return span["first"], span["last"]


def incident_counts(
    *,
    organisation: Organisation,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    headcount: int | None = None,
) -> profiling.IncidentCounts:
    """Count an organisation's incidents in a period (inclusive dates), grouped every way.

    Without dates: the two years up to the latest incident. The previous period (of the same
    length) is counted for the trend only when the log reaches back that far.
    """
    first, last = incident_span(organisation=organisation)
    date_to = date_to or last or timezone.localdate()
    date_from = date_from or _years_before(date_to, DEFAULT_PERIOD_YEARS) + dt.timedelta(days=1)
    days = (date_to - date_from).days + 1
    previous_from = date_from - dt.timedelta(days=days)
    previous_total = None
    if first is not None and first <= previous_from:
        previous_total = Incident.objects.filter(
            organisation=organisation,
            occurred_on__range=(previous_from, date_from - dt.timedelta(days=1)),
        ).count()
    rows = Incident.objects.filter(
        organisation=organisation, occurred_on__range=(date_from, date_to)
    )
    when = _count_when(rows)
    what = _count_what(rows)
    who = _count_who(rows)
    return profiling.IncidentCounts(
        period_from=date_from,
        period_to=date_to,
        headcount=headcount if headcount is not None else organisation.headcount,
        previous_total=previous_total,
        **when,
        **what,
        **who,
    )


def _key(code: str | None) -> str:
    return code or NOT_RECORDED


def _count_when(rows: Any) -> dict[str, Any]:
    """Scan 1 (index incident_when): per day and hour; weekday and month follow from the day."""
    total = riddor = unknown_time = 0
    by_hour, by_weekday, by_month = [0] * 24, [0] * 7, Counter[str]()
    grouped = rows.values_list("occurred_on", "hour").annotate(
        n=Count("id"), riddor=Sum(Cast("riddor_reportable", IntegerField()))
    )
    for day, hour, n, reportable in grouped.order_by():
        total += n
        riddor += reportable or 0
        if hour is None:
            unknown_time += n
        else:
            by_hour[hour] += n
        by_weekday[day.weekday()] += n
        by_month[f"{day.year:04d}-{day.month:02d}"] += n
    return {
        "total": total,
        "riddor_reportable": riddor,
        "unknown_time": unknown_time,
        "by_hour": by_hour,
        "by_weekday": by_weekday,
        "by_month": dict(by_month),
    }


def _count_what(rows: Any) -> dict[str, Any]:
    """Scan 2 (index incident_what): what, how, where, harm and hour: flashpoints, risk areas."""
    grouped = rows.values_list(
        "category", "assault_form", "location_type", "harm", "hour"
    ).annotate(n=Count("id"))
    by_category, by_location, by_form, by_harm = (Counter[str]() for _ in range(4))
    area_rows = []
    for category, form, location, harm, hour, n in grouped.order_by():
        category, form, location, harm = _key(category), _key(form), _key(location), _key(harm)
        by_category[category] += n
        by_location[location] += n
        by_form[form] += n
        by_harm[harm] += n
        area_rows.append(
            {
                "category": category,
                "assault_form": form,
                "location": location,
                "hour": hour,
                "harm": harm,
                "count": n,
            }
        )
    return {
        "by_category": dict(by_category),
        "by_location": dict(by_location),
        "by_assault_form": dict(by_form),
        "by_harm": dict(by_harm),
        "flashpoints": profiling.flashpoint_table(area_rows),
        "by_area": profiling.area_counts_from_rows(area_rows),
    }


def _count_who(rows: Any) -> dict[str, Any]:
    """Scan 3 (index incident_who): site and who."""
    grouped = rows.values_list("site", "perpetrator_type").annotate(n=Count("id"))
    by_site, by_perpetrator = Counter[str](), Counter[str]()
    for site, perpetrator, n in grouped.order_by():
        by_site[site or NOT_RECORDED] += n
        by_perpetrator[_key(perpetrator)] += n
    return {"by_site": dict(by_site), "by_perpetrator": dict(by_perpetrator)}


def incident_profile_for(
    *,
    organisation: Organisation,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    headcount: int | None = None,
) -> profiling.IncidentProfile:
    """The incident profile of an organisation, in its own shift pattern."""
    counts = incident_counts(
        organisation=organisation, date_from=date_from, date_to=date_to, headcount=headcount
    )
    return profiling.build_profile(counts, shifts=organisation.shift_pattern or None)
