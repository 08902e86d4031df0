"""`manage.py backup OUT`: the database and stored files, with a manifest and checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from breakaway.core.backup import BackupError, backup_create
from breakaway.core.management.base import EXIT_UNUSABLE, CommandFailed, JsonCommand


class Command(JsonCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump) and every stored file into "
        "the new directory OUT, with a manifest of checksums. Safe while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The backup directory to make (must not exist).")

    def run(self, **options: Any) -> dict[str, Any]:
        try:
            summary = backup_create(options["out"])
        except BackupError as error:
            raise CommandFailed(str(error), exit_code=EXIT_UNUSABLE) from error
        return {
            "path": str(summary.path),
            "engine": summary.engine,
            "files": summary.files,
            "bytes": summary.bytes,
        }

    def describe(self, result: dict[str, Any]) -> str:
        return (
            f"Backed up the {result['engine']} database and {result['files']} files "
            f"({result['bytes']:,} bytes) to {result['path']}."
        )
