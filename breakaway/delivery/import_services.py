"""Importing a client's staff list: all or nothing (unless told to skip rows with errors), in
one transaction, audited. The reading and the rules are `staff_import` (pure); this module
loads the people already listed, applies the plan and records the import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from django.db import transaction
from django.utils import timezone

from breakaway.accounts.models import Organisation, Site
from breakaway.assessments.incident_import import UnusableFile
from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry
from breakaway.delivery import staff_import as reader
from breakaway.delivery.models import StaffImport, StaffMember

# The most errors a report lists: a broken file should not make a huge answer.
MAX_REPORTED_ERRORS: Final = 1000
# The planner's field names that are the model's under another name.
_MODEL_FIELD: Final = {"site": "site_name"}


class InvalidStaffMapping(Exception):  # noqa: N818 - reads as "raise InvalidStaffMapping(…)"
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class StaffImportResult:
    """What an import did (or, on a dry run or with errors, would do)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    repeated: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_rows: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False
    record: StaffImport | None = None

    @property
    def is_invalid(self) -> bool:
        """Rows had errors and they were not to be skipped: nothing was written."""
        return bool(self.rejected_rows) and not self.written and not self.dry_run

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "archived": self.archived,
            "rejected": self.rejected,
            "repeated": self.repeated,
            "rejected_rows": self.rejected_rows,
            "mapping": self.mapping,
            "dry_run": self.dry_run,
            "written": self.written,
        }


def _open(path: Path, mapping: dict[str, str] | None) -> reader.Table:
    """Open the file; a mapping that fits no header row is the mapping's fault if the file
    reads without it (InvalidStaffMapping, exit 2), else the file's (UnusableFile, exit 1)."""
    try:
        return reader.open_staff_table(path, mapping=mapping)
    except UnusableFile as error:
        if not mapping:
            raise
        try:
            table = reader.open_staff_table(path)
        except UnusableFile:
            raise error from None
        problems = reader.check_mapping(mapping, table.headers) or [str(error)]
        raise InvalidStaffMapping(problems) from None


def staff_file_read(*, path: Path, mapping: dict[str, str] | None = None) -> reader.ParsedStaff:
    """Read and check a staff list; raises UnusableFile or InvalidStaffMapping."""
    with _open(path, mapping) as table:
        chosen = dict(mapping) if mapping else reader.propose_mapping(table.headers)
        try:
            parsed = reader.parse(table, chosen)
        except reader.StaffMappingError as error:
            raise InvalidStaffMapping(error.problems) from error
    return parsed


def _existing(organisation: Organisation) -> list[reader.ExistingPerson]:
    rows = StaffMember.objects.filter(organisation=organisation).values_list(
        "pk",
        "employee_number",
        "first_name",
        "last_name",
        "email",
        "role",
        "site_name",
        "site_id",
        "team",
        "start_date",
        "leaving_date",
        "archived_at",
        "archive_reason",
    )
    return [
        reader.ExistingPerson(
            pk=pk,
            employee_number=number,
            first_name=first,
            last_name=last,
            email=email,
            role=role,
            site=site_name,
            site_id=site_id,
            team=team,
            start_date=start,
            leaving_date=leaving,
            archived=archived_at is not None,
            archived_on_leaving=reason == StaffMember.ArchiveReason.LEFT,
        )
        for (
            pk,
            number,
            first,
            last,
            email,
            role,
            site_name,
            site_id,
            team,
            start,
            leaving,
            archived_at,
            reason,
        ) in rows.iterator()
    ]


def site_index(*, organisation: Organisation) -> dict[str, int]:
    """The organisation's sites by name folded as the importer folds it."""
    return {
        reader.role_key(name): pk
        for pk, name in Site.objects.filter(organisation=organisation).values_list("pk", "name")
    }


def _model_values(values: dict[str, Any]) -> dict[str, Any]:
    return {_MODEL_FIELD.get(name, name): value for name, value in values.items()}


def staff_import(
    *,
    organisation: Organisation,
    path: Path,
    mapping: dict[str, str] | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    imported_by: Any = None,
    filename: str | None = None,
    record: StaffImport | None = None,
    today: date | None = None,
) -> StaffImportResult:
    """Import a staff list: starters added, changed details updated, leavers (leaving date
    today or earlier) archived, everyone else left alone. Any invalid row means nothing is
    written unless `skip_invalid`; a dry run writes nothing and reports the same counts.

    Raises `UnusableFile` for a file that is not a staff list and `InvalidStaffMapping` for a
    mapping that does not fit it.
    """
    # Read before the transaction: SQLite's IMMEDIATE transactions hold the write lock.
    parsed = staff_file_read(path=path, mapping=mapping)
    today = today or timezone.localdate()
    result = StaffImportResult(
        rows=parsed.row_count,
        repeated=len(parsed.repeated),
        rejected_rows=len(parsed.rejected),
        rejected=[_error(e) for e in parsed.errors[:MAX_REPORTED_ERRORS]],
        mapping=parsed.mapping,
        dry_run=dry_run,
    )
    with transaction.atomic():
        # One import of an organisation's list at a time (PostgreSQL; SQLite locks anyway).
        Organisation.objects.select_for_update(of=("self",)).filter(pk=organisation.pk).first()
        plan = reader.plan_import(
            parsed.rows,
            existing=_existing(organisation),
            sites=site_index(organisation=organisation),
            fields=parsed.fields,
            today=today,
        )
        result.created, result.updated = plan.created, plan.updated
        result.archived, result.unchanged = plan.archived, plan.unchanged
        if dry_run or (parsed.rejected and not skip_invalid):
            return result
        _apply(organisation=organisation, plan=plan, actor=imported_by)
        result.written = True
        result.record = _record(
            organisation=organisation,
            result=result,
            record=record,
            filename=filename or path.name,
            skip_invalid=skip_invalid,
            imported_by=imported_by,
        )
    return result


def _error(error: Any) -> dict[str, Any]:
    return {"row": error.row, "column": error.column, "value": error.value, "error": error.error}


def _apply(*, organisation: Organisation, plan: reader.ImportPlan, actor: Any) -> None:
    now = timezone.now()
    StaffMember.objects.bulk_create(
        [
            StaffMember(
                organisation=organisation,
                role_key=reader.role_key(values.get("role", "")),
                created_at=now,
                updated_at=now,
                **_model_values(values),
            )
            for values in plan.creates
        ],
        batch_size=500,
    )
    changes: dict[int, dict[str, Any]] = {}
    for pk, values in plan.updates:
        changes[pk] = _model_values(values)
    for pk, values in plan.archives:
        changes[pk] = {
            **_model_values(values),
            "archived_at": now,
            "archive_reason": StaffMember.ArchiveReason.LEFT,
        }
    for pk, values in plan.restores:
        changes[pk] = {**_model_values(values), "archived_at": None, "archive_reason": ""}
    if not changes:
        return
    people = StaffMember.objects.in_bulk(list(changes))
    entries: list[AuditEntry] = []
    touched: set[str] = {"updated_at"}
    for pk, values in changes.items():
        person = people[pk]
        before = {name: _jsonable(getattr(person, name)) for name in values}
        for name, value in values.items():
            setattr(person, name, value)
            touched.add(name)
        if "role" in values:
            person.role_key = reader.role_key(person.role)
            touched.add("role_key")
        person.updated_at = now
        after = {name: _jsonable(value) for name, value in values.items()}
        entries.append(
            AuditEntry(
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                action="staff_member.import_update",
                object_type=StaffMember._meta.label_lower,
                object_id=str(pk),
                object_repr=str(person)[:200],
                organisation=organisation,
                before=before,
                after=after,
                created_at=now,
            )
        )
    StaffMember.objects.bulk_update(list(people.values()), sorted(touched), batch_size=500)
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _record(
    *,
    organisation: Organisation,
    result: StaffImportResult,
    record: StaffImport | None,
    filename: str,
    skip_invalid: bool,
    imported_by: Any,
) -> StaffImport:
    record = record or StaffImport(organisation=organisation, filename=filename[:255])
    record.status = StaffImport.Status.DONE
    record.mapping = result.mapping
    record.skip_invalid = skip_invalid
    for name in ("rows", "created", "updated", "unchanged", "archived", "repeated"):
        setattr(record, name, getattr(result, name))
    record.rejected_rows = result.rejected_rows
    record.rejected = result.rejected
    record.imported_at = timezone.now()
    if record.created_by_id is None and getattr(imported_by, "is_authenticated", False):
        record.created_by = imported_by
    if record.file:
        # The file holds personal details: once imported, only the counts are kept.
        storage, name = record.file.storage, record.file.name
        record.file = ""  # type: ignore[assignment]
        transaction.on_commit(lambda: storage.delete(name))
    record.save()
    audit_log(
        actor=imported_by,
        action="staff_import.done",
        obj=record,
        organisation=organisation,
        after={
            name: getattr(result, name)
            for name in ("rows", "created", "updated", "unchanged", "archived", "rejected_rows")
        },
    )
    return record
