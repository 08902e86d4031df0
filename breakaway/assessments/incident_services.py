"""Importing incident exports into the database: batched, deduplicated, all-or-nothing.

The reading and checking of the file is `incident_import` (pure); this module classifies
values onto our taxonomy, drops duplicates, writes in batches and reports what it did.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.assessments import incident_import as reader
from breakaway.assessments import profiling, taxonomy
from breakaway.assessments.import_selectors import local_copy, value_decisions_for
from breakaway.assessments.models import Incident, IncidentImport
from breakaway.core.audit import audit_log

BATCH_SIZE = 5000
IMPORT_CACHE_KIB = -512 * 1024  # SQLite's negative cache_size is in KiB: 512 MB
PROGRESS_EVERY = 20000
# The most errors listed in a report: a broken 1,000,000-row file should not make a 1 GB answer.
MAX_REPORTED_ERRORS = 1000


class InvalidMapping(Exception):  # noqa: N818 - reads as "raise InvalidMapping(problems)"
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class RowsRejected(Exception):  # noqa: N818
    """Raised inside the import transaction so that nothing is written."""


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_rows: int = 0
    furniture_rows: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    unmapped_values: dict[str, list[str]] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False
    would_import: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "rejected_rows": self.rejected_rows,
            "errors_listed": len(self.rejected),
            "furniture_rows": self.furniture_rows,
            "mapping": self.mapping,
            "unmapped_values": self.unmapped_values,
            "dry_run": self.dry_run,
            "written": self.written,
            "would_import": self.would_import,
        }


class _Classifier:
    """Raw value → our code: the client's own decisions first, then the taxonomy's synonyms."""

    def __init__(self, organisation: Organisation) -> None:
        self.decided = value_decisions_for(organisation=organisation)
        self.cache: dict[tuple[str, str], str] = {}
        self.unmapped: dict[str, set[str]] = {f: set() for f in taxonomy.FIELDS}

    def __call__(self, field_name: str, raw: str) -> str:
        key = (field_name, raw)
        code = self.cache.get(key)
        if code is None:
            code = taxonomy.classify_decided(self.decided, field_name, raw) or ""
            if raw and not code:
                self.unmapped[field_name].add(raw)
                code = taxonomy.UNRECOGNISED
            self.cache[key] = code
        return code


# The columns written on import, in order; the values come from `_Writer.values`.
_COLUMNS = (
    "organisation_id", "source_id", "reference", "occurred_at", "occurred_on", "hour",
    "weekday", "site", "location", "location_type", "category_raw", "category", "subcategory",
    "harm_raw", "harm", "assault_form_raw", "assault_form", "perpetrator_type_raw",
    "perpetrator_type", "days_lost", "riddor", "riddor_reportable", "description",
)  # fmt: skip


class _Writer:
    """Inserts rows with one prepared statement: building a model instance per row would cost
    more than reading the file (about 200 µs a row against 5)."""

    def __init__(self, organisation: Organisation, source: IncidentImport | None) -> None:
        self.organisation_id = organisation.pk
        self.source_id = source.pk if source else None
        ops = connection.ops
        self.adapt_datetime = ops.adapt_datetimefield_value
        self.adapt_date = ops.adapt_datefield_value
        table = connection.ops.quote_name(Incident._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
        marks = ", ".join(["%s"] * len(_COLUMNS))
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names are ours

    def values(self, row: reader.ParsedRow, classify: _Classifier) -> tuple[Any, ...]:
        harm = classify("harm", row.harm_raw)
        return (
            self.organisation_id,
            self.source_id,
            row.reference,
            self.adapt_datetime(row.occurred_at),
            self.adapt_date(row.occurred_on),
            row.hour,
            row.weekday,
            row.site,
            row.location,
            classify("location_type", row.location_type_raw),
            row.category_raw,
            classify("category", row.category_raw),
            row.subcategory,
            row.harm_raw,
            harm,
            row.assault_form_raw,
            classify("assault_form", row.assault_form_raw),
            row.perpetrator_type_raw,
            classify("perpetrator_type", row.perpetrator_type_raw),
            row.days_lost,
            row.riddor,
            profiling.is_riddor_reportable(marked=row.riddor, days_lost=row.days_lost, harm=harm),
            row.description,
        )

    def write(self, batch: list[tuple[Any, ...]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, batch)

    @contextmanager
    def big_cache(self) -> Iterator[None]:
        """On SQLite, a larger page cache for the import: a million rows update five indexes,
        and with the usual cache each insert would read index pages back from disk."""
        if connection.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            (before,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size={IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size={int(before)}")


def _existing_references(organisation: Organisation) -> set[str]:
    return set(
        Incident.objects.filter(organisation=organisation)
        .exclude(reference="")
        .values_list("reference", flat=True)
        .iterator(chunk_size=20000)
    )


@contextmanager
def _rejects_writer(path: Path | None, headers: list[str]) -> Iterator[Callable[..., None] | None]:
    if path is None:
        yield None
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", *headers, "errors"])

        def write(rejected: reader.RejectedRow) -> None:
            message = "; ".join(f"{e.column}: {e.error}" for e in rejected.errors)
            writer.writerow([rejected.row, *[_text(c) for c in rejected.cells], message])

        yield write


def _text(cell: object) -> str:
    return "" if cell is None else str(cell)


def _open(path: Path, mapping: dict[str, str] | None) -> reader.Table:
    """Open the file; a mapping that fits no header row is the mapping's fault if the file
    reads without it (InvalidMapping, exit 2), else the file's (UnusableFile, exit 1)."""
    try:
        return reader.open_table(path, mapping=mapping)
    except reader.UnusableFile as error:
        if not mapping:
            raise
        try:
            table = reader.open_table(path)
        except reader.UnusableFile:
            raise error from None
        raise InvalidMapping(reader.check_mapping(mapping, table.headers) or [str(error)]) from None


def incidents_import(
    *,
    organisation: Organisation,
    path: Path,
    mapping: dict[str, str] | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    keep_descriptions: bool = False,
    rejects_path: Path | None = None,
    source: IncidentImport | None = None,
    imported_by: Any = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportResult:
    """Import an incident export; any invalid row means nothing is written unless skip_invalid.

    Raises `incident_import.UnusableFile` for a file that is not a spreadsheet and
    `InvalidMapping` for a mapping that does not fit the file.
    """
    table = _open(path, mapping)
    chosen = dict(mapping) if mapping else reader.propose_mapping(table.headers)
    if problems := reader.check_mapping(chosen, table.headers):
        raise InvalidMapping(problems)
    result = ImportResult(mapping=chosen, dry_run=dry_run)
    classify = _Classifier(organisation)
    seen = _existing_references(organisation)
    writer = _Writer(organisation, source)
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        if batch and not dry_run:
            writer.write(batch)
        batch.clear()

    try:
        with (
            transaction.atomic(),
            writer.big_cache(),
            _rejects_writer(rejects_path, table.headers) as write_reject,
        ):
            parsed = reader.parse(table, chosen, keep_descriptions=keep_descriptions)
            for item in parsed:
                result.rows += 1
                if isinstance(item, reader.RejectedRow):
                    result.rejected_rows += 1
                    for error in item.errors:
                        if len(result.rejected) < MAX_REPORTED_ERRORS:
                            result.rejected.append(
                                {
                                    "row": error.row,
                                    "column": error.column,
                                    "value": error.value,
                                    "error": error.error,
                                }
                            )
                    if write_reject:
                        write_reject(item)
                    continue
                if isinstance(item, reader.DuplicateRow) or (
                    item.reference and item.reference in seen
                ):
                    result.duplicates += 1
                    continue
                if item.reference:
                    seen.add(item.reference)
                batch.append(writer.values(item, classify))
                result.imported += 1
                if len(batch) >= BATCH_SIZE:
                    flush()
                if progress and result.rows % PROGRESS_EVERY == 0:
                    progress(result.rows, table.size_hint)
            flush()
            result.furniture_rows = parsed.furniture_rows
            result.would_import = result.imported
            if dry_run or (result.rejected_rows and not skip_invalid):
                raise RowsRejected
    except RowsRejected:
        result.imported = 0
    result.written = result.imported > 0
    result.unmapped_values = {f: sorted(v) for f, v in classify.unmapped.items() if v}
    if result.written:
        audit_log(
            actor=imported_by,
            action="incidents.import",
            obj=source or organisation,
            after={
                "rows": result.rows,
                "imported": result.imported,
                "duplicates": result.duplicates,
            },
            organisation=organisation,
        )
    return result


def import_job_run(*, job: IncidentImport) -> IncidentImport:
    """Run an uploaded import (from the task worker) and record its progress and result."""
    job.status = IncidentImport.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int | None) -> None:
        IncidentImport.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    with local_copy(job.file, job.filename) as path:
        try:
            result = incidents_import(
                organisation=job.organisation,
                path=path,
                mapping=job.mapping or None,
                skip_invalid=job.skip_invalid,
                dry_run=job.dry_run,
                keep_descriptions=job.keep_descriptions,
                source=job,
                imported_by=job.created_by,
                progress=progress,
            )
        except reader.UnusableFile as error:
            job.status, job.result = IncidentImport.Status.FAILED, {"error": str(error)}
        except InvalidMapping as error:
            job.status, job.result = (
                IncidentImport.Status.INVALID,
                {"mapping_problems": error.problems},
            )
        else:
            job.result = result.to_dict()
            invalid = result.rejected_rows and not job.skip_invalid
            job.status = IncidentImport.Status.INVALID if invalid else IncidentImport.Status.DONE
            job.rows_done = result.rows
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "rows_done", "finished_at"])
    return job


INCIDENT_IMPORTERS = ("provider_admin", "advisor", "client_admin", "client_manager")


@transaction.atomic
def import_job_create(
    *,
    organisation: Organisation,
    upload: Any,
    created_by: Any,
    mapping: dict[str, str] | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    keep_descriptions: bool = False,
    start: bool = True,
) -> IncidentImport:
    """Store an uploaded export and, with start, queue its import for the worker."""
    from breakaway.assessments.tasks import incident_import_task

    job = IncidentImport(
        organisation=organisation,
        filename=Path(upload.name).name[:255],
        mapping=mapping or {},
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        keep_descriptions=keep_descriptions,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        status=IncidentImport.Status.QUEUED if start else IncidentImport.Status.UPLOADED,
    )
    job.file.save(job.filename, upload, save=False)
    job.save()
    audit_log(
        actor=created_by,
        action="incidents.upload",
        obj=job,
        after={"filename": job.filename, "dry_run": dry_run, "skip_invalid": skip_invalid},
        organisation=organisation,
    )
    if start:
        transaction.on_commit(lambda: incident_import_task.enqueue(job_id=job.pk))
    return job
