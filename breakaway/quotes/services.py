"""Pricing a request against the provider's current rate card and the recorded VAT rates."""

from __future__ import annotations

from typing import Any

from breakaway.accounts.models import Organisation
from breakaway.quotes import pricing
from breakaway.quotes.models import DEFAULT_CURRENCY
from breakaway.quotes.selectors import rate_card_current, vat_rates


def quote_price(
    *, data: Any, provider: Organisation | None, currency: str = DEFAULT_CURRENCY
) -> pricing.Priced:
    """Price a request (stores nothing); its own `rate_card` wins over the provider's current one.

    The provider's card is its current one in `currency` (pounds unless the client is billed
    in another).

    Raises pricing.InvalidRequest listing every problem with the request.
    """
    default_card = None
    inline = isinstance(data, dict) and data.get("rate_card") is not None
    stored = (
        rate_card_current(provider=provider, currency=currency) if provider and not inline else None
    )
    if stored is not None:
        try:
            default_card = stored.to_pricing()
        except pricing.InvalidRequest as invalid:
            problems = [f"the current rate card '{stored.name}' {p}" for p in invalid.problems]
            raise pricing.InvalidRequest(problems) from invalid
    return pricing.price_request(data, default_card=default_card, vat_rates=vat_rates())
