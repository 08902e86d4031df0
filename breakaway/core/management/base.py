"""A base for commands that scripts call: `--json` prints one document; exit codes say why."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

EXIT_INVALID = 2  # the input is wrong: nothing was written, every problem is listed
EXIT_UNUSABLE = 1  # the input cannot be used at all (not that kind of file, unreadable)


class CommandFailed(Exception):  # noqa: N818 - read as "raise CommandFailed(...)"
    def __init__(self, errors: list[str] | str, *, exit_code: int = EXIT_INVALID) -> None:
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        self.exit_code = exit_code
        super().__init__("; ".join(self.errors))


class JsonCommand(BaseCommand):
    """Subclasses implement `run(**options)` and return JSON-ready data."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON document to stdout."
        )
        return parser

    def run(self, **options: Any) -> Any:
        raise NotImplementedError

    def describe(self, result: Any) -> str:
        """The human-readable form of the result (without --json)."""
        return json.dumps(result, indent=2, cls=DjangoJSONEncoder)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = self.run(**options)
        except CommandFailed as failure:
            if options["json"]:
                self.stdout.write(json.dumps({"errors": failure.errors}))
            for error in failure.errors:
                self.stderr.write(error)
            sys.exit(failure.exit_code)
        if options["json"]:
            self.stdout.write(json.dumps(result, cls=DjangoJSONEncoder))
        else:
            self.stdout.write(self.describe(result))


def mapping_file_read(path: Path | None, example: str) -> dict[str, str] | None:
    """An importer's `--mapping` file: a JSON object from our field to the file's header.

    `example` shows the shape in the error, like '{"email": "Work Email"}'.
    """
    if path is None:
        return None
    try:
        mapping = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandFailed(
            f"--mapping: {path} is not a JSON file ({error}).", exit_code=EXIT_UNUSABLE
        ) from error
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise CommandFailed(f"--mapping: give a JSON object from field to header, like {example}.")
    return mapping
