"""Who is in date, due, expired or never trained: the compliance view as JSON."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandParser

from breakaway.accounts.models import Organisation
from breakaway.core.management.base import CommandFailed, JsonCommand
from breakaway.delivery.compliance_selectors import compliance_report, compliance_row_out


class Command(JsonCommand):
    help = (
        "Print one row per current person and course their role needs, from the training "
        "matrix, with its status (in_date, due, expired, never) on a day (today by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument("--as-of", help="The day to report on, like 2026-11-27 (London).")

    def run(self, **options: Any) -> dict[str, Any]:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandFailed(
                f"--organisation: no organisation has the slug '{options['organisation']}'."
            )
        as_of = None
        if options.get("as_of"):
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandFailed(
                    f"--as-of must be a date like 2026-11-27, not {options['as_of']!r}."
                ) from None
        report = compliance_report(organisation=organisation, as_of=as_of)
        return {
            "as_of": report.as_of.isoformat(),
            "counts": report.counts,
            "people": [compliance_row_out(row) for row in report.rows],
        }

    def describe(self, result: Any) -> str:
        counts = ", ".join(f"{status} {count}" for status, count in result["counts"].items())
        lines = [f"Compliance on {result['as_of']}: {counts}"]
        for row in result["people"]:
            expires = row["expires_on"] or "-"
            lines.append(
                f"  {row['person']} ({row['site'] or '-'}): {row['course']}: "
                f"{row['status']} (expires {expires})"
            )
        return "\n".join(lines)
