"""Money on pages and documents: £1,234.56 (DESIGN.md), from Decimal or a decimal string."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


@register.filter
def money(value: object, currency: str = "GBP") -> str:
    """A money amount with its symbol and thousands separators, to the penny."""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    symbol = SYMBOLS.get(currency)
    sign = "-" if amount < 0 else ""
    number = f"{abs(amount):,.2f}"
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency}"
