"""Backups and restores: the database and the stored files, with a manifest and checksums.

A backup is a directory:

    manifest.json       what it holds: when, which database engine, the migrations applied,
                        and each file's size and SHA-256
    database.sqlite3    SQLite: a copy made with SQLite's online backup (safe while serving)
    database.pgdump     PostgreSQL: `pg_dump --format=custom`
    files/...           every file in the default storage (PDFs, uploads, videos)

It is written beside its destination and renamed into place only when complete, so a backup
that exists is whole. A restore checks every checksum and the migrations first and refuses
a database that already holds data: nothing is half-restored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT: Final = 1
MANIFEST: Final = "manifest.json"
FILES_DIR: Final = "files"
CHUNK: Final = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments and environment from Django's settings."""
    settings = connection.settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def _storage_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first, in a stable order."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _storage_files(storage, f"{directory}/{folder}" if directory else folder)


def _dump_database(engine: str, into: Path) -> str:
    if engine == "sqlite":
        target = into / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target.name
    target = into / "database.pgdump"
    args, env = _pg_env()
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            *args,
            "--file",
            str(target),
        ],
        env,
    )
    return target.name


def backup_create(out: Path, *, storage: Storage | None = None) -> BackupSummary:
    """Write a whole backup to `out` (which must not exist yet)."""
    storage = storage or default_storage
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} already exists: choose a new name, so no backup is overwritten.")
    engine = _engine()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        names = [_dump_database(engine, work)]
        for name in _storage_files(storage):
            target = work / FILES_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink, CHUNK)
            names.append(f"{FILES_DIR}/{name}")
        files: dict[str, dict[str, Any]] = {
            name: {"bytes": (work / name).stat().st_size, "sha256": _sha256(work / name)}
            for name in names
        }
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": names[0],
            "migrations": _migrations(),
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), "utf-8")
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BackupSummary(out, engine, len(names) - 1, sum(f["bytes"] for f in files.values()))


def backup_verify(source: Path) -> dict[str, Any]:
    """The backup's manifest, once every file in it is present with its checksum; otherwise
    BackupError listing what is wrong."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: is it a backup?") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is backup format {manifest.get('format')}, not {FORMAT}.")
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        path = source / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif _sha256(path) != expected["sha256"]:
            problems.append(f"{name} does not match its checksum")
    if problems:
        raise BackupError("The backup is damaged: " + "; ".join(problems) + ".")
    return manifest


def _database_is_empty() -> bool:
    """True when the site holds no one's data yet: no users, organisations or audit entries.
    (A migrated database is not bare: migrations fill the catalogue, our questionnaires and
    VAT rates, and Django adds content types; the restore replaces those too.)"""
    for label in ("accounts.User", "accounts.Organisation", "core.AuditEntry"):
        if apps.get_model(label)._default_manager.exists():
            return False
    return True


def _restore_database(engine: str, path: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    args, env = _pg_env()
    connection.close()  # pg_restore replaces the tables: hold no connection meanwhile
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            *args,
            str(path),
        ],
        env,
    )


def backup_restore(source: Path, *, storage: Storage | None = None) -> BackupSummary:
    """Restore a verified backup into this empty, migrated database (same migrations)."""
    storage = storage or default_storage
    source = Path(source)
    manifest = backup_verify(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; this site uses {engine}."
        )
    if manifest["migrations"] != _migrations():
        raise BackupError(
            "The backup was made at a different version: install the version that made it "
            "(same migrations), run `manage.py migrate`, restore, then upgrade."
        )
    if not _database_is_empty():
        raise BackupError(
            "This database already holds data: restore only into an empty, migrated database."
        )
    _restore_database(engine, source / manifest["database"])
    files = [name for name in manifest["files"] if name.startswith(f"{FILES_DIR}/")]
    for name in files:
        stored = name.removeprefix(f"{FILES_DIR}/")
        if storage.exists(stored):
            storage.delete(stored)
        saved = storage.save(stored, ContentFile((source / name).read_bytes()))
        if saved != stored:
            raise BackupError(f"The storage renamed {stored} to {saved}: restore stopped.")
    size = sum(f["bytes"] for f in manifest["files"].values())
    return BackupSummary(source, engine, len(files), size)


def backup_name(now: dt.datetime | None = None) -> str:
    """A default name for a backup directory: breakaway-YYYYMMDD-HHMMSS."""
    return f"breakaway-{timezone.localtime(now or timezone.now()):%Y%m%d-%H%M%S}"
