import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from breakaway.accounts.models import Organisation
from breakaway.assessments.incident_import import UnusableFile
from breakaway.core.management.base import (
    EXIT_INVALID,
    EXIT_UNUSABLE,
    CommandFailed,
    JsonCommand,
    mapping_file_read,
)
from breakaway.delivery.import_services import InvalidStaffMapping, staff_import


class Command(JsonCommand):
    help = (
        "Import a staff list (CSV or XLSX, such as an ESR extract) for an organisation: adds "
        "starters, updates changed details, archives leavers. All or nothing: any invalid row "
        "means nothing is written, unless --skip-invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument(
            "--mapping",
            type=Path,
            help="A JSON object from our field name to the file's header, "
            'e.g. {"employee_number": "Assignment Number"}.',
        )
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid rows.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def run(self, **options: Any) -> dict[str, Any]:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandFailed(
                f"--organisation: no organisation has the slug '{options['organisation']}'."
            )
        mapping = self._mapping(options["mapping"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandFailed(f"{path}: there is no such file.", exit_code=EXIT_UNUSABLE)
        try:
            result = staff_import(
                organisation=organisation,
                path=path,
                mapping=mapping,
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
            )
        except UnusableFile as error:
            raise CommandFailed(str(error), exit_code=EXIT_UNUSABLE) from error
        except InvalidStaffMapping as error:
            raise CommandFailed(error.problems) from error
        report = result.to_dict()
        if result.rejected_rows and not options["skip_invalid"]:
            self._report_invalid(report, options["json"])
        return report

    def _mapping(self, path: Path | None) -> dict[str, str] | None:
        return mapping_file_read(path, '{"email": "Work Email"}')

    def _report_invalid(self, report: dict[str, Any], as_json: bool) -> None:
        """Invalid rows: print the full report and exit 2, nothing written."""
        self.stdout.write(json.dumps(report) if as_json else self.describe(report))
        self.stderr.write(
            f"{report['rejected_rows']} rows are invalid, so nothing was imported. Fix them, or "
            "use --skip-invalid to import the valid rows."
        )
        sys.exit(EXIT_INVALID)

    def describe(self, result: Any) -> str:
        dry = " (dry run: nothing written)" if result["dry_run"] else ""
        lines = [
            f"Rows read: {result['rows']}",
            f"Starters added: {result['created']}{dry}",
            f"People updated: {result['updated']}",
            f"Leavers archived: {result['archived']}",
            f"Unchanged: {result['unchanged']}",
            f"Rows repeating a person: {result['repeated']}",
            f"Rows with errors: {result['rejected_rows']}",
        ]
        lines += [
            f"  row {e['row']}, {e['column']}: {e['error']} ({e['value']!r})"
            for e in result["rejected"][:50]
        ]
        if len(result["rejected"]) > 50:
            lines.append(f"  … and {len(result['rejected']) - 50} more")
        return "\n".join(lines)
