"""Quotes on the web: advisors make one from a course design; the client accepts or declines.

SALES (provider administrators and advisors) make quotes and see every client's; the
client's own staff see theirs and decide on them. Another organisation's quote is 404.
The PDF is the file stored when the quote was issued, never rendered again.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import CLIENT_STAFF, SALES, has_role
from breakaway.courses.selectors import course_design_get_for_user
from breakaway.quotes import pricing
from breakaway.quotes.forms import (
    QuoteAcceptForm,
    QuoteCreateForm,
    QuoteDeclineForm,
    QuoteReviseForm,
)
from breakaway.quotes.quote_services import (
    REVISABLE,
    billing_for,
    provider_of,
    quote_accept,
    quote_context,
    quote_create,
    quote_decline,
    quote_expire_if_due,
    quote_revise,
)
from breakaway.quotes.selectors import (
    quote_get_for_user,
    quote_list_for_user,
    quote_versions,
    rate_card_current,
)
from breakaway.quotes.travel import venue_list_for_client

TEMPLATES = "quotes/"
PER_PAGE = 25


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
def quote_list(request: HttpRequest) -> HttpResponse:
    quotes = quote_list_for_user(user=request.user).order_by("-created_at", "-id")
    page = Paginator(quotes, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "quotes": page.object_list,
        "page_obj": page,
        "is_sales": has_role(request.user, *SALES),
    }
    return render(request, TEMPLATES + "quote_list.html", context)


@role_required(*SALES)
@require_http_methods(["GET", "POST"])
def quote_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a quote from the design's latest version."""
    design = course_design_get_for_user(user=request.user, pk=pk)
    provider = provider_of(design.organisation)
    currency = billing_for(design.organisation).currency
    card = rate_card_current(provider=provider, currency=currency) if provider else None
    contents = list((card.day_rates or {}).keys()) if card else []
    venues = venue_list_for_client(organisation=design.organisation)
    form = QuoteCreateForm(request.POST or None, contents=contents, venues=venues)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quote = quote_create(
                design=design,
                content=data["content"],
                supply_date=data["supply_date"],
                travel=data["travel"],
                purchase_order=data["purchase_order"],
                created_by=request.user,
                venue=data["venue"],
                travel_from_map=data["travel_from_map"],
            )
        except pricing.InvalidRequest as invalid:
            for problem in invalid.problems:
                form.add_error(None, problem)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Quote %(number)s made.") % {"number": quote.number})
            return redirect("quotes:detail", pk=quote.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "design": design, "card": card, "currency": currency}
    return render(request, TEMPLATES + "quote_new.html", context, status=status)


def _detail(request: HttpRequest, pk: int, **forms: object) -> HttpResponse:
    quote = quote_expire_if_due(quote_get_for_user(user=request.user, pk=pk))
    po_required = billing_for(quote.organisation).purchase_order_required
    is_sales = has_role(request.user, *SALES)
    can_decide = quote.status == quote.Status.SENT and (
        has_role(request.user, *SALES, *CLIENT_STAFF)
    )
    context = quote_context(quote) | {
        "can_decide": can_decide,
        "po_required": po_required,
        "accept_form": forms.get("accept_form")
        or QuoteAcceptForm(
            po_required=po_required, initial={"purchase_order": quote.purchase_order}
        ),
        "decline_form": forms.get("decline_form") or QuoteDeclineForm(),
        "is_sales": is_sales,
        "can_revise": is_sales and quote.status in REVISABLE,
        "versions": quote_versions(quote=quote),
        "engagements": list(
            quote.engagements.prefetch_related("days").order_by("id")  # type: ignore[attr-defined]
        ),
        "invoices": list(quote.invoices.order_by("issued_on", "id")),
    }
    status = 400 if forms else 200
    return render(request, TEMPLATES + "quote_detail.html", context, status=status)


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
def quote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@role_required(*SALES, *CLIENT_STAFF)
@require_POST
def quote_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    quote = quote_get_for_user(user=request.user, pk=pk)
    po_required = billing_for(quote.organisation).purchase_order_required
    form = QuoteAcceptForm(request.POST, po_required=po_required)
    if form.is_valid():
        try:
            quote_accept(
                quote=quote,
                accepted_by=request.user,
                purchase_order=form.cleaned_data["purchase_order"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Quote %(number)s accepted.") % {"number": quote.number})
            return redirect("quotes:detail", pk=quote.pk)
    return _detail(request, pk, accept_form=form)


@role_required(*SALES, *CLIENT_STAFF)
@require_POST
def quote_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    quote = quote_get_for_user(user=request.user, pk=pk)
    form = QuoteDeclineForm(request.POST)
    if form.is_valid():
        try:
            quote_decline(quote=quote, declined_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Quote %(number)s declined.") % {"number": quote.number})
            return redirect("quotes:detail", pk=quote.pk)
    return _detail(request, pk, decline_form=form)


@role_required(*SALES)
@require_http_methods(["GET", "POST"])
def quote_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new version of a sent quote with a new date, travel, PO or terms."""
    quote = quote_expire_if_due(quote_get_for_user(user=request.user, pk=pk))
    venues = venue_list_for_client(organisation=quote.organisation)
    initial = {
        "supply_date": quote.supply_date,
        "purchase_order": quote.purchase_order,
        "payment_terms_days": quote.payment_terms_days,
        "cancellation_terms": quote.cancellation_terms,
        "travel_source": quote.travel_source,
        "venue": quote.venue_id,
    }
    for row, entry in enumerate(quote.request.get("travel") or [], start=1):
        initial |= {
            f"trainer_{row}": entry["trainer"],
            f"miles_{row}": entry["one_way_miles"],
            f"days_{row}": entry["days"],
        }
    form = QuoteReviseForm(request.POST or None, venues=venues, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            revised = quote_revise(
                quote=quote,
                revised_by=request.user,
                supply_date=data["supply_date"],
                travel=data["travel"],
                purchase_order=data["purchase_order"],
                payment_terms_days=data["payment_terms_days"],
                cancellation_terms=data["cancellation_terms"],
                venue=data["venue"],
                travel_from_map=data["travel_from_map"],
            )
        except pricing.InvalidRequest as invalid:
            for problem in invalid.problems:
                form.add_error(None, problem)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("Quote %(new)s issued; it replaces %(old)s.")
            messages.success(request, message % {"new": revised.number, "old": quote.number})
            return redirect("quotes:detail", pk=revised.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "quote": quote, "can_revise": quote.status in REVISABLE}
    return render(request, TEMPLATES + "quote_revise.html", context, status=status)


@role_required(*SALES, *CLIENT_STAFF)
@require_GET
@never_cache
def quote_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF stored when the quote was issued."""
    quote = quote_get_for_user(user=request.user, pk=pk)
    if not quote.pdf:
        raise Http404("This quote has no PDF.")
    with quote.pdf.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{quote.number}.pdf"'
    return response
