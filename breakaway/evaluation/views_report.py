"""The impact report: per engagement and across one client's engagements, on screen and as a
PDF (the page's print version), and an issued report's stored PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import CLIENT_STAFF, SALES
from breakaway.evaluation.models import ImpactReport
from breakaway.evaluation.report_display import report_context
from breakaway.evaluation.report_selectors import (
    client_get_for_report,
    engagement_get_for_report,
    impact_report_data,
)
from breakaway.scheduling.models import Engagement
from breakaway.scheduling.selectors import engagement_list_for_user, provider_of

TEMPLATES = "evaluation/report/"
# The client's own administrators and managers, and the provider's sales staff.
REPORT_READERS = SALES + CLIENT_STAFF


def _context(engagements: list[Engagement], *, combined: bool, pdf: bool) -> dict[str, Any]:
    data = impact_report_data(engagements=engagements)
    organisation = engagements[0].organisation
    return {
        **report_context(data),
        "organisation": organisation,
        "provider": provider_of(organisation),
        "engagement": None if combined else engagements[0],
        "engagements": engagements,
        "combined": combined,
        "produced_on": timezone.localdate(),
        "pdf": pdf,
    }


def _pdf_response(
    template: str, context: dict[str, Any], request: HttpRequest, name: str
) -> HttpResponse:
    from breakaway.core.pdf import render_pdf  # WeasyPrint is slow to import: only here

    response = HttpResponse(
        render_pdf(template, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@role_required(*REPORT_READERS)
@require_GET
def impact_report(request: HttpRequest, pk: int) -> HttpResponse:
    """One engagement's impact report, from today's figures, with any issued copies."""
    engagement = engagement_get_for_report(user=request.user, pk=pk)
    context = _context([engagement], combined=False, pdf=False)
    context["issued"] = list(
        ImpactReport.objects.filter(engagement=engagement).exclude(pdf="").order_by("-created_at")
    )
    return render(request, TEMPLATES + "impact_report.html", context)


@role_required(*REPORT_READERS)
@require_GET
@never_cache
def impact_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report as an A4 PDF."""
    engagement = engagement_get_for_report(user=request.user, pk=pk)
    context = _context([engagement], combined=False, pdf=True)
    name = f"impact-report-{engagement.organisation.slug}-{engagement.pk}.pdf"
    return _pdf_response(TEMPLATES + "pdf/impact_report.html", context, request, name)


@role_required(*REPORT_READERS)
@require_GET
@never_cache
def impact_report_issued_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """An issued report's PDF, exactly as it was sent."""
    report = ImpactReport.objects.filter(
        pk=pk, engagement__in=engagement_list_for_user(user=request.user)
    ).first()
    if report is None or not report.pdf:
        raise Http404("No such report.")
    with report.pdf.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="impact-report-{report.pk}.pdf"'
    return response


@role_required(*REPORT_READERS)
@require_GET
def client_impact_report(request: HttpRequest, slug: str) -> HttpResponse:
    """All of one client's engagements together."""
    _organisation, engagements = client_get_for_report(user=request.user, slug=slug)
    context = _context(engagements, combined=True, pdf=False)
    return render(request, TEMPLATES + "impact_report.html", context)


@role_required(*REPORT_READERS)
@require_GET
@never_cache
def client_impact_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """All of one client's engagements together, as a PDF."""
    organisation, engagements = client_get_for_report(user=request.user, slug=slug)
    context = _context(engagements, combined=True, pdf=True)
    name = f"impact-report-{organisation.slug}.pdf"
    return _pdf_response(TEMPLATES + "pdf/impact_report.html", context, request, name)
