"""Attendees' personal links: made, resolved, and remembered for the browser that opened one.

An attendee has no account. Their link (`/a/<token>/`) is their key: 256 random bits, only a
hash stored. Opening it remembers the link in this browser, so pages reached by scanning a
code in the room (the register) and the questionnaire pages know who is there.

It is remembered in a cookie of its own, signed (so it cannot be made up or changed) and
holding only the link's id; every request still checks that the link is live, so revoking or
expiring it ends it at once. Attendees' requests therefore never read the session table: when
a room sends its questionnaires at once, that read was a fifth of the work.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from breakaway.accounts.models import hash_secret
from breakaway.delivery.models import AttendeeLink, StaffMember

COOKIE = "breakaway_attendee"
COOKIE_SALT = "breakaway.delivery.links"


def attendee_link_create(
    *, staff_member: StaffMember, expires_at: datetime.datetime
) -> tuple[AttendeeLink, str]:
    """A new link for the person, revoking their earlier ones; returns it and its token (the
    only time the token exists outside the person's e-mail or letter)."""
    now = timezone.now()
    AttendeeLink.objects.filter(staff_member=staff_member, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    link = AttendeeLink.objects.create(
        staff_member=staff_member, token_hash=hash_secret(token), expires_at=expires_at
    )
    return link, token


def attendee_link_resolve(token: str) -> AttendeeLink | None:
    """The live link for a token, or None when it is unknown, revoked or expired."""
    if not token or len(token) > 100:
        return None
    return (
        AttendeeLink.objects.select_related("staff_member__organisation")
        .filter(
            token_hash=hash_secret(token), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )


def attendee_remember(response: HttpResponse, link: AttendeeLink) -> None:
    """Remember in this browser whose link was opened (until the link expires)."""
    seconds = int((link.expires_at - timezone.now()).total_seconds())
    response.set_signed_cookie(
        COOKIE,
        str(link.pk),
        salt=COOKIE_SALT,
        max_age=max(seconds, 0),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def attendee_cookie(link: AttendeeLink) -> tuple[str, str]:
    """The cookie's name and value for a link, as a browser that opened it holds them (for
    tests and benchmarks that start from there)."""
    response = HttpResponse()
    attendee_remember(response, link)
    return COOKIE, response.cookies[COOKIE].value


def attendee_link_id(request: Any) -> int | None:
    """The id of the link this browser opened, as remembered (live or not: check it)."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    return int(value) if value and value.isascii() and value.isdigit() else None


def attendee_from_request(request: Any) -> AttendeeLink | None:
    """The attendee whose link this browser opened, if it is still live."""
    pk = attendee_link_id(request)
    if pk is None:
        return None
    return (
        AttendeeLink.objects.select_related("staff_member__organisation")
        .filter(pk=pk, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("pk")  # one row at most; cheaper than the default ordering
        .first()
    )
