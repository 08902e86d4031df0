"""What an attendee's own page shows: for each course they have a place on, what, when, where
(with a map link), their group, what to wear and bring, and their health screening."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.catalogue import content
from breakaway.catalogue.models import ModuleVersion
from breakaway.delivery.attendee_services import LIVE, course_title, follow_up_period
from breakaway.delivery.models import Enrolment, HealthScreening, StaffMember
from breakaway.delivery.roster_selectors import design_version_for
from breakaway.delivery.screening_services import screening_is_open
from breakaway.scheduling.models import Engagement


@dataclass
class CourseDay:
    date: dt.date
    starts: str
    ends: str


@dataclass
class AttendeeCourse:
    enrolment: Enrolment
    title: str
    provider: str
    days: list[CourseDay]
    venue_name: str
    venue_address: str
    map_url: str
    room_notes: str
    physical: bool
    wear: list[str] = field(default_factory=list)
    bring: list[str] = field(default_factory=list)
    screening: HealthScreening | None = None
    screening_open: bool = False

    @property
    def waiting(self) -> bool:
        return self.enrolment.status == Enrolment.Status.WAITING

    @property
    def group(self) -> int | None:
        group = self.enrolment.group
        return group.number if group is not None else None


def map_url(lat: float, lon: float) -> str:
    """The place on OpenStreetMap."""
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"
    )


def _times(course: dict[str, Any], day_number: int) -> tuple[str, str]:
    slots = [s for s in course.get("timetable") or [] if s.get("day", 1) == day_number]
    if not slots:
        return str(course.get("start") or ""), ""
    return str(slots[0].get("start") or ""), str(slots[-1].get("end") or "")


def is_physical(course: dict[str, Any]) -> bool:
    """Whether the course has physical practice: a module the catalogue teaches by practice,
    or one at least moderately physical."""
    modules = course.get("modules") or []
    if any((m.get("intensity") or 0) >= content.MODERATE for m in modules):
        return True
    codes = [m.get("code") for m in modules if m.get("code")]
    return any(
        content.PHYSICAL in (methods or [])
        for methods in ModuleVersion.objects.filter(
            module__code__in=codes, is_current=True
        ).values_list("methods", flat=True)
    )


def what_to_wear(physical: bool) -> tuple[list[str], list[str]]:
    """What to wear and what to bring, from whether there is physical practice."""
    if physical:
        wear = [
            _("Comfortable clothes you can move in, such as trousers rather than a skirt"),
            _("Flat shoes with a good grip, such as trainers"),
            _("No jewellery you cannot take off, and long hair tied back"),
        ]
        bring = [
            _("A bottle of water"),
            _("Any medicine you may need during the day, such as an inhaler"),
        ]
    else:
        wear = [_("Your usual work clothes")]
        bring = [_("A bottle of water")]
    return wear, bring


def attendee_course(enrolment: Enrolment) -> AttendeeCourse:
    engagement = enrolment.engagement
    version = design_version_for(engagement)
    course = version.course if version else {}
    dates = sorted(d.date for d in engagement.days.all())
    days = [CourseDay(date, *_times(course, number)) for number, date in enumerate(dates, 1)]
    venue = engagement.venue
    site = venue.site if venue else None
    physical = is_physical(course)
    wear, bring = what_to_wear(physical)
    provider = engagement.organisation.provider or engagement.organisation
    screening = HealthScreening.objects.filter(enrolment=enrolment).first() if physical else None
    return AttendeeCourse(
        enrolment=enrolment,
        title=course_title(engagement),
        provider=provider.name,
        days=days,
        venue_name=site.name if site else "",
        venue_address=", ".join(
            part
            for part in (
                site.address.replace("\n", ", ") if site else "",
                site.postcode if site else "",
            )
            if part
        ),
        map_url=map_url(venue.lat, venue.lon) if venue else "",
        room_notes=venue.room_notes if venue else "",
        physical=physical,
        wear=wear,
        bring=bring,
        screening=screening,
        screening_open=physical and screening_is_open(engagement=engagement),
    )


def attendee_courses(*, staff_member: StaffMember) -> list[AttendeeCourse]:
    """The person's places on courses not cancelled and whose follow-up is not over, soonest
    first."""
    since = timezone.localdate() - follow_up_period()
    enrolments = (
        Enrolment.objects.filter(staff_member=staff_member, status__in=LIVE)
        .exclude(engagement__status=Engagement.Status.CANCELLED)
        .select_related(
            "group",
            "engagement__organisation__provider",
            "engagement__design",
            "engagement__venue__site",
        )
        .prefetch_related("engagement__days")
        .annotate(last_day=Max("engagement__days__date"))
        .order_by("last_day", "pk")
    )
    return [
        attendee_course(e)
        for e in enrolments
        if e.last_day is None or e.last_day >= since  # type: ignore[attr-defined]
    ]


def attendee_enrolment_get(*, staff_member: StaffMember, pk: int) -> Enrolment:
    """One of the person's own places (in a group or waiting); any other answers 404."""
    enrolment = (
        Enrolment.objects.filter(pk=pk, staff_member=staff_member, status__in=LIVE)
        .select_related("engagement__organisation__provider", "engagement__design", "group")
        .prefetch_related("engagement__days")
        .first()
    )
    if enrolment is None:
        raise Http404("No such place.")
    return enrolment
