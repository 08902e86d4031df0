"""Booking: an accepted quote becomes confirmed engagements, one per start date of its groups."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction

from breakaway.core.audit import audit_log, snapshot
from breakaway.scheduling.models import Engagement, EngagementDay

if TYPE_CHECKING:
    from breakaway.quotes.models import Quote

# How many training days each course length takes (a part day still takes the whole date).
LENGTH_DAYS = {"3h": 1, "half-day": 1, "1-day": 1, "2-day": 2}
SATURDAY = 5


def course_days(*, starts_on: date, length: str) -> list[date]:
    """The dates a group trains on: its start date, then the following weekdays as needed."""
    days = [starts_on]
    day = starts_on
    while len(days) < LENGTH_DAYS.get(length, 1):
        day += timedelta(days=1)
        if day.weekday() < SATURDAY:
            days.append(day)
    return days


def _groups_by_start(quote: Quote) -> dict[date, list[dict[str, Any]]]:
    groups: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for group in (quote.priced or {}).get("groups") or []:
        groups[date.fromisoformat(group["date"])].append(group)
    return dict(sorted(groups.items()))


@transaction.atomic
def engagements_create_for_quote(*, quote: Quote, created_by: Any) -> list[Engagement]:
    """Book an accepted quote: one confirmed engagement per distinct group start date.

    Groups starting on the same date share an engagement (its groups are their count, its
    trainers the sum of theirs). Booking a quote again returns the engagements it has.
    """
    existing = list(Engagement.objects.filter(quote=quote).order_by("id"))
    if existing:
        return existing
    length = quote.design.length
    engagements = []
    for starts_on, groups in _groups_by_start(quote).items():
        engagement = Engagement(
            organisation=quote.organisation,
            design=quote.design,
            design_version=quote.design_version,
            quote=quote,
            venue=quote.venue,
            groups=len(groups),
            trainers_needed=sum(int(group["trainers"]) for group in groups),
            status=Engagement.Status.CONFIRMED,
            cancellation_terms=quote.cancellation_terms,
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        )
        engagement.full_clean()
        engagement.save()
        EngagementDay.objects.bulk_create(
            EngagementDay(engagement=engagement, date=day)
            for day in course_days(starts_on=starts_on, length=length)
        )
        audit_log(
            actor=created_by,
            action="engagement.create",
            obj=engagement,
            after=snapshot(engagement, ["quote_id", "groups", "trainers_needed", "status"])
            | {"days": [d.isoformat() for d in course_days(starts_on=starts_on, length=length)]},
            organisation=quote.organisation,
        )
        engagements.append(engagement)
    return engagements
