"""Erase one person's identifying details, keeping every figure (see privacy/erasure.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser

from breakaway.core.management.base import CommandFailed, JsonCommand
from breakaway.delivery.models import StaffMember
from breakaway.privacy.erasure import names_match, person_erase


class Command(JsonCommand):
    help = (
        "Erase a person's name, e-mail address and employee number for good; their answers and "
        "results stay, about nobody. --confirm-name must be their full name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--staff-member", type=int, required=True, help="The person's id.")
        parser.add_argument(
            "--confirm-name", required=True, help="The person's full name, as a check."
        )

    def run(self, **options: Any) -> dict[str, Any]:
        person = (
            StaffMember.objects.select_related("organisation")
            .filter(pk=options["staff_member"], pseudonym__isnull=True)
            .first()
        )
        if person is None:
            raise CommandFailed(f"No person with id {options['staff_member']}.")
        if not names_match(options["confirm_name"], person):
            raise CommandFailed("--confirm-name is not the person's name: nothing was changed.")
        try:
            erasure = person_erase(staff_member=person, erased_by=None)
        except ValidationError as error:
            raise CommandFailed(error.messages) from None
        return {"staff_member": person.pk, "reference": erasure.reference}

    def describe(self, result: Any) -> str:
        return f"Erased: the person is now Erased person {result['reference']}"
