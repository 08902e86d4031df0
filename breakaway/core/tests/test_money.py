from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breakaway.core.templatetags.money import money


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        (Decimal("1234.56"), "GBP", "£1,234.56"),
        ("1027.8", "GBP", "£1,027.80"),
        (Decimal("0"), "GBP", "£0.00"),
        (Decimal("-12.345"), "GBP", "-£12.35"),
        (Decimal("1000000"), "EUR", "€1,000,000.00"),
        (Decimal("5"), "CHF", "5.00 CHF"),
        ("not money", "GBP", ""),
    ],
)
def test_money_is_shown_with_its_symbol_and_separators(value, currency, shown):
    assert money(value, currency) == shown


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2))
def test_money_round_trips_to_the_penny(amount):
    shown = money(amount)
    assert Decimal(shown.replace("£", "").replace(",", "")) == amount
