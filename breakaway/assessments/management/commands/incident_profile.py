import datetime as dt
from typing import Any

from django.core.management.base import CommandParser

from breakaway.accounts.models import Organisation
from breakaway.assessments.incident_selectors import incident_profile_for
from breakaway.core.management.base import CommandFailed, JsonCommand


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


class Command(JsonCommand):
    help = (
        "An organisation's incident profile for a period (inclusive dates, YYYY-MM-DD); "
        "without dates, the two years up to its latest incident."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument("--from", dest="date_from", help="First day, e.g. 2024-12-01.")
        parser.add_argument("--to", dest="date_to", help="Last day, e.g. 2026-11-30.")

    def run(self, **options: Any) -> dict[str, Any]:
        errors = []
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            errors.append(
                f"--organisation: no organisation has the slug '{options['organisation']}'."
            )
        dates: dict[str, dt.date | None] = {}
        for name, flag in (("date_from", "--from"), ("date_to", "--to")):
            try:
                dates[name] = _date(options[name]) if options[name] else None
            except ValueError:
                errors.append(f"{flag}: write the date as YYYY-MM-DD, like 2026-11-27.")
        first, last = dates.get("date_from"), dates.get("date_to")
        if first and last and first > last:
            errors.append("--from must not be after --to.")
        if errors:
            raise CommandFailed(errors)
        profile = incident_profile_for(organisation=organisation, **dates)  # type: ignore[arg-type]
        return profile.to_dict()
