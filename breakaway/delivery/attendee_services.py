"""Attendees' links: invitations by e-mail, printed letters with a QR code, and "send me a new
link". Every new link revokes the person's earlier ones (`links.attendee_link_create`).

A link stays valid until the follow-up period after the person's last course day has passed
(`follow_up_period`, plus a margin for late questionnaires); refreshers will extend it later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from breakaway.core.audit import audit_log
from breakaway.core.emails import email_send
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import Enrolment, StaffMember
from breakaway.scheduling.eligibility import long_date
from breakaway.scheduling.models import Engagement

LINK_MARGIN: Final = dt.timedelta(days=14)
# Places that keep a link alive: on a group or on the waiting list.
LIVE: Final = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITING)


def live_enrolments(staff_member: StaffMember) -> Any:
    """The person's places (in a group or waiting) on courses that are not cancelled."""
    return Enrolment.objects.filter(staff_member=staff_member, status__in=LIVE).exclude(
        engagement__status=Engagement.Status.CANCELLED
    )


def attendee_link_expiry(*, staff_member: StaffMember) -> dt.datetime:
    """When a new link for the person stops working: the end of their last course day (today
    when no day is set yet) plus the follow-up period and a margin."""
    last = live_enrolments(staff_member).aggregate(last=Max("engagement__days__date"))["last"]
    base = last or timezone.localdate()
    end_of_day = timezone.make_aware(dt.datetime.combine(base, dt.time(23, 59)))
    return end_of_day + follow_up_period() + LINK_MARGIN


def follow_up_period() -> dt.timedelta:
    """From a course's last day until its follow-up questionnaire closes."""
    return dt.timedelta(
        weeks=settings.BREAKAWAY_FOLLOW_UP_WEEKS + settings.BREAKAWAY_FOLLOW_UP_OPEN_WEEKS
    )


def attendee_url(token: str) -> str:
    """The full address of a person's page, for e-mails and letters."""
    return settings.BREAKAWAY_SITE_URL.rstrip("/") + reverse("attendee:page", args=[token])


def course_title(engagement: Engagement) -> str:
    """How attendees know the course: its length and what it is."""
    return f"{engagement.design.get_length_display()} personal safety and breakaway training"


def _dates(engagement: Engagement) -> str:
    return ", ".join(long_date(d) for d in sorted(day.date for day in engagement.days.all()))


def _new_link(staff_member: StaffMember, expires_at: dt.datetime | None = None) -> str:
    _link, token = attendee_link_create(
        staff_member=staff_member,
        expires_at=expires_at or attendee_link_expiry(staff_member=staff_member),
    )
    return attendee_url(token)


def _asked_link_expiry(member: StaffMember, now: dt.datetime) -> dt.datetime | None:
    """How long a link asked for again lasts: as any link until the follow-up is over; after
    it, as a refresher's link while one waits to be answered; None when there is nothing
    left to open a link for."""
    expires_at = attendee_link_expiry(staff_member=member)
    if expires_at > now:
        return expires_at
    # Learning builds on delivery, so its refreshers are asked here rather than imported above.
    from breakaway.learning.refresher_services import refresher_link_expiry

    return refresher_link_expiry(staff_member=member, now=now)


def _context(enrolment: Enrolment, url: str) -> dict[str, Any]:
    engagement = enrolment.engagement
    provider = engagement.organisation.provider or engagement.organisation
    venue = engagement.venue.site.name if engagement.venue_id and engagement.venue else ""
    return {
        "name": enrolment.staff_member.first_name or enrolment.staff_member.full_name,
        "course": course_title(engagement),
        "client": engagement.organisation.name,
        "provider": provider.name,
        "dates": _dates(engagement),
        "venue": venue,
        "group": enrolment.group.number if enrolment.group_id and enrolment.group else None,
        "waiting": enrolment.status == Enrolment.Status.WAITING,
        "link": url,
    }


@transaction.atomic
def attendee_invite(
    *, enrolment: Enrolment, sent_by: Any, template: str = "attendee_invitation"
) -> bool:
    """E-mail the person a new personal link to their page; False when they have no e-mail."""
    member = enrolment.staff_member
    if not member.email:
        return False
    url = _new_link(member)
    email_send(template=template, to=[member.email], context=_context(enrolment, url))
    enrolment.invited_at = timezone.now()
    enrolment.save(update_fields=["invited_at"])
    audit_log(
        actor=sent_by,
        action="enrolment.invite" if template == "attendee_invitation" else f"enrolment.{template}",
        obj=enrolment,
        organisation=enrolment.engagement.organisation,
        after={"invited_at": enrolment.invited_at.isoformat(), "by": "email"},
    )
    return True


def roster_invitations_send(
    *, engagement: Engagement, sent_by: Any, again: bool = False
) -> dict[str, int]:
    """Invite everyone in a group who has a work e-mail and has not been invited yet (or
    everyone, `again`); counts of those sent and of those who need a letter."""
    enrolments = Enrolment.objects.filter(
        engagement=engagement, status=Enrolment.Status.ENROLLED
    ).select_related("staff_member", "group", "engagement__organisation__provider")
    if not again:
        enrolments = enrolments.filter(invited_at__isnull=True)
    sent = without_email = 0
    for enrolment in enrolments:
        enrolment.engagement = engagement
        if attendee_invite(enrolment=enrolment, sent_by=sent_by):
            sent += 1
        else:
            without_email += 1
    return {"sent": sent, "without_email": without_email}


@dataclass(frozen=True)
class Letter:
    enrolment: Enrolment
    url: str
    qr_svg: str


def qr_svg(url: str) -> str:
    """The address as an inline SVG QR code (readable on paper at 4 mm a module or less)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=5, dark="#000000", light="#ffffff")


@transaction.atomic
def attendee_letters(*, enrolments: list[Enrolment], printed_by: Any) -> list[Letter]:
    """Letters to print for people without a work e-mail: each with a new link (so an earlier
    letter's link stops working) as an address and a QR code."""
    letters = []
    now = timezone.now()
    for enrolment in enrolments:
        url = _new_link(enrolment.staff_member)
        enrolment.invited_at = now
        enrolment.save(update_fields=["invited_at"])
        audit_log(
            actor=printed_by,
            action="enrolment.letter",
            obj=enrolment,
            organisation=enrolment.engagement.organisation,
            after={"invited_at": now.isoformat(), "by": "letter"},
        )
        letters.append(Letter(enrolment=enrolment, url=url, qr_svg=qr_svg(url)))
    return letters


def attendee_new_link_request(*, email: str) -> int:
    """Send a new link to each current person with this work e-mail who has a place on a
    course whose follow-up is not over, or a refresher waiting to be answered; how many were
    sent (never shown to the asker)."""
    address = email.strip().lower()
    if not address:
        return 0
    people = (
        StaffMember.objects.current()
        .filter(email__iexact=address, enrolments__status__in=LIVE)
        .exclude(enrolments__engagement__status=Engagement.Status.CANCELLED)
        .distinct()
    )
    sent = 0
    now = timezone.now()
    for member in people:
        enrolment = (
            live_enrolments(member)
            .select_related("engagement__organisation__provider", "engagement__design", "group")
            .prefetch_related("engagement__days")
            .annotate(last_day=Max("engagement__days__date"))
            .order_by("-last_day")
            .first()
        )
        expires_at = _asked_link_expiry(member, now) if enrolment is not None else None
        if expires_at is None:
            continue
        with transaction.atomic():
            url = _new_link(member, expires_at)
            email_send(
                template="attendee_new_link", to=[member.email], context=_context(enrolment, url)
            )
            audit_log(
                actor=None,
                action="attendee_link.resend",
                obj=member,
                organisation=member.organisation,
            )
        sent += 1
    return sent


def attendee_link_touch(*, link: Any) -> None:
    """Note when a link was last opened (at most once a minute, to spare the database)."""
    now = timezone.now()
    if link.last_used_at is None or now - link.last_used_at > dt.timedelta(minutes=1):
        type(link).objects.filter(pk=link.pk).update(last_used_at=now)
        link.last_used_at = now
