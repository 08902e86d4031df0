"""The satisfaction guarantee on the web: the client's administrator claims, the provider's
administrator decides and records the refund, and a report lists every claim."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import ADMINS, CLIENT_STAFF, SALES, has_role
from breakaway.quotes.forms_invoices import ClaimDecisionForm, ClaimForm, RefundForm
from breakaway.quotes.guarantee_services import (
    claim_approve,
    claim_create,
    claim_reject,
    claim_window_problem,
    credited,
    is_client_admin_of,
    refund_record,
)
from breakaway.quotes.invoice_selectors import (
    claim_get_for_user,
    claim_list_for_user,
    claim_totals,
    credit_note_get_for_user,
    invoice_get_for_user,
)
from breakaway.quotes.views_invoices import stored_pdf

TEMPLATES = "quotes/guarantee/"
PER_PAGE = 25


@role_required(Role.CLIENT_ADMIN)
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's administrator claims all or part of an invoice back."""
    invoice = invoice_get_for_user(user=request.user, pk=pk)
    if not is_client_admin_of(request.user, invoice.organisation_id):
        raise PermissionDenied
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = claim_create(
                invoice=invoice,
                claimed_by=request.user,
                scope=data["scope"],
                amount=data["amount"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your claim has been sent. We will reply to you within a few days.")
            )
            return redirect("quotes:claim_detail", pk=claim.pk)
    context = {
        "form": form,
        "invoice": invoice,
        "left": credited(invoice).gross_left,
        "window_problem": claim_window_problem(invoice, timezone.localdate()),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, TEMPLATES + "claim_new.html", context, status=status)


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    """Every claim the user may see, with its amounts, and the totals for each currency."""
    claims = claim_list_for_user(user=request.user)
    page = Paginator(claims, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "claims": page.object_list,
        "totals": claim_totals(claims=claims),
    }
    return render(request, TEMPLATES + "claim_list.html", context)


def _detail(request: HttpRequest, pk: int, **forms: object) -> HttpResponse:
    claim = claim_get_for_user(user=request.user, pk=pk)
    context = {
        "claim": claim,
        "invoice": claim.invoice,
        "credit_note": getattr(claim, "credit_note", None),
        "is_admin": has_role(request.user, *ADMINS),
        "decision_form": forms.get("decision_form") or ClaimDecisionForm(),
        "refund_form": forms.get("refund_form")
        or RefundForm(initial={"refunded_on": timezone.localdate()}),
    }
    status = 400 if forms else 200
    return render(request, TEMPLATES + "claim_detail.html", context, status=status)


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@role_required(*ADMINS)
@require_POST
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (issuing the credit note) or reject (with a note) a claim."""
    claim = claim_get_for_user(user=request.user, pk=pk)
    form = ClaimDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                note = claim_approve(claim=claim, decided_by=request.user, note=data["note"])
                message = _("Claim approved: credit note %(number)s issued. Now pay the refund.")
                messages.success(request, message % {"number": note.number})
            else:
                claim_reject(claim=claim, decided_by=request.user, note=data["note"])
                messages.success(request, _("Claim rejected. The client can read your note."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("quotes:claim_detail", pk=claim.pk)
    return _detail(request, pk, decision_form=form)


@role_required(*ADMINS)
@require_POST
def claim_refund(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the refund paid for an approved claim."""
    claim = claim_get_for_user(user=request.user, pk=pk)
    form = RefundForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            refund_record(
                claim=claim,
                recorded_by=request.user,
                refunded_on=data["refunded_on"],
                method=data["method"],
                reference=data["reference"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Refund recorded."))
            return redirect("quotes:claim_detail", pk=claim.pk)
    return _detail(request, pk, refund_form=form)


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
@never_cache
def credit_note_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF stored when the credit note was issued."""
    credit_note = credit_note_get_for_user(user=request.user, pk=pk)
    return stored_pdf(credit_note.pdf, credit_note.number)
