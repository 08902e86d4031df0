"""The steps of an incident import on the web: upload (only a file that reads as an export is
kept), choose the columns, and start it, or start it again after it stopped on errors."""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation
from breakaway.assessments import incident_import as reader
from breakaway.assessments.import_selectors import local_copy
from breakaway.assessments.incident_services import import_job_create
from breakaway.assessments.models import IncidentImport
from breakaway.core.audit import audit_log

# The steps before the import can be done again until it has imported: after errors or a file
# that failed part way, a person may choose other columns or skip the rows with errors.
EDITABLE: Final = frozenset(
    {
        IncidentImport.Status.UPLOADED,
        IncidentImport.Status.INVALID,
        IncidentImport.Status.FAILED,
    }
)


def import_job_upload(
    *, organisation: Organisation, upload: Any, keep_descriptions: bool, created_by: Any
) -> IncidentImport:
    """Store an uploaded export for mapping once it reads as one: a file that does not raises
    `incident_import.UnusableFile` (its message says why) and nothing is kept."""
    # Read before the transaction: SQLite's IMMEDIATE transactions hold the write lock, and a
    # large workbook takes a while to open.
    with local_copy(upload, upload.name) as path, reader.open_table(path) as table:
        size_hint = table.size_hint
    upload.seek(0)
    with transaction.atomic():
        job = import_job_create(
            organisation=organisation,
            upload=upload,
            created_by=created_by,
            keep_descriptions=keep_descriptions,
            start=False,
        )
        job.rows_total = size_hint
        job.save(update_fields=["rows_total"])
    return job


@transaction.atomic
def import_job_set_mapping(
    *, job: IncidentImport, mapping: dict[str, str], changed_by: Any
) -> IncidentImport:
    """Keep a person's choice of columns (our field → the file's header) for the import."""
    if job.status not in EDITABLE:
        raise ValidationError(_("This import has started, so its columns cannot be changed."))
    before = dict(job.mapping)
    job.mapping = {name: header for name, header in mapping.items() if header}
    job.full_clean()
    job.save(update_fields=["mapping"])
    audit_log(
        actor=changed_by,
        action="incidents.import_mapping",
        obj=job,
        before={"mapping": before},
        after={"mapping": job.mapping},
        organisation=job.organisation,
    )
    return job


@transaction.atomic
def import_job_start(*, job: IncidentImport, skip_invalid: bool, started_by: Any) -> IncidentImport:
    """Queue the import for the worker, once: again after it stopped on errors, never while it
    is waiting or running, and never after it has imported."""
    from breakaway.assessments.tasks import incident_import_task

    locked = IncidentImport.objects.select_for_update().get(pk=job.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(_("This import has already been started."))
    before = {"status": locked.status, "skip_invalid": locked.skip_invalid}
    locked.skip_invalid = skip_invalid
    locked.status = IncidentImport.Status.QUEUED
    locked.rows_done = 0
    locked.result = None
    locked.finished_at = None
    locked.full_clean()
    locked.save(update_fields=["skip_invalid", "status", "rows_done", "result", "finished_at"])
    audit_log(
        actor=started_by,
        action="incidents.import_start",
        obj=locked,
        before=before,
        after={"status": locked.status, "skip_invalid": skip_invalid},
        organisation=locked.organisation,
    )
    transaction.on_commit(lambda: incident_import_task.enqueue(job_id=locked.pk))
    return locked
