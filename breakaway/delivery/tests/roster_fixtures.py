"""Engagements with rosters for the roster, attendee and screening tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from breakaway.accounts.models import Organisation, Site
from breakaway.catalogue.content import load_catalogue
from breakaway.catalogue.models import Module
from breakaway.courses.services import course_design_create
from breakaway.delivery.models import StaffMember, TrainingGroup
from breakaway.delivery.roster_services import roster_groups_ensure
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.scheduling.engagement_services import engagement_create, venue_save
from breakaway.scheduling.models import Engagement


def make_engagement(
    organisation: Organisation,
    *,
    days_ahead: int = 14,
    groups: int = 2,
    capacity: int | None = 2,
    length: str = "1-day",
) -> Engagement:
    """A booked course at the client's site; each group with `capacity` places."""
    if not Module.objects.exists():
        load_catalogue()
    site, _made = Site.objects.get_or_create(
        organisation=organisation,
        name="Riverside Hospital",
        defaults={"postcode": "M15 4ZZ", "address": "1 Hospital Road\nManchester"},
    )
    venue = venue_save(site=site, lat=53.4631, lon=-2.2426, room_notes="Room 2", changed_by=None)
    design = course_design_create(
        organisation=organisation, created_by=None, length=length, headcount=12
    )
    engagement = engagement_create(
        design=design,
        design_version=1,
        venue=venue,
        days=[timezone.localdate() + dt.timedelta(days=days_ahead)],
        groups=groups,
        created_by=None,
    )
    roster_groups_ensure(engagement=engagement)
    if capacity is not None:
        TrainingGroup.objects.filter(engagement=engagement).update(capacity=capacity)
    return engagement


def people(organisation: Organisation, count: int, **extra: Any) -> list[StaffMember]:
    return StaffMemberFactory.create_batch(count, organisation=organisation, **extra)


def assign(engagement: Engagement, user: Any) -> None:
    """Publish the user (a trainer) on the engagement."""
    from breakaway.scheduling.models import Assignment
    from breakaway.trainers.services import trainer_ensure_for_user

    Assignment.objects.create(
        engagement=engagement,
        trainer=trainer_ensure_for_user(user=user),
        status=Assignment.Status.PUBLISHED,
    )
