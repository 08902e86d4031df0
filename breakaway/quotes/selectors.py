"""Reads for pricing: the provider's current rate card and the dated VAT rates."""

from __future__ import annotations

from breakaway.accounts.models import Organisation
from breakaway.quotes import pricing
from breakaway.quotes.models import RateCard, VatRate


def rate_card_current(*, provider: Organisation) -> RateCard | None:
    """The provider's card marked current, or None when it has not set one."""
    return RateCard.objects.filter(provider=provider, is_current=True).first()


def vat_rates() -> tuple[pricing.VatRate, ...]:
    """The recorded VAT rates, oldest first; the UK's statutory rates if none are recorded.

    The table is filled by a data migration, so it is empty only where a test has flushed the
    database; the statutory rates are law, not a setting, so they are a safe stand-in.
    """
    recorded = tuple(r.to_pricing() for r in VatRate.objects.order_by("valid_from"))
    return recorded or pricing.UK_STANDARD_RATES
