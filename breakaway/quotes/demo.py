"""The demo rate card: typical prices for a personal-safety training provider."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from breakaway.accounts.models import Organisation
from breakaway.quotes.models import RateCard

# Per trainer per full day, by the course's content and risk level.
DEMO_DAY_RATES = {
    "conflict-resolution": {"low": "550", "medium": "625", "high": "700"},
    "breakaway": {"low": "650", "medium": "750", "high": "850"},
    "physical-intervention": {"low": "750", "medium": "875", "high": "995"},
}


def seed_rate_card(provider: Organisation) -> RateCard:
    """The provider's current card: made once, left alone afterwards."""
    current = RateCard.objects.filter(provider=provider, is_current=True).first()
    if current is not None:
        return current
    card = RateCard(
        provider=provider,
        name="Standard rates 2026",
        day_rates=DEMO_DAY_RATES,
        part_day_fraction=Decimal("0.6"),
        materials_per_attendee=Decimal("4.50"),
        mileage_rate=Decimal("0.45"),
        overnight_threshold_miles=Decimal(60),
        overnight_rate=Decimal("95.00"),
        vat_number="GB 123 4567 89",
        valid_from=date(2026, 1, 1),
        is_current=True,
    )
    card.full_clean()
    card.save()
    return card
