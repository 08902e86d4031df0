"""A trainer's work as an iCalendar feed (RFC 5545): one event per day of each engagement.

Times come from the course design's timetable for that day (the first start to the last end,
in Europe/London, written in UTC); a day without a timetable is an all-day event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from breakaway.courses.models import CourseDesignVersion
from breakaway.scheduling.models import Assignment
from breakaway.scheduling.selectors import feed_assignments

LONDON = ZoneInfo("Europe/London")
UID_DOMAIN = "rota.breakaway"


def _day_times(course: dict[str, Any]) -> dict[int, tuple[str, str]]:
    """{day number: (first start, last end)} from a composed course's timetable."""
    times: dict[int, tuple[str, str]] = {}
    for entry in course.get("timetable") or []:
        day = int(entry.get("day") or 1)
        start, end = str(entry.get("start") or ""), str(entry.get("end") or "")
        if not start or not end:
            continue
        if day in times:
            start = min(start, times[day][0])
            end = max(end, times[day][1])
        times[day] = (start, end)
    return times


def _at(day: dt.date, clock: str) -> dt.datetime:
    hours, minutes = (int(part) for part in clock.split(":")[:2])
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=LONDON).astimezone(dt.UTC)


def trainer_calendar(*, trainer: Any, now: dt.datetime | None = None) -> bytes:
    """The iCalendar document of the trainer's published and accepted work."""
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Breakaway//Trainer rota//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Training rota: {trainer}")
    calendar.add("x-wr-timezone", "Europe/London")
    assignments: list[Assignment] = list(feed_assignments(trainer=trainer))
    versions = {
        (v.design_id, v.number): v.course
        for v in CourseDesignVersion.objects.filter(
            design_id__in={a.engagement.design_id for a in assignments}
        ).only("design_id", "number", "course")
    }
    site_url = settings.BREAKAWAY_SITE_URL.rstrip("/")
    for assignment in assignments:
        engagement = assignment.engagement
        days = sorted(d.date for d in engagement.days.all())
        times = _day_times(versions.get((engagement.design_id, engagement.design_version)) or {})
        venue = engagement.venue
        location = ""
        if venue is not None:
            parts = [venue.site.name, venue.site.address.replace("\n", ", "), venue.site.postcode]
            location = ", ".join(p for p in parts if p)
        link = site_url + reverse("scheduling:my_rota")
        for number, day in enumerate(days, start=1):
            event = Event()
            event.add("uid", f"engagement-{engagement.pk}-day-{day.isoformat()}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            # A one-day course booked on several days (a group a day) keeps its day's times.
            slot = number if number in times else (number - 1) % max(len(times), 1) + 1
            if slot in times:
                event.add("dtstart", _at(day, times[slot][0]))
                event.add("dtend", _at(day, times[slot][1]))
            else:
                event.add("dtstart", day)
                event.add("dtend", day + dt.timedelta(days=1))
            summary = f"Training: {engagement.organisation.name}"
            if len(days) > 1:
                summary += f" (day {number} of {len(days)})"
            event.add("summary", summary)
            if location:
                event.add("location", location)
            lines = [
                f"Course: {engagement.design}",
                f"Groups: {engagement.groups}; trainers: {engagement.trainers_needed}",
                f"Your status: {assignment.get_status_display()}",
            ]
            if venue is not None and venue.room_notes:
                lines.append(f"Room: {venue.room_notes}")
            lines.append(f"Your rota: {link}")
            event.add("description", "\n".join(lines))
            if venue is not None:
                event.add("geo", (venue.lat, venue.lon))
            event.add("status", "CONFIRMED" if engagement.status == "confirmed" else "TENTATIVE")
            calendar.add_component(event)
    return calendar.to_ical()
