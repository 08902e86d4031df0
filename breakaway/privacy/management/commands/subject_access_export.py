"""Write one person's data (subject access) to a ZIP: JSON files and their certificate PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from breakaway.core.management.base import EXIT_UNUSABLE, CommandFailed, JsonCommand
from breakaway.delivery.models import StaffMember
from breakaway.privacy.export import subject_access_export


class Command(JsonCommand):
    help = (
        "Write everything held about one person on a staff list to OUT.zip (written whole: a "
        "temporary file beside it, then renamed). Recorded in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--staff-member", type=int, required=True, help="The person's id.")
        parser.add_argument("out", type=Path, help="The ZIP file to write.")
        parser.add_argument(
            "--force", action="store_true", help="Replace OUT if it exists already."
        )

    def run(self, **options: Any) -> dict[str, Any]:
        out: Path = options["out"]
        person = (
            StaffMember.objects.select_related("organisation")
            .filter(pk=options["staff_member"], pseudonym__isnull=True)
            .first()
        )
        if person is None:
            raise CommandFailed(f"No person with id {options['staff_member']}.")
        if not out.parent.is_dir():
            raise CommandFailed(f"{out.parent} is not a directory.", exit_code=EXIT_UNUSABLE)
        if out.exists() and not options["force"]:
            raise CommandFailed(f"{out} exists already: choose another name or add --force.")
        files = subject_access_export(staff_member=person, requested_by=None, out=out)
        return {"staff_member": person.pk, "out": str(out), "files": files}

    def describe(self, result: Any) -> str:
        return f"Wrote {len(result['files'])} files to {result['out']}"
