"""Reads for pricing: the provider's current rate card and the dated VAT rates."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from breakaway.accounts.models import Organisation
from breakaway.quotes import pricing
from breakaway.quotes.models import DEFAULT_CURRENCY, Quote, RateCard, VatRate


def rate_card_current(
    *, provider: Organisation, currency: str = DEFAULT_CURRENCY
) -> RateCard | None:
    """The provider's current card in the currency, or None when it has not set one."""
    return RateCard.objects.filter(provider=provider, currency=currency, is_current=True).first()


def vat_rates() -> tuple[pricing.VatRate, ...]:
    """The recorded VAT rates, oldest first; the UK's statutory rates if none are recorded.

    The table is filled by a data migration, so it is empty only where a test has flushed the
    database; the statutory rates are law, not a setting, so they are a safe stand-in.
    """
    recorded = tuple(r.to_pricing() for r in VatRate.objects.order_by("valid_from"))
    return recorded or pricing.UK_STANDARD_RATES


def quote_list_for_user(*, user: Any) -> QuerySet[Quote]:
    """Quotes the user may see: provider staff their clients'; client staff their own."""
    from breakaway.accounts.selectors import organisation_list_for_user

    return Quote.objects.filter(
        organisation__in=organisation_list_for_user(user=user)
    ).select_related("organisation")


def quote_get_for_user(*, user: Any, pk: int) -> Quote:
    """One quote the user may see; 404 for another organisation's."""
    quote = (
        quote_list_for_user(user=user)
        .select_related(
            "design",
            "organisation__provider",
            "decided_by",
            "created_by",
            "supersedes",
            "venue__site",
        )
        .filter(pk=pk)
        .first()
    )
    if quote is None:
        raise Http404("No such quote.")
    return quote


def quote_versions(*, quote: Quote) -> list[Quote]:
    """Every version of the quote, oldest first: what it superseded and what superseded it.

    Chains are short (a quote is revised a few times at most), so each step is one query.
    """
    older: list[Quote] = []
    current = quote
    while current.supersedes_id is not None:
        current = Quote.objects.get(pk=current.supersedes_id)
        older.append(current)
    newer: list[Quote] = []
    current = quote
    while (following := Quote.objects.filter(supersedes=current).first()) is not None:
        newer.append(following)
        current = following
    return [*reversed(older), quote, *newer]
