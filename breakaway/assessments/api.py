"""API routes for incident imports, incident profiles and risk profiles."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from breakaway.accounts.roles import has_role
from breakaway.accounts.selectors import organisation_get_for_user
from breakaway.assessments.incident_import import EARLIEST_YEAR, LATEST_YEAR
from breakaway.assessments.incident_selectors import incident_profile_for
from breakaway.assessments.incident_services import INCIDENT_IMPORTERS, import_job_create
from breakaway.assessments.models import IncidentImport
from breakaway.assessments.risk_selectors import risk_profile_for
from breakaway.assessments.selectors import assessment_get_for_user

router = Router(tags=["needs assessment"])


class ImportJobOut(Schema):
    id: int
    status: str
    url: str
    rows_done: int
    rows_total: int | None
    progress_percent: int
    result: dict[str, Any] | None


def _job_out(job: IncidentImport) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "url": reverse("api:incident_import_status", kwargs={"job_id": job.pk}),
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "progress_percent": job.progress_percent,
        "result": job.result,
    }


@router.post("/organisations/{slug}/incidents/import", response={202: ImportJobOut})
def incident_import(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    mapping: Form[str] = "",
    skip_invalid: Form[bool] = False,
    dry_run: Form[bool] = False,
    keep_descriptions: Form[bool] = False,
) -> Status[dict[str, Any]]:
    """Upload an incident export (CSV or XLSX); answers 202 with a job to poll for the result.

    `mapping` is an optional JSON object from our field name to the file's header.
    """
    organisation = organisation_get_for_user(user=request.user, slug=slug)
    if not has_role(request.user, *INCIDENT_IMPORTERS):
        raise HttpError(403, "Your role cannot import incidents.")
    chosen = None
    if mapping:
        try:
            chosen = json.loads(mapping)
        except ValueError as error:
            raise HttpError(422, f"mapping is not JSON: {error}") from error
        if not isinstance(chosen, dict):
            raise HttpError(422, 'mapping must be a JSON object, like {"occurred_at": "Date"}.')
    job = import_job_create(
        organisation=organisation,
        upload=file,
        created_by=request.user,
        mapping=chosen,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        keep_descriptions=keep_descriptions,
    )
    job.refresh_from_db()
    return Status(202, _job_out(job))


@router.get("/incident-imports/{job_id}", response=ImportJobOut, url_name="incident_import_status")
def incident_import_status(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """An import's progress; when done, `result` is the JSON of `import_incidents --json`."""
    job = IncidentImport.objects.select_related("organisation").filter(pk=job_id).first()
    if job is None:
        raise Http404
    organisation_get_for_user(user=request.user, slug=job.organisation.slug)
    return _job_out(job)


@router.get("/organisations/{slug}/incident-profile", response=dict[str, Any])
def incident_profile(
    request: HttpRequest, slug: str, date_from: date | None = None, date_to: date | None = None
) -> dict[str, Any]:
    """The incident profile for a period (inclusive; default: two years to the latest incident).

    Query parameters `date_from` and `date_to` are dates like 2026-11-27. The fields match
    `manage.py incident_profile --json`.
    """
    organisation = organisation_get_for_user(user=request.user, slug=slug)
    for day in (date_from, date_to):
        if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise HttpError(
                422, f"Dates must be between {EARLIEST_YEAR} and {LATEST_YEAR}, not {day}."
            )
    if date_from and date_to and date_from > date_to:
        raise HttpError(422, "date_from must not be after date_to.")
    profile = incident_profile_for(organisation=organisation, date_from=date_from, date_to=date_to)
    return profile.to_dict()


@router.get("/needs-assessments/{assessment_id}/risk-profile", response=dict[str, Any])
def risk_profile(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    """Each risk area scored on a 5×5 matrix with its reasons and learning outcomes.

    The scoring rules are ours, not a validated instrument: see `rules` and `disclaimer`.
    """
    assessment = assessment_get_for_user(user=request.user, pk=assessment_id)
    return risk_profile_for(assessment=assessment).to_dict()
