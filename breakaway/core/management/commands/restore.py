"""`manage.py restore IN`: a backup back into an empty, migrated database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from breakaway.core.backup import BackupError, backup_restore, backup_verify
from breakaway.core.management.base import EXIT_UNUSABLE, CommandFailed, JsonCommand


class Command(JsonCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this empty, migrated database: "
        "every checksum and the migrations are checked first. --check only verifies it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, metavar="IN", help="The backup directory.")
        parser.add_argument(
            "--check", action="store_true", help="Verify the backup's checksums; restore nothing."
        )

    def run(self, **options: Any) -> dict[str, Any]:
        try:
            if options["check"]:
                manifest = backup_verify(options["source"])
                return {
                    "path": str(options["source"]),
                    "verified": True,
                    "files": len(manifest["files"]),
                }
            summary = backup_restore(options["source"])
        except BackupError as error:
            raise CommandFailed(str(error), exit_code=EXIT_UNUSABLE) from error
        return {
            "path": str(summary.path),
            "engine": summary.engine,
            "files": summary.files,
            "bytes": summary.bytes,
            "restored": True,
        }

    def describe(self, result: dict[str, Any]) -> str:
        if not result.get("restored"):
            return f"{result['path']}: all {result['files']} files match their checksums."
        return (
            f"Restored {result['path']} ({result['files']} stored files) "
            f"into the {result['engine']} database."
        )
