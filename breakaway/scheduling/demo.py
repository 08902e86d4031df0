"""Demo engagements: venues at the demo clients' sites (real UK positions) and about ten
engagements over the next three months, some with trainers. Running it again changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from breakaway.accounts.models import Organisation, Site
from breakaway.courses.models import CourseDesign
from breakaway.scheduling.assignment_services import assignment_add
from breakaway.scheduling.engagement_services import (
    engagement_confirm,
    engagement_create,
    venue_save,
)
from breakaway.scheduling.models import Engagement, Venue
from breakaway.scheduling.selectors import engagement_candidates

# Site name → (latitude, longitude, room notes); positions of the sites' postcode areas.
VENUES = {
    "Riverside Hospital": (53.4631, -2.2426, "Education centre, room 2. Parking by the main gate."),
    "Oakfield Unit": (53.4169, -2.2306, "Activity room; clear the tables first. Ring the ward."),
    "Meadowbank House": (53.8190, -1.5770, "Dining room after lunch service. Visitor parking."),
    "Willow Court": (53.8230, -1.5080, "Lounge on the ground floor; mats in the store."),
    "Hillcrest Academy": (53.3811, -1.5085, "Sports hall, or the drama studio if it is booked."),
}
# (client, site, weeks ahead, days, trainers needed, confirmed, assign)
PLAN = [
    ("riverside-mental-health", "Riverside Hospital", 2, 1, 2, True, True),
    ("riverside-mental-health", "Oakfield Unit", 3, 2, 1, True, True),
    ("meadowbank-care", "Meadowbank House", 4, 1, 1, True, True),
    ("hillcrest-academy", "Hillcrest Academy", 5, 1, 2, True, False),
    ("riverside-mental-health", "Riverside Hospital", 6, 1, 2, False, False),
    ("meadowbank-care", "Willow Court", 7, 1, 1, True, True),
    ("riverside-mental-health", "Oakfield Unit", 8, 2, 1, False, False),
    ("hillcrest-academy", "Hillcrest Academy", 9, 1, 1, False, False),
    ("meadowbank-care", "Meadowbank House", 10, 1, 1, False, False),
    ("riverside-mental-health", "Riverside Hospital", 12, 1, 2, False, False),
]


def _venues(provider: Organisation) -> dict[str, Venue]:
    venues = {}
    for site in Site.objects.filter(organisation__provider=provider, name__in=VENUES):
        venue = Venue.objects.filter(site=site).first()
        if venue is None:
            lat, lon, notes = VENUES[site.name]
            venue = venue_save(site=site, lat=lat, lon=lon, room_notes=notes, changed_by=None)
        venues[f"{site.organisation.slug}/{site.name}"] = venue
    return venues


def _weekdays(start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _design(organisation: Organisation) -> CourseDesign | None:
    design = CourseDesign.objects.filter(organisation=organisation).first()
    if design is None:
        from breakaway.courses.services import course_design_create

        design = course_design_create(
            organisation=organisation, created_by=None, length="1-day", headcount=12
        )
    return design


def seed_engagements(provider: Organisation) -> None:
    """Venues and engagements for the demo provider, once (a booked quote makes its own)."""
    venues = _venues(provider)
    if Engagement.objects.filter(organisation__provider=provider, quote__isnull=True).exists():
        return
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    for slug, site, weeks, length, needed, confirmed, assign in PLAN:
        venue = venues.get(f"{slug}/{site}")
        if venue is None:
            continue
        design = _design(venue.site.organisation)
        if design is None:
            continue
        version = design.versions.order_by("-number").values_list("number", flat=True).first()
        start = monday + dt.timedelta(weeks=weeks, days=1 + weeks % 3)
        engagement = engagement_create(
            design=design,
            design_version=int(version or 1),
            venue=venue,
            days=_weekdays(start, length),
            trainers_needed=needed,
            created_by=None,
        )
        if confirmed:
            engagement_confirm(engagement=engagement, confirmed_by=None)
        if assign:
            _assign(engagement)


def _assign(engagement: Engagement) -> None:
    from breakaway.trainers.models import Trainer

    fresh = Engagement.objects.prefetch_related("days", "assignments").get(pk=engagement.pk)
    eligible = [c.id for c in engagement_candidates(engagement=fresh) if c.eligible]
    for trainer in Trainer.objects.filter(pk__in=eligible[: engagement.trainers_needed]):
        try:
            assignment_add(engagement=engagement, trainer=trainer, assigned_by=None)
        except ValidationError:
            continue
