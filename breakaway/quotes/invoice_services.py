"""Invoices for accepted quotes: a deposit before the course, the rest after it.

Each invoice is numbered INV-YYYY-NNNN without gaps, its lines and amounts are fixed when
it is issued and its PDF is stored then, never rendered again. VAT is at the rate in force
on the supply date (the course's date), as on the quote. A deposit is a percentage of the
quote's net; the invoice after the course is the quote's lines less any deposit, with the
VAT due on the whole supply less the VAT already invoiced, so that the invoices for a quote
add up to the quote's total to the penny.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation, Sector
from breakaway.core.audit import audit_log, snapshot
from breakaway.core.numbering import document_number_next
from breakaway.quotes import pricing
from breakaway.quotes.models import Invoice, Quote
from breakaway.quotes.quote_services import billing_for, is_providers_sales, provider_of
from breakaway.quotes.selectors import rate_card_current, vat_rates
from breakaway.scheduling.booking import course_days
from breakaway.scheduling.models import EngagementDay

# NHS bodies pay only against a purchase order: "no PO, no pay".
NHS_SECTORS = frozenset(
    {Sector.NHS_ACUTE, Sector.NHS_MENTAL_HEALTH, Sector.NHS_COMMUNITY, Sector.AMBULANCE}
)
DEFAULT_GUARANTEE_DAYS = 30
HUNDRED = Decimal(100)
_PAID_FIELDS = ["paid_on", "payment_reference", "paid_recorded_by"]


def needs_purchase_order(organisation: Organisation) -> bool:
    """NHS clients, and any client whose billing terms say so, pay only against a PO."""
    return organisation.sector in NHS_SECTORS or billing_for(organisation).purchase_order_required


def course_ends_on(quote: Quote) -> date:
    """The last day of the course: its booked days, or the days its groups were quoted for."""
    booked = (
        EngagementDay.objects.filter(engagement__quote=quote)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if booked is not None:
        return booked
    starts = [date.fromisoformat(g["date"]) for g in (quote.priced or {}).get("groups") or []]
    last_start = max(starts, default=quote.supply_date)
    return course_days(starts_on=last_start, length=quote.design.length)[-1]


def _vat_rate(quote: Quote) -> Decimal:
    return pricing.vat_rate_on(quote.supply_date, vat_rates(), quote.vat_treatment)


def _line(description: str, amount: Decimal) -> dict[str, str]:
    return {"description": description, "amount": pricing.money_text(amount)}


def _deposit_amounts(
    quote: Quote, percent: Decimal, rate: Decimal
) -> tuple[list[dict[str, str]], Decimal, Decimal]:
    net = pricing.money(quote.net * percent / HUNDRED)
    description = _("Deposit of %(percent)s%% of quote %(number)s, for the course on %(day)s") % {
        "percent": format(percent.normalize(), "f"),
        "number": quote.number,
        "day": f"{quote.supply_date.day} {quote.supply_date:%B %Y}",
    }
    return [_line(description, net)], net, pricing.money(net * rate)


def _final_amounts(
    quote: Quote, deposit: Invoice | None, rate: Decimal
) -> tuple[list[dict[str, str]], Decimal, Decimal]:
    lines = [
        {"description": line["description"], "amount": line["amount"]}
        for line in (quote.priced or {}).get("lines") or []
    ]
    net, vat = quote.net, pricing.money(quote.net * rate)
    if deposit is not None:
        lines.append(
            _line(
                _("Less the deposit invoiced on %(number)s") % {"number": deposit.number},
                -deposit.net,
            )
        )
        net, vat = net - deposit.net, vat - deposit.vat
    return lines, net, vat


def invoice_create(
    *,
    quote: Quote,
    kind: str,
    created_by: Any,
    deposit_percent: Decimal | None = None,
    purchase_order: str | None = None,
) -> Invoice:
    """Issue an invoice for an accepted quote: a deposit, or the rest once the course is over.

    A quote has at most one deposit and one invoice after the course. The client's purchase
    order number is the one given, or the quote's.
    """
    if not is_providers_sales(quote, created_by):
        raise PermissionDenied
    if quote.status != Quote.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted quote can be invoiced."))
    today = timezone.localdate()
    ends_on = course_ends_on(quote)
    rate = _vat_rate(quote)
    with transaction.atomic():
        Quote.objects.select_for_update().filter(pk=quote.pk).first()  # one invoice at a time
        existing = {invoice.kind: invoice for invoice in Invoice.objects.filter(quote=quote)}
        if kind in existing:
            raise ValidationError(
                _("Quote %(quote)s already has this invoice: %(number)s.")
                % {"quote": quote.number, "number": existing[kind].number}
            )
        if kind == Invoice.Kind.DEPOSIT:
            if Invoice.Kind.FINAL in existing:
                raise ValidationError(_("The course has been invoiced in full already."))
            if deposit_percent is None or not 0 < deposit_percent < HUNDRED:
                raise ValidationError(
                    {"deposit_percent": _("Enter the deposit as a percentage, like 25")}
                )
            lines, net, vat = _deposit_amounts(quote, deposit_percent, rate)
        elif kind == Invoice.Kind.FINAL:
            if ends_on > today:
                raise ValidationError(
                    _("The course ends on %(day)s: invoice the rest after it, or a deposit now.")
                    % {"day": f"{ends_on.day} {ends_on:%B %Y}"}
                )
            lines, net, vat = _final_amounts(quote, existing.get(Invoice.Kind.DEPOSIT), rate)
            deposit_percent = None
        else:
            raise ValidationError({"kind": _("Choose a deposit or the invoice after the course")})
        provider = provider_of(quote.organisation)
        card = rate_card_current(provider=provider, currency=quote.currency) if provider else None
        guarantee_days = card.guarantee_days if card else DEFAULT_GUARANTEE_DAYS
        invoice = Invoice(
            number=document_number_next(prefix="INV", year=today.year, provider=provider),
            quote=quote,
            organisation=quote.organisation,
            kind=kind,
            deposit_percent=deposit_percent,
            lines=lines,
            net=net,
            vat_rate=rate,
            vat=vat,
            gross=net + vat,
            currency=quote.currency,
            vat_treatment=quote.vat_treatment,
            supply_date=quote.supply_date,
            course_ends_on=ends_on,
            guarantee_until=ends_on + timedelta(days=guarantee_days),
            issued_on=today,
            due_on=today + timedelta(days=quote.payment_terms_days),
            purchase_order=(
                quote.purchase_order if purchase_order is None else purchase_order
            ).strip(),
            provider_vat_number=quote.provider_vat_number,
            payment_terms_days=quote.payment_terms_days,
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        )
        invoice.full_clean(exclude=["pdf"])
        try:
            with transaction.atomic():
                invoice.save()
        except IntegrityError as clash:  # the same invoice made at the same moment
            raise ValidationError(
                _("Quote %(quote)s already has this invoice.") % {"quote": quote.number}
            ) from clash
        invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(invoice_pdf_bytes(invoice)))
        audit_log(
            actor=created_by,
            action="invoice.create",
            obj=invoice,
            after=snapshot(
                invoice,
                ["number", "quote_id", "kind", "net", "vat", "gross", "currency", "due_on"],
            )
            | {"purchase_order": invoice.purchase_order},
            organisation=invoice.organisation,
        )
    return invoice


def invoice_mark_paid(
    *, invoice: Invoice, paid_on: date, reference: str, recorded_by: Any
) -> Invoice:
    """Record the client's payment (date and reference) once; the invoice itself is unchanged."""
    if not is_providers_sales(invoice.quote, recorded_by):
        raise PermissionDenied
    reference = reference.strip()
    problems = {}
    if paid_on > timezone.localdate():
        problems["paid_on"] = _("The payment date must be today or in the past")
    if not reference:
        problems["reference"] = _("Enter the payment's reference, like the bank's BACS reference")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.paid_on is not None:
            raise ValidationError(
                _("This invoice was recorded as paid on %(day)s already.")
                % {"day": f"{locked.paid_on.day} {locked.paid_on:%B %Y}"}
            )
        before = snapshot(locked, _PAID_FIELDS)
        locked.paid_on = paid_on
        locked.payment_reference = reference
        locked.paid_recorded_by = recorded_by
        locked.save(update_fields=_PAID_FIELDS)
        audit_log(
            actor=recorded_by,
            action="invoice.paid",
            obj=locked,
            before=before,
            after=snapshot(locked, _PAID_FIELDS),
            organisation=locked.organisation,
        )
    return locked


def invoice_context(invoice: Invoice) -> dict[str, Any]:
    """What the invoice's page and PDF show."""
    quote = invoice.quote
    return {
        "invoice": invoice,
        "quote": quote,
        "provider": provider_of(invoice.organisation),
        "organisation": invoice.organisation,
        "vat_percent": invoice.vat_rate * 100,
        "po_missing": not invoice.purchase_order and needs_purchase_order(invoice.organisation),
    }


def invoice_pdf_bytes(invoice: Invoice) -> bytes:
    from breakaway.core.pdf import render_pdf  # WeasyPrint is slow to import: only here

    return render_pdf("quotes/pdf/invoice.html", invoice_context(invoice))
