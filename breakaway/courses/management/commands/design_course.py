from typing import Any

from django.core.management.base import CommandParser

from breakaway.accounts.models import Organisation
from breakaway.core.management.base import CommandFailed, JsonCommand
from breakaway.courses.composer import LENGTHS, CourseDoesNotFit
from breakaway.courses.services import course_compose


class Command(JsonCommand):
    help = (
        "Compose a bespoke course for an organisation from the catalogue and its risk profile "
        "(its latest needs assessment, or its incidents). Prints the course; stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument("--length", required=True, help=", ".join(LENGTHS))
        parser.add_argument("--headcount", required=True, type=int)
        parser.add_argument("--max-intensity", type=int, choices=[0, 1, 2, 3])
        parser.add_argument("--max-group-size", type=int)
        parser.add_argument("--include", action="append", default=[], help="A module code.")
        parser.add_argument("--exclude", action="append", default=[], help="A module code.")
        parser.add_argument("--start", default="09:00", help="When the day starts, HH:MM.")

    def run(self, **options: Any) -> dict[str, Any]:
        errors = []
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            errors.append(
                f"--organisation: no organisation has the slug '{options['organisation']}'."
            )
        if options["length"] not in LENGTHS:
            errors.append(f"--length: use one of {', '.join(LENGTHS)}.")
        if options["headcount"] < 1:
            errors.append("--headcount: give the number of staff to train, 1 or more.")
        if options["max_group_size"] is not None and options["max_group_size"] < 1:
            errors.append("--max-group-size: give the most attendees a group may have, 1 or more.")
        if errors:
            raise CommandFailed(errors)
        try:
            course, _inputs = course_compose(
                organisation=organisation,  # type: ignore[arg-type]
                length=options["length"],
                headcount=options["headcount"],
                max_intensity=options["max_intensity"],
                max_group_size=options["max_group_size"],
                include=tuple(options["include"]),
                exclude=tuple(options["exclude"]),
                start=options["start"],
            )
        except CourseDoesNotFit as error:
            raise CommandFailed(error.message) from error
        except ValueError as error:
            raise CommandFailed(str(error)) from error
        return course.to_dict()
