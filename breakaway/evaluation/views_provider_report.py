"""The provider's pages: results across its courses, and testimonials to publish."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import ADMINS, SALES
from breakaway.evaluation.provider_report_selectors import provider_results
from breakaway.evaluation.report_services import reaction_threshold
from breakaway.evaluation.testimonial_services import (
    testimonial_get_for_user,
    testimonial_list_for_user,
    testimonial_publish,
    testimonial_withdraw,
)

TEMPLATES = "evaluation/report/"
GROUPS = (
    ("design", gettext_lazy("By course design")),
    ("trainer", gettext_lazy("By trainer")),
    ("period", gettext_lazy("By quarter")),
)


@role_required(*SALES)
@require_GET
def provider_impact(request: HttpRequest) -> HttpResponse:
    """Mean change per scale by design, trainer and quarter; low reaction scores flagged."""
    threshold = reaction_threshold()
    results = provider_results(user=request.user, threshold=threshold)
    tables = [(heading, results["by"][kind]) for kind, heading in GROUPS]
    context = {"results": results, "threshold": threshold, "tables": tables}
    return render(request, TEMPLATES + "provider_impact.html", context)


@role_required(*ADMINS)
@require_GET
def testimonial_list(request: HttpRequest) -> HttpResponse:
    """Comments attendees agreed to share: publish or withdraw them."""
    testimonials = testimonial_list_for_user(user=request.user)
    return render(request, TEMPLATES + "testimonial_list.html", {"testimonials": testimonials})


@role_required(*ADMINS)
@require_POST
def testimonial_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    testimonial = testimonial_get_for_user(user=request.user, pk=pk)
    testimonial_publish(testimonial=testimonial, published_by=request.user)
    messages.success(request, _("The comment is now on the public site."))
    return redirect("evaluation:testimonial_list")


@role_required(*ADMINS)
@require_POST
def testimonial_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    testimonial = testimonial_get_for_user(user=request.user, pk=pk)
    testimonial_withdraw(testimonial=testimonial, withdrawn_by=request.user)
    messages.success(request, _("The comment is no longer on the public site."))
    return redirect("evaluation:testimonial_list")
