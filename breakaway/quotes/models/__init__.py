"""The quotes app's models: pricing and quotes, then the documents that follow acceptance."""

from breakaway.quotes.models.invoices import CreditNote, GuaranteeClaim, Invoice
from breakaway.quotes.models.quotes import (
    CURRENCY_CODE,
    DEFAULT_CURRENCY,
    ClientBilling,
    Quote,
    RateCard,
    VatRate,
    _default_day_rates,
    _default_json,
)

__all__ = [
    "CURRENCY_CODE",
    "DEFAULT_CURRENCY",
    "ClientBilling",
    "CreditNote",
    "GuaranteeClaim",
    "Invoice",
    "Quote",
    "RateCard",
    "VatRate",
    "_default_day_rates",
    "_default_json",
]
