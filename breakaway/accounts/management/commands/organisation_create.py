from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser

from breakaway.accounts.models import Organisation, Sector
from breakaway.accounts.services import organisation_create
from breakaway.core.management.base import CommandFailed, JsonCommand


class Command(JsonCommand):
    help = "Add a client organisation. Prints its slug."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--sector", required=True, help=", ".join(Sector.values))
        parser.add_argument("--headcount", required=True, type=int)
        parser.add_argument(
            "--kind", default=Organisation.Kind.CLIENT, choices=Organisation.Kind.values
        )

    def run(self, **options: Any) -> dict[str, str]:
        errors = []
        if not options["name"].strip():
            errors.append("--name: give the organisation's name.")
        if options["sector"] not in Sector.values:
            sectors = ", ".join(Sector.values)
            errors.append(f"--sector: '{options['sector']}' is not a sector; use one of {sectors}.")
        if options["headcount"] < 0:
            errors.append("--headcount: give the number of staff, 0 or more.")
        if errors:
            raise CommandFailed(errors)
        try:
            organisation = organisation_create(
                name=options["name"],
                kind=options["kind"],
                sector=options["sector"],
                headcount=options["headcount"],
            )
        except ValidationError as error:
            raise CommandFailed(error.messages) from error
        return {"slug": organisation.slug}

    def describe(self, result: Any) -> str:
        return f"Created {result['slug']}"
