"""Importing a staff list on the web: upload → what it would do (counts and rows with errors)
→ confirm → what happened; and the organisation's import history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from breakaway.accounts.permissions import RoleRequiredMixin, role_required
from breakaway.assessments.incident_import import UnusableFile
from breakaway.delivery.forms import StaffConfirmForm, StaffUploadForm
from breakaway.delivery.import_services import InvalidStaffMapping
from breakaway.delivery.models import StaffImport
from breakaway.delivery.selectors import (
    STAFF_KEEPERS,
    staff_import_get_for_user,
    staff_import_list,
    staff_organisation_get_for_user,
)
from breakaway.delivery.services import (
    staff_import_confirm,
    staff_import_preview,
    staff_import_upload,
)

ERRORS_SHOWN = 200


@role_required(*STAFF_KEEPERS)
@require_http_methods(["GET", "POST"])
def staff_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a staff list; a file that is not one is refused here, and nothing is kept."""
    organisation = staff_organisation_get_for_user(user=request.user, slug=slug)
    form = StaffUploadForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            record = staff_import_upload(
                organisation=organisation, upload=form.cleaned_data["file"], created_by=request.user
            )
        except UnusableFile as error:
            form.add_error("file", error.message)
        else:
            return redirect("delivery:staff_import_detail", pk=record.pk)
    context = {"organisation": organisation, "form": form or StaffUploadForm()}
    status = 400 if form is not None else 200
    return render(request, "delivery/staff_upload.html", context, status=status)


@role_required(*STAFF_KEEPERS)
@require_http_methods(["GET", "POST"])
def staff_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Before the import: what it would do, and the button. After: what it did."""
    record = staff_import_get_for_user(user=request.user, pk=pk)
    if record.status == StaffImport.Status.DONE:
        return render(request, "delivery/staff_import_done.html", _done_context(record))
    try:
        preview = staff_import_preview(record=record)
    except (UnusableFile, InvalidStaffMapping) as error:
        messages.error(request, str(error))
        return redirect("delivery:staff_upload", slug=record.organisation.slug)
    has_errors = bool(preview.rejected_rows)
    form = StaffConfirmForm(
        request.POST if request.method == "POST" else None, has_errors=has_errors
    )
    if request.method == "POST" and form.is_valid():
        if has_errors and form.cleaned_data["on_errors"] == "stop":
            return redirect("delivery:staff_upload", slug=record.organisation.slug)
        try:
            staff_import_confirm(record=record, skip_invalid=has_errors, confirmed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("delivery:staff_import_detail", pk=record.pk)
    context = {
        "record": record,
        "organisation": record.organisation,
        "preview": preview,
        "errors": preview.rejected[:ERRORS_SHOWN],
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "delivery/staff_import_preview.html", context, status=status)


def _done_context(record: StaffImport) -> dict[str, Any]:
    return {
        "record": record,
        "organisation": record.organisation,
        "errors": (record.rejected or [])[:ERRORS_SHOWN],
    }


class StaffImportListView(RoleRequiredMixin, ListView):
    """The staff lists imported before, newest first."""

    allowed_roles = STAFF_KEEPERS
    template_name = "delivery/staff_import_list.html"
    context_object_name = "imports"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.organisation = staff_organisation_get_for_user(
            user=self.request.user, slug=self.kwargs["slug"]
        )
        return staff_import_list(organisation=self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(organisation=self.organisation, **kwargs)
