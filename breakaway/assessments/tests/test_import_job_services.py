"""The web import's steps as services: upload, choose the columns, start (once)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from breakaway.assessments import incident_import as reader
from breakaway.assessments.import_job_services import (
    import_job_set_mapping,
    import_job_start,
    import_job_upload,
)
from breakaway.assessments.import_selectors import local_copy
from breakaway.assessments.models import Incident, IncidentImport
from breakaway.assessments.tests.test_incident_views import MAPPING, ugly_export
from breakaway.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _upload(organisation, user, data=None, name="february.csv"):
    return import_job_upload(
        organisation=organisation,
        upload=SimpleUploadedFile(name, ugly_export() if data is None else data),
        keep_descriptions=False,
        created_by=user,
    )


def test_an_upload_that_reads_is_stored_with_its_estimated_size(client_org, client_admin):
    job = _upload(client_org, client_admin)
    assert job.status == IncidentImport.Status.UPLOADED
    assert job.rows_total
    with job.file.open("rb") as handle:
        assert handle.read() == ugly_export()


def test_an_upload_that_does_not_read_raises_and_keeps_nothing(client_org, client_admin):
    with pytest.raises(reader.UnusableFile, match=re.escape("“notes.txt” is empty")):
        _upload(client_org, client_admin, data=b"  \r\n", name="notes.txt")
    assert IncidentImport.objects.count() == 0
    assert not AuditEntry.objects.filter(action="incidents.upload").exists()


def test_the_chosen_columns_are_kept_and_audited(client_org, client_admin):
    job = _upload(client_org, client_admin)
    import_job_set_mapping(job=job, mapping={**MAPPING, "site": ""}, changed_by=client_admin)
    job.refresh_from_db()
    assert job.mapping == MAPPING
    entry = AuditEntry.objects.get(action="incidents.import_mapping")
    assert entry.after == {"mapping": MAPPING}


def test_starting_queues_the_import_on_commit(
    client_org, client_admin, django_capture_on_commit_callbacks
):
    job = _upload(client_org, client_admin)
    import_job_set_mapping(job=job, mapping=MAPPING, changed_by=client_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        started = import_job_start(job=job, skip_invalid=True, started_by=client_admin)
    assert started.status == IncidentImport.Status.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == IncidentImport.Status.DONE
    assert Incident.objects.count() == 7
    entry = AuditEntry.objects.get(action="incidents.import_start")
    assert entry.after == {"status": "queued", "skip_invalid": True}


def test_an_import_stopped_on_errors_starts_again_from_nothing(
    client_org, client_admin, django_capture_on_commit_callbacks
):
    job = _upload(client_org, client_admin)
    import_job_set_mapping(job=job, mapping=MAPPING, changed_by=client_admin)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_start(job=job, skip_invalid=False, started_by=client_admin)
    job.refresh_from_db()
    assert job.status == IncidentImport.Status.INVALID
    with django_capture_on_commit_callbacks(execute=False):
        again = import_job_start(job=job, skip_invalid=True, started_by=client_admin)
    assert (again.status, again.rows_done, again.result, again.finished_at) == (
        IncidentImport.Status.QUEUED,
        0,
        None,
        None,
    )


@pytest.mark.parametrize(
    "status",
    [IncidentImport.Status.QUEUED, IncidentImport.Status.RUNNING, IncidentImport.Status.DONE],
)
def test_an_import_under_way_or_done_is_not_started_or_changed_again(
    client_org, client_admin, status, django_capture_on_commit_callbacks
):
    job = _upload(client_org, client_admin)
    IncidentImport.objects.filter(pk=job.pk).update(status=status)
    job.refresh_from_db()
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(ValidationError):
            import_job_start(job=job, skip_invalid=True, started_by=client_admin)
        with pytest.raises(ValidationError):
            import_job_set_mapping(job=job, mapping=MAPPING, changed_by=client_admin)
    assert callbacks == []


def _read(source, name):
    with local_copy(source, name) as path:
        return path.name, path.read_bytes()


def test_the_reader_gets_the_file_under_the_name_the_person_gave_it(tmp_path, settings):
    data = ugly_export()
    assert _read(SimpleUploadedFile("feb.csv", data), "feb.csv") == ("feb.csv", data)
    on_disk = TemporaryUploadedFile("feb.csv", "text/csv", len(data), "utf-8")
    on_disk.write(data)
    on_disk.flush()
    assert _read(on_disk, "feb.csv") == ("feb.csv", data)
    assert _read(SimpleUploadedFile("x", data), "../../etc/..") == ("upload", data)


@pytest.mark.parametrize("backend", ["FileSystemStorage", "InMemoryStorage"])
def test_a_stored_file_is_read_from_any_storage(
    tmp_path, settings, client_org, client_admin, backend
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"django.core.files.storage.{backend}"},
    }
    settings.MEDIA_ROOT = tmp_path
    job = _upload(client_org, client_admin)
    assert _read(job.file, job.filename) == ("february.csv", ugly_export())
