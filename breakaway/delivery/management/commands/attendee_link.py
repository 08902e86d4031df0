"""Print a fresh personal link for an attendee (revoking their earlier ones), for trying the
attendee's pages in the demo or helping someone whose e-mail does not arrive.

    manage.py attendee_link --email aisha.khan@riverside.example [--json]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from breakaway.core.management.base import CommandFailed, JsonCommand
from breakaway.delivery.attendee_services import (
    attendee_link_expiry,
    attendee_url,
    live_enrolments,
)
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import StaffMember


class Command(JsonCommand):
    help = "Make a new personal link for the attendee with this e-mail and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The person's work e-mail address.")

    def run(self, **options: Any) -> dict[str, Any]:
        people = StaffMember.objects.current().filter(email__iexact=options["email"].strip())
        member = next((p for p in people if live_enrolments(p).exists()), None)
        if member is None:
            raise CommandFailed("No one with a place on a course has this e-mail address.")
        link, token = attendee_link_create(
            staff_member=member, expires_at=attendee_link_expiry(staff_member=member)
        )
        return {
            "person": member.full_name,
            "url": attendee_url(token),
            "expires_at": link.expires_at.isoformat(),
        }

    def describe(self, result: Any) -> str:
        return f"{result['person']}: {result['url']}\n(valid until {result['expires_at']})"
