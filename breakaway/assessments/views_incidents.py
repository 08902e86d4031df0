"""Incident imports on the web: upload → check the columns → preview → import → what happened,
the organisation's imports, and the review of values we did not recognise."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Final

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView
from django_htmx.http import HttpResponseClientRefresh
from django_htmx.middleware import HtmxDetails

from breakaway.accounts.permissions import RoleRequiredMixin, role_required
from breakaway.assessments import incident_import as reader
from breakaway.assessments import taxonomy
from breakaway.assessments.forms_incidents import (
    IncidentMappingForm,
    IncidentPreviewForm,
    IncidentUploadForm,
    ValueCodeFormSet,
)
from breakaway.assessments.import_job_services import (
    EDITABLE,
    import_job_set_mapping,
    import_job_start,
    import_job_upload,
)
from breakaway.assessments.import_selectors import (
    field_label,
    import_job_get_for_user,
    import_job_list_for_organisation,
    import_job_preview,
    import_job_table,
    import_organisation_get_for_user,
    incident_value_list,
    table_sample,
)
from breakaway.assessments.incident_services import INCIDENT_IMPORTERS
from breakaway.assessments.models import IncidentImport
from breakaway.assessments.value_services import value_mappings_set

TEMPLATES: Final = "assessments/incidents/"
# The errors a page lists; the download has every error the import kept.
ERRORS_SHOWN: Final = 200
STATUS_COLOURS: Final[dict[str, str]] = {
    IncidentImport.Status.UPLOADED: "grey",
    IncidentImport.Status.QUEUED: "blue",
    IncidentImport.Status.RUNNING: "blue",
    IncidentImport.Status.DONE: "green",
    IncidentImport.Status.INVALID: "red",
    IncidentImport.Status.FAILED: "red",
}
WORKING: Final = frozenset({IncidentImport.Status.QUEUED, IncidentImport.Status.RUNNING})
HEADINGS: Final[dict[str, Any]] = {
    IncidentImport.Status.UPLOADED: _lazy("This import has not started"),
    IncidentImport.Status.QUEUED: _lazy("Importing your incidents"),
    IncidentImport.Status.RUNNING: _lazy("Importing your incidents"),
    IncidentImport.Status.DONE: _lazy("Import complete"),
    IncidentImport.Status.INVALID: _lazy("Nothing was imported"),
    IncidentImport.Status.FAILED: _lazy("We could not import this file"),
}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@role_required(*INCIDENT_IMPORTERS)
@require_http_methods(["GET", "POST"])
def incident_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload an export; a file that is not one is refused here, and nothing is kept."""
    organisation = import_organisation_get_for_user(user=request.user, slug=slug)
    form = IncidentUploadForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            job = import_job_upload(
                organisation=organisation,
                upload=form.cleaned_data["file"],
                keep_descriptions=form.cleaned_data["keep_descriptions"],
                created_by=request.user,
            )
        except reader.UnusableFile as error:
            form.add_error("file", error.message)
        else:
            return redirect("assessments:incident_mapping", pk=job.pk)
    context = {"organisation": organisation, "form": form or IncidentUploadForm()}
    return render(
        request, TEMPLATES + "upload.html", context, status=400 if form is not None else 200
    )


@role_required(*INCIDENT_IMPORTERS)
@require_http_methods(["GET", "POST"])
def incident_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose which of the file's columns holds each of our fields (proposed from the headers)."""
    job = import_job_get_for_user(user=request.user, pk=pk)
    if job.status not in EDITABLE:
        return redirect("assessments:incident_import_detail", pk=job.pk)
    try:
        with import_job_table(job=job) as table:
            headers, sample = table.headers, table_sample(table)
    except reader.UnusableFile as error:
        messages.error(request, error.message)
        return redirect("assessments:incident_upload", slug=job.organisation.slug)
    keep = job.keep_descriptions
    if request.method == "POST":
        form = IncidentMappingForm(request.POST, headers=headers, keep_descriptions=keep)
        if form.is_valid():
            import_job_set_mapping(
                job=job, mapping=form.cleaned_data["mapping"], changed_by=request.user
            )
            return redirect("assessments:incident_preview", pk=job.pk)
    else:
        initial = job.mapping or reader.propose_mapping(headers)
        form = IncidentMappingForm(initial=initial, headers=headers, keep_descriptions=keep)
    context = {"job": job, "form": form, "headers": headers, "sample": sample}
    return render(request, TEMPLATES + "mapping.html", context, status=400 if form.errors else 200)


@role_required(*INCIDENT_IMPORTERS)
@require_http_methods(["GET", "POST"])
def incident_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The first rows as they will be imported, errors shown; confirming queues the import."""
    job = import_job_get_for_user(user=request.user, pk=pk)
    if job.status not in EDITABLE:
        return redirect("assessments:incident_import_detail", pk=job.pk)
    if not job.mapping:
        return redirect("assessments:incident_mapping", pk=job.pk)
    form = IncidentPreviewForm(request.POST) if request.method == "POST" else IncidentPreviewForm()
    if form.is_bound and form.is_valid():
        skip = form.cleaned_data["on_errors"] == "skip"
        try:
            import_job_start(job=job, skip_invalid=skip, started_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("assessments:incident_import_detail", pk=job.pk)
    try:
        with import_job_table(job=job, mapping=job.mapping) as table:
            preview = import_job_preview(job=job, table=table)
    except (reader.UnusableFile, reader.MappingError) as error:
        messages.error(
            request, _("The columns chosen do not fit the file: %(problem)s") % {"problem": error}
        )
        return redirect("assessments:incident_mapping", pk=job.pk)
    context = {"job": job, "form": form, "preview": preview}
    return render(request, TEMPLATES + "preview.html", context, status=400 if form.errors else 200)


def _detail_context(job: IncidentImport) -> dict[str, Any]:
    result = job.result or {}
    unmapped = [
        (field_label(name), values)
        for name, values in (result.get("unmapped_values") or {}).items()
        if name in taxonomy.FIELDS and values
    ]
    return {
        "job": job,
        "organisation": job.organisation,
        "result": result,
        "status_colour": STATUS_COLOURS[job.status],
        "heading": HEADINGS[job.status],
        "working": job.status in WORKING,
        "errors": (result.get("rejected") or [])[:ERRORS_SHOWN],
        "errors_shown": ERRORS_SHOWN,
        "unmapped": unmapped,
        "unmapped_count": sum(len(values) for _label, values in unmapped),
    }


@role_required(*INCIDENT_IMPORTERS)
def incident_import_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The import's progress (htmx asks again each second), then what happened and what next."""
    job = import_job_get_for_user(user=request.user, pk=pk)
    context = _detail_context(job)
    if request.htmx:
        if not context["working"]:
            # Finished: the whole page shows the result, with its own heading and links.
            return HttpResponseClientRefresh()
        return render(request, TEMPLATES + "_progress.html", context)
    return render(request, TEMPLATES + "import_detail.html", context)


@role_required(*INCIDENT_IMPORTERS)
@require_POST
def incident_import_skip_invalid(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an import that stopped on errors again, importing the valid rows only."""
    job = import_job_get_for_user(user=request.user, pk=pk)
    if job.status != IncidentImport.Status.INVALID or not (job.result or {}).get("rejected_rows"):
        messages.info(request, _("This import has no rows with errors to skip."))
        return redirect("assessments:incident_import_detail", pk=job.pk)
    try:
        import_job_start(job=job, skip_invalid=True, started_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessments:incident_import_detail", pk=job.pk)


def _spreadsheet_safe(value: Any) -> str:
    # A cell starting with = + - @ would run as a formula when the download opens in Excel.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@role_required(*INCIDENT_IMPORTERS)
def incident_import_rejects(request: HttpRequest, pk: int) -> HttpResponse:
    """The errors of an import as a CSV file: row, column, value and what to fix."""
    job = import_job_get_for_user(user=request.user, pk=pk)
    filename = f"{Path(job.filename).stem or 'incidents'} - rows with errors.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Row"), _("Column"), _("Value"), _("What to fix")])
    for error in (job.result or {}).get("rejected") or []:
        writer.writerow(
            [_spreadsheet_safe(error.get(key)) for key in ("row", "column", "value", "error")]
        )
    return response


class IncidentImportListView(RoleRequiredMixin, ListView):
    """The organisation's imports, newest first, with what each did."""

    allowed_roles = INCIDENT_IMPORTERS
    template_name = TEMPLATES + "import_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[IncidentImport]:
        self.organisation = import_organisation_get_for_user(
            user=self.request.user, slug=self.kwargs["slug"]
        )
        return import_job_list_for_organisation(organisation=self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["rows"] = [(job, STATUS_COLOURS[job.status]) for job in context["jobs"]]
        return context


@role_required(*INCIDENT_IMPORTERS)
@require_http_methods(["GET", "POST"])
def incident_values(request: HttpRequest, slug: str) -> HttpResponse:
    """The values in the organisation's incidents and what we read them as; a person's choice
    is kept for the next import and re-codes the incidents already imported."""
    organisation = import_organisation_get_for_user(user=request.user, slug=slug)
    url = reverse("assessments:incident_values", kwargs={"slug": slug})
    if request.method == "POST":
        field_name = request.POST.get("field", "")
        if field_name not in taxonomy.FIELDS:
            messages.error(request, _("Choose the values to save from the lists below."))
            return redirect(url)
        formset = ValueCodeFormSet(
            request.POST, prefix=field_name, form_kwargs={"field_name": field_name}
        )
        if not formset.is_valid():
            messages.error(
                request, _("The values could not be saved: choose a code from each list.")
            )
            return redirect(url)
        decisions = {
            f.cleaned_data["raw_value"]: f.cleaned_data["code"] for f in formset if f.changed_code
        }
        try:
            mappings = value_mappings_set(
                organisation=organisation,
                field=field_name,
                decisions=decisions,
                decided_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            changed = sum(m.incidents_changed for m in mappings)  # type: ignore[attr-defined]
            messages.success(
                request, _saved_message(field_label(field_name), len(mappings), changed)
            )
        # The top of the page, where the message is.
        return redirect(url)
    sections = []
    for field_name in taxonomy.FIELDS:
        values = incident_value_list(organisation=organisation, field_name=field_name)
        formset = ValueCodeFormSet(
            initial=[{"raw_value": r.raw, "was": r.code, "code": r.code} for r in values.rows],
            prefix=field_name,
            form_kwargs={"field_name": field_name},
        )
        sections.append(
            {
                "field": field_name,
                "label": field_label(field_name),
                "values": values,
                "formset": formset,
                "rows": list(zip(values.rows, formset.forms, strict=True)),
            }
        )
    context = {"organisation": organisation, "sections": sections}
    return render(request, TEMPLATES + "values.html", context)


def _saved_message(label: str, values: int, incidents: int) -> str:
    if not values:
        return _("Nothing changed in %(field)s.") % {"field": label}
    saved = ngettext(
        "Your choice for %(count)d %(field)s value is saved.",
        "Your choices for %(count)d %(field)s values are saved.",
        values,
    ) % {"count": values, "field": label.lower()}
    recoded = ngettext(
        "%(count)d incident now has the new code.",
        "%(count)d incidents now have the new codes.",
        incidents,
    ) % {"count": incidents}
    return f"{saved} {recoded}"
