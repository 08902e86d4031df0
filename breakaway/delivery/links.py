"""Attendees' personal links: made, resolved, and remembered for the browser that opened one.

An attendee has no account. Their link (`/a/<token>/`) is their key: 256 random bits, only a
hash stored. Opening it remembers the link in the session, so pages reached by scanning a
code in the room (the register) know who is scanning.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.utils import timezone

from breakaway.accounts.models import hash_secret
from breakaway.delivery.models import AttendeeLink, StaffMember

SESSION_KEY = "breakaway_attendee_link"


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


def attendee_remember(request: Any, link: AttendeeLink) -> None:
    """Remember in this browser's session whose link was opened."""
    request.session[SESSION_KEY] = link.pk


def attendee_from_request(request: Any) -> AttendeeLink | None:
    """The attendee whose link this browser opened, if it is still live."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return (
        AttendeeLink.objects.select_related("staff_member__organisation")
        .filter(pk=pk, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("pk")  # one row at most; cheaper than the default ordering
        .first()
    )
