"""Writes to a staff list by hand, the web upload of a staff list, and the training matrix.
Each is audited. Importing a whole file is `import_services.staff_import`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation
from breakaway.assessments.import_selectors import local_copy
from breakaway.core.audit import audit_log, snapshot
from breakaway.delivery import staff_import as reader
from breakaway.delivery.import_services import (
    StaffImportResult,
    site_index,
    staff_file_read,
    staff_import,
)
from breakaway.delivery.models import StaffImport, StaffMember, TrainingRequirement

_PERSON_FIELDS = (
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "role",
    "site_id",
    "site_name",
    "team",
    "start_date",
    "leaving_date",
    "archived_at",
)
_REQUIREMENT_FIELDS = ("role", "course_name", "course_design_id", "refresher_months")


# --------------------------------------------------------------------------------------------
# People, by hand


@transaction.atomic
def staff_member_save(*, member: StaffMember, changed_by: Any) -> StaffMember:
    """Add or change one person by hand; the site as written follows the chosen site."""
    before = None
    if member.pk:
        before = snapshot(StaffMember.objects.get(pk=member.pk), _PERSON_FIELDS)
    if member.site_id:
        member.site_name = member.site.name  # type: ignore[union-attr]
    member.email = member.email.strip().lower()
    member.updated_at = timezone.now()
    member.full_clean()
    member.save()
    audit_log(
        actor=changed_by,
        action="staff_member.update" if before else "staff_member.create",
        obj=member,
        organisation=member.organisation,
        before=before,
        after=snapshot(member, _PERSON_FIELDS),
    )
    return member


@transaction.atomic
def staff_member_archive(*, member: StaffMember, archived_by: Any) -> StaffMember:
    """Take a person off the current list (kept, with their training, in the archive)."""
    if member.archived_at is None:
        member.archived_at = timezone.now()
        member.archive_reason = StaffMember.ArchiveReason.BY_HAND
        member.updated_at = member.archived_at
        member.save(update_fields=["archived_at", "archive_reason", "updated_at"])
        audit_log(
            actor=archived_by,
            action="staff_member.archive",
            obj=member,
            organisation=member.organisation,
            after={"archived_at": member.archived_at.isoformat()},
        )
    return member


@transaction.atomic
def staff_member_restore(*, member: StaffMember, restored_by: Any) -> StaffMember:
    """Put an archived person back on the current list."""
    if member.archived_at is not None:
        before = {"archived_at": member.archived_at.isoformat()}
        member.archived_at = None
        member.archive_reason = ""
        member.updated_at = timezone.now()
        member.save(update_fields=["archived_at", "archive_reason", "updated_at"])
        audit_log(
            actor=restored_by,
            action="staff_member.restore",
            obj=member,
            organisation=member.organisation,
            before=before,
            after={"archived_at": None},
        )
    return member


def staff_member_site_for(*, organisation: Organisation, site_name: str) -> int | None:
    """The recorded site a name written by hand stands for, if any."""
    return site_index(organisation=organisation).get(reader.role_key(site_name))


# --------------------------------------------------------------------------------------------
# Uploading a staff list on the web: upload → preview → confirm


def staff_import_upload(*, organisation: Organisation, upload: Any, created_by: Any) -> StaffImport:
    """Keep an uploaded staff list for its preview once it reads as one: a file that does not
    raises `UnusableFile` (its message says why) and nothing is kept."""
    with local_copy(upload, upload.name) as path, reader.open_staff_table(path):
        pass
    upload.seek(0)
    with transaction.atomic():
        record = StaffImport(
            organisation=organisation,
            filename=Path(upload.name).name[:255],
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        )
        record.file.save(Path(upload.name).name[:100], upload, save=False)
        record.save()
        audit_log(
            actor=created_by,
            action="staff_import.upload",
            obj=record,
            organisation=organisation,
            after={"filename": record.filename},
        )
    return record


def staff_import_preview(*, record: StaffImport) -> StaffImportResult:
    """What importing the uploaded file would do: a dry run, nothing written."""
    with local_copy(record.file, record.filename) as path:
        return staff_import(
            organisation=record.organisation,
            path=path,
            mapping=record.mapping or None,
            dry_run=True,
        )


def staff_import_rejected_cells(*, record: StaffImport) -> reader.ParsedStaff:
    """The uploaded file read and checked (for the rows with errors, as the file has them)."""
    with local_copy(record.file, record.filename) as path:
        return staff_file_read(path=path, mapping=record.mapping or None)


def staff_import_confirm(
    *, record: StaffImport, skip_invalid: bool, confirmed_by: Any
) -> StaffImportResult:
    """Import an uploaded staff list a person has checked; with errors and no skipping,
    nothing is written."""
    if record.status != StaffImport.Status.PREVIEW or not record.file:
        raise ValidationError(_("This file has already been imported."))
    with local_copy(record.file, record.filename) as path:
        return staff_import(
            organisation=record.organisation,
            path=path,
            mapping=record.mapping or None,
            skip_invalid=skip_invalid,
            imported_by=confirmed_by,
            filename=record.filename,
            record=record,
        )


# --------------------------------------------------------------------------------------------
# The training matrix


@transaction.atomic
def training_requirement_save(
    *, requirement: TrainingRequirement, changed_by: Any
) -> TrainingRequirement:
    """Add or change a line of the matrix; a course design names the course when none is
    written."""
    before = None
    if requirement.pk:
        before = snapshot(TrainingRequirement.objects.get(pk=requirement.pk), _REQUIREMENT_FIELDS)
    requirement.role = " ".join(requirement.role.split())
    requirement.course_name = " ".join(requirement.course_name.split())
    if not requirement.course_name and requirement.course_design_id:
        requirement.course_name = str(requirement.course_design)[:200]
    requirement.updated_at = timezone.now()
    requirement.full_clean()
    requirement.save()
    audit_log(
        actor=changed_by,
        action="training_requirement.update" if before else "training_requirement.create",
        obj=requirement,
        organisation=requirement.organisation,
        before=before,
        after=snapshot(requirement, _REQUIREMENT_FIELDS),
    )
    return requirement


@transaction.atomic
def training_requirement_delete(*, requirement: TrainingRequirement, deleted_by: Any) -> None:
    """Take a line off the matrix."""
    audit_log(
        actor=deleted_by,
        action="training_requirement.delete",
        obj=requirement,
        organisation=requirement.organisation,
        before=snapshot(requirement, _REQUIREMENT_FIELDS),
    )
    requirement.delete()
