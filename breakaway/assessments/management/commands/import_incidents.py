import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from breakaway.accounts.models import Organisation
from breakaway.assessments import incident_import
from breakaway.assessments.incident_services import InvalidMapping, incidents_import
from breakaway.core.management.base import (
    EXIT_UNUSABLE,
    CommandFailed,
    JsonCommand,
    mapping_file_read,
)


class Command(JsonCommand):
    help = (
        "Import an incident export (CSV or XLSX) for an organisation. All or nothing: any "
        "invalid row means nothing is written, unless --skip-invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument(
            "--mapping",
            type=Path,
            help="A JSON object from our field name to the file's header, "
            'e.g. {"occurred_at": "Date"}.',
        )
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid rows.")
        parser.add_argument("--rejects", type=Path, help="Write the rejected rows to this CSV.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--keep-descriptions",
            action="store_true",
            help="Store the free-text descriptions (they can name patients: off by default).",
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
            result = incidents_import(
                organisation=organisation,
                path=path,
                mapping=mapping,
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
                keep_descriptions=options["keep_descriptions"],
                rejects_path=options["rejects"],
            )
        except incident_import.UnusableFile as error:
            raise CommandFailed(str(error), exit_code=EXIT_UNUSABLE) from error
        except InvalidMapping as error:
            raise CommandFailed(error.problems) from error
        report = result.to_dict()
        if result.rejected_rows and not options["skip_invalid"]:
            self._report_invalid(report, options["json"])
        return report

    def _mapping(self, path: Path | None) -> dict[str, str] | None:
        return mapping_file_read(path, '{"occurred_at": "Date"}')

    def _report_invalid(self, report: dict[str, Any], as_json: bool) -> None:
        """Invalid rows: print the full report (not just errors) and exit 2, nothing written."""
        import sys

        if as_json:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(self.describe(report))
        self.stderr.write(
            f"{report['rejected_rows']} rows are invalid, so nothing was imported. Fix them, or "
            "use --skip-invalid to import the valid rows."
        )
        sys.exit(2)

    def describe(self, result: Any) -> str:
        lines = [
            f"Rows read: {result['rows']}",
            f"Imported: {result['imported']}"
            + (" (dry run: nothing written)" if result["dry_run"] else ""),
            f"Duplicates skipped: {result['duplicates']}",
            f"Rows with errors: {result['rejected_rows']}",
        ]
        lines += [
            f"  row {e['row']}, {e['column']}: {e['error']} ({e['value']!r})"
            for e in result["rejected"][:50]
        ]
        if len(result["rejected"]) > 50:
            lines.append(f"  … and {len(result['rejected']) - 50} more")
        for field, values in result["unmapped_values"].items():
            lines.append(f"Not recognised as a {field}: {', '.join(values[:10])}")
        return "\n".join(lines)
