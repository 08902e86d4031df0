"""Reads of invoices, guarantee claims and credit notes, always through the user asking.

Provider staff see their clients'; a client's staff see only their own organisation's;
anything else is 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from breakaway.quotes.models import CreditNote, GuaranteeClaim, Invoice
from breakaway.quotes.pricing import money

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))


def _visible_organisations(user: Any) -> Any:
    from breakaway.accounts.selectors import organisation_list_for_user

    return organisation_list_for_user(user=user)


def invoice_list_for_user(*, user: Any) -> QuerySet[Invoice]:
    """Invoices the user may see, newest first, each with what has been credited against it."""
    credited = (
        CreditNote.objects.filter(invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(total=Sum("gross"))
        .values("total")
    )
    return (
        Invoice.objects.filter(organisation__in=_visible_organisations(user))
        .select_related("organisation", "quote")
        .annotate(
            credited=Coalesce(
                Subquery(credited, output_field=DecimalField(max_digits=12, decimal_places=2)),
                ZERO,
            )
        )
        .order_by("-issued_on", "-id")
    )


def invoice_get_for_user(*, user: Any, pk: int) -> Invoice:
    """One invoice the user may see; 404 for another organisation's."""
    invoice = (
        invoice_list_for_user(user=user)
        .select_related("organisation__provider", "quote__design", "paid_recorded_by")
        .filter(pk=pk)
        .first()
    )
    if invoice is None:
        raise Http404("No such invoice.")
    return invoice


def claim_list_for_user(*, user: Any) -> QuerySet[GuaranteeClaim]:
    """Guarantee claims the user may see, newest first, with their invoice and credit note."""
    return (
        GuaranteeClaim.objects.filter(organisation__in=_visible_organisations(user))
        .select_related("organisation", "invoice", "credit_note", "claimed_by", "decided_by")
        .order_by("-claimed_at", "-id")
    )


def claim_get_for_user(*, user: Any, pk: int) -> GuaranteeClaim:
    """One claim the user may see; 404 for another organisation's."""
    claim = (
        claim_list_for_user(user=user)
        .select_related("invoice__organisation__provider", "refund_recorded_by")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404("No such claim.")
    return claim


def claim_totals(*, claims: QuerySet[GuaranteeClaim]) -> list[dict[str, Any]]:
    """The claims' totals for each currency: how many, claimed, credited, refunded, speed."""
    rows = (
        claims.order_by()
        .values("invoice__currency")
        .annotate(
            claims=Count("id"),
            claimed=Coalesce(Sum("amount"), ZERO),
            credited=Coalesce(Sum("credit_note__gross"), ZERO),
        )
        .order_by("invoice__currency")
    )
    refunded = {
        row["invoice__currency"]: row
        for row in claims.order_by()
        .filter(status=GuaranteeClaim.Status.REFUNDED)
        .values("invoice__currency")
        .annotate(count=Count("id"), amount=Coalesce(Sum("credit_note__gross"), ZERO))
    }
    days: dict[str, list[int]] = {}
    refunds = claims.order_by().filter(refunded_on__isnull=False)
    for currency, claimed_at, refunded_on in refunds.values_list(
        "invoice__currency", "claimed_at", "refunded_on"
    ):
        if refunded_on is not None:
            waited = (refunded_on - timezone.localdate(claimed_at)).days
            days.setdefault(currency, []).append(waited)
    totals = []
    for row in rows:
        currency = row["invoice__currency"]
        waits = days.get(currency, [])
        totals.append(
            {
                "currency": currency,
                "claims": row["claims"],
                # Rounded to the penny: SQLite adds decimals as floats.
                "claimed": money(row["claimed"]),
                "credited": money(row["credited"]),
                "refunded_count": refunded.get(currency, {}).get("count", 0),
                "refunded": money(refunded.get(currency, {}).get("amount", Decimal(0))),
                "average_days": (
                    (Decimal(sum(waits)) / len(waits)).quantize(Decimal("0.1")) if waits else None
                ),
            }
        )
    return totals


def credit_note_get_for_user(*, user: Any, pk: int) -> CreditNote:
    """One credit note the user may see; 404 for another organisation's."""
    credit_note = credit_note_list_for_user(user=user).filter(pk=pk).first()
    if credit_note is None:
        raise Http404("No such credit note.")
    return credit_note


def credit_note_list_for_user(*, user: Any) -> QuerySet[CreditNote]:
    """Credit notes the user may see, newest first."""
    return (
        CreditNote.objects.filter(organisation__in=_visible_organisations(user))
        .select_related("organisation", "invoice__quote")
        .order_by("-issued_on", "-id")
    )
