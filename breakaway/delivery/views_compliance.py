"""The client's compliance view: who is in date, due, expired or never trained, its exports, and
asking the provider for a refresher."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from breakaway.accounts.permissions import role_required
from breakaway.delivery.compliance import COLOURS, DUE, EXPIRED, LABELS, NEVER, STATUSES
from breakaway.delivery.compliance_exports import compliance_csv, compliance_xlsx
from breakaway.delivery.compliance_forms import ComplianceFilterForm, RefresherForm
from breakaway.delivery.compliance_selectors import (
    ComplianceFilters,
    compliance_filter_choices,
    compliance_report,
)
from breakaway.delivery.compliance_services import compliance_refresher_request
from breakaway.delivery.models import StaffMember
from breakaway.delivery.selectors import STAFF_KEEPERS, staff_organisation_get_for_user

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Who a refresher is offered for: everyone not in date.
NEEDS_REFRESHER = (DUE, EXPIRED, NEVER)


def _filtered(request: HttpRequest, slug: str) -> tuple[Any, ComplianceFilterForm, Any]:
    organisation = staff_organisation_get_for_user(user=request.user, slug=slug)
    choices = compliance_filter_choices(organisation=organisation)
    form = ComplianceFilterForm(request.GET or None, choices=choices)
    return organisation, form, form.filters()


@role_required(*STAFF_KEEPERS)
@require_GET
def compliance(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts per status, then a page of rows; the same number of queries for any headcount."""
    organisation, form, filters = _filtered(request, slug)
    report = compliance_report(organisation=organisation, filters=filters)
    page = Paginator(report.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = [
        {"status": s, "label": _(LABELS[s]), "colour": COLOURS[s], "count": report.counts[s]}
        for s in STATUSES
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisation": organisation,
        "form": form,
        "filters": filters,
        "report": report,
        "counts": counts,
        "page_obj": page,
        "rows": page.object_list,
        "labels": LABELS,
        "colours": COLOURS,
        "query": query.urlencode(),
    }
    return render(request, "delivery/compliance/compliance.html", context)


@role_required(*STAFF_KEEPERS)
@require_GET
def compliance_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Every row the filters choose, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format.")
    organisation, _form, filters = _filtered(request, slug)
    report = compliance_report(organisation=organisation, filters=filters)
    name = f"compliance-{organisation.slug}-{report.as_of.isoformat()}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(compliance_csv(report.rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(compliance_xlsx(report.rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*STAFF_KEEPERS)
@require_http_methods(["GET", "POST"])
def compliance_refresher(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for a refresher of one course for the people (of the filtered rows) who need it."""
    organisation, _form, filters = _filtered(request, slug)
    course = request.POST.get("course") or filters.course
    if not course:
        messages.error(request, _("Choose a course first, then book a refresher for it."))
        return redirect("delivery:compliance", slug=organisation.slug)
    wanted = ComplianceFilters(site=filters.site, team=filters.team, course=course)
    rows = [
        row
        for row in compliance_report(organisation=organisation, filters=wanted).rows
        if row["status"] in NEEDS_REFRESHER
    ]
    choices = [(r["person_id"], f"{r['person']} — {_(LABELS[r['status']])}") for r in rows]
    initial = {"course": course, "people": [r["person_id"] for r in rows]}
    form = RefresherForm(request.POST or None, initial=initial, people=choices)
    if request.method == "POST" and form.is_valid():
        people = list(
            StaffMember.objects.filter(
                organisation=organisation, pk__in=form.cleaned_data["people"]
            )
        )
        try:
            compliance_refresher_request(
                organisation=organisation,
                course=course,
                people=people,
                requested_by=request.user,
                preferred_dates=form.cleaned_data["preferred_dates"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request for a refresher is with the training team: they will be in touch."),
            )
            return redirect("delivery:compliance", slug=organisation.slug)
    context = {"organisation": organisation, "form": form, "course": course, "rows": rows}
    return render(
        request,
        "delivery/compliance/refresher.html",
        context,
        status=400 if form.errors else 200,
    )
