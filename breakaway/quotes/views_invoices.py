"""Invoices on the web: sales staff issue them from accepted quotes, record payments and
export them for the accounts; the client's staff see their own. Another organisation's
invoice is 404. PDFs are the files stored when each document was issued."""

from __future__ import annotations

from datetime import date
from itertools import chain

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import CLIENT_STAFF, SALES, has_role
from breakaway.quotes import exports
from breakaway.quotes.forms_invoices import InvoiceCreateForm, InvoicePaidForm
from breakaway.quotes.guarantee_services import (
    claim_window_problem,
    credited,
    is_client_admin_of,
)
from breakaway.quotes.invoice_selectors import (
    credit_note_list_for_user,
    invoice_get_for_user,
    invoice_list_for_user,
)
from breakaway.quotes.invoice_services import (
    course_ends_on,
    invoice_context,
    invoice_create,
    invoice_mark_paid,
    needs_purchase_order,
)
from breakaway.quotes.selectors import quote_get_for_user

TEMPLATES = "quotes/invoices/"
PER_PAGE = 25


def stored_pdf(file: FieldFile, filename: str) -> HttpResponse:
    """A stored document, served as it was issued."""
    if not file:
        raise Http404("This document has no PDF.")
    with file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


def _list_page(request: HttpRequest, *, status: int = 200, export_error: str = "") -> HttpResponse:
    invoices = invoice_list_for_user(user=request.user)
    page = Paginator(invoices, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "invoices": page.object_list,
        "is_sales": has_role(request.user, *SALES),
        "export_error": export_error,
        "today": timezone.localdate(),
    }
    return render(request, TEMPLATES + "invoice_list.html", context, status=status)


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@role_required(*SALES)
@require_http_methods(["GET", "POST"])
def invoice_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a deposit or the invoice after the course for an accepted quote."""
    quote = quote_get_for_user(user=request.user, pk=pk)
    form = InvoiceCreateForm(request.POST or None, initial={"purchase_order": quote.purchase_order})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invoice = invoice_create(
                quote=quote,
                kind=data["kind"],
                deposit_percent=data["deposit_percent"],
                purchase_order=data["purchase_order"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
            return redirect("quotes:invoice_detail", pk=invoice.pk)
    context = {
        "form": form,
        "quote": quote,
        "po_needed": needs_purchase_order(quote.organisation),
        "ends_on": course_ends_on(quote),
        "invoices": list(quote.invoices.order_by("issued_on", "id")),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, TEMPLATES + "invoice_new.html", context, status=status)


def _detail(
    request: HttpRequest, pk: int, paid_form: InvoicePaidForm | None = None
) -> HttpResponse:
    invoice = invoice_get_for_user(user=request.user, pk=pk)
    so_far = credited(invoice)
    context = invoice_context(invoice) | {
        "is_sales": has_role(request.user, *SALES),
        "paid_form": paid_form or InvoicePaidForm(initial={"paid_on": timezone.localdate()}),
        "claims": invoice.claims.select_related("credit_note").order_by("-claimed_at"),
        "credit_notes": invoice.credit_notes.order_by("issued_on", "id"),
        "credited": so_far.credited_net + so_far.credited_vat,
        "left_to_credit": so_far.gross_left,
        "can_claim": is_client_admin_of(request.user, invoice.organisation_id)
        and so_far.gross_left > 0
        and claim_window_problem(invoice, timezone.localdate()) is None,
        "claim_problem": claim_window_problem(invoice, timezone.localdate()),
    }
    status = 400 if paid_form is not None else 200
    return render(request, TEMPLATES + "invoice_detail.html", context, status=status)


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@role_required(*SALES)
@require_POST
def invoice_mark_paid_view(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = invoice_get_for_user(user=request.user, pk=pk)
    form = InvoicePaidForm(request.POST)
    if form.is_valid():
        try:
            invoice_mark_paid(
                invoice=invoice,
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Invoice %(number)s marked as paid.") % {"number": invoice.number}
            )
            return redirect("quotes:invoice_detail", pk=invoice.pk)
    return _detail(request, pk, paid_form=form)


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
@never_cache
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF stored when the invoice was issued."""
    invoice = invoice_get_for_user(user=request.user, pk=pk)
    return stored_pdf(invoice.pdf, invoice.number)


def _date_param(request: HttpRequest, name: str) -> date | None:
    value = request.GET.get(name) or ""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("Enter the dates as year, month and day, like 2026-11-27")
        ) from None


@role_required(*SALES)
@require_GET
def invoice_export(request: HttpRequest) -> HttpResponse:
    """Invoices and credit notes issued between two dates, as CSV for an accounting package."""
    layout = request.GET.get("layout") or "xero"
    try:
        if layout not in exports.LAYOUTS:
            raise ValidationError(_("Choose Xero or the plain layout"))
        start, end = _date_param(request, "from"), _date_param(request, "to")
    except ValidationError as error:
        return _list_page(request, status=400, export_error=" ".join(error.messages))
    invoices = invoice_list_for_user(user=request.user).order_by("issued_on", "id")
    credit_notes = credit_note_list_for_user(user=request.user).order_by("issued_on", "id")
    if start:
        invoices, credit_notes = (
            invoices.filter(issued_on__gte=start),
            credit_notes.filter(issued_on__gte=start),
        )
    if end:
        invoices, credit_notes = (
            invoices.filter(issued_on__lte=end),
            credit_notes.filter(issued_on__lte=end),
        )
    documents = sorted(
        chain(map(exports.from_invoice, invoices), map(exports.from_credit_note, credit_notes)),
        key=lambda d: (d.issued_on, d.number),
    )
    response = HttpResponse(
        exports.documents_csv(documents, layout=layout), content_type="text/csv; charset=utf-8"
    )
    filename = f"invoices-{layout}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
