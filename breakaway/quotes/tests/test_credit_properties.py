"""Properties of the credit split: the parts add up to the credit exactly, credits never
exceed the invoice's net, VAT or gross, and crediting what is left reverses it exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breakaway.quotes.credit import Credited, CreditTooLarge, credit_split

PENNY = Decimal("0.01")
pennies = st.integers(min_value=1, max_value=10_000_000).map(lambda n: Decimal(n) * PENNY)
rates = st.sampled_from([Decimal("0.2"), Decimal("0.175"), Decimal("0.15"), Decimal(0)])


@st.composite
def invoices(draw: st.DrawFn) -> Credited:
    net = draw(pennies)
    vat = (net * draw(rates)).quantize(PENNY)
    return Credited(net=net, vat=vat)


@given(invoice=invoices(), shares=st.lists(st.integers(1, 1000), min_size=1, max_size=8))
def test_successive_credits_never_exceed_and_the_last_reverses_exactly(invoice, shares):
    state = invoice
    for share in shares:
        left = state.gross_left
        if left <= 0:
            break
        amount = max(PENNY, (left * share / 1000).quantize(PENNY))
        amount = min(amount, left)
        split = credit_split(state, amount)
        assert split.net + split.vat == amount
        assert split.net >= 0
        assert split.vat >= 0
        state = Credited(
            net=invoice.net,
            vat=invoice.vat,
            credited_net=state.credited_net + split.net,
            credited_vat=state.credited_vat + split.vat,
        )
        assert state.credited_net <= invoice.net
        assert state.credited_vat <= invoice.vat
    if state.gross_left > 0:
        last = credit_split(state, state.gross_left)
        assert state.credited_net + last.net == invoice.net
        assert state.credited_vat + last.vat == invoice.vat


@given(invoice=invoices(), extra=pennies)
def test_a_credit_beyond_what_is_left_is_refused(invoice, extra):
    with pytest.raises(CreditTooLarge):
        credit_split(invoice, invoice.gross + extra)


@given(invoice=invoices(), amount=pennies)
def test_the_vat_share_is_the_invoices_proportion_to_the_penny(invoice, amount):
    if amount > invoice.gross:
        return
    split = credit_split(invoice, amount)
    exact = amount * invoice.vat / invoice.gross
    assert abs(split.vat - exact) <= PENNY


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00"), Decimal("1.001")])
def test_a_credit_is_a_positive_whole_number_of_pennies(amount):
    with pytest.raises(ValueError, match="pennies"):
        credit_split(Credited(net=Decimal(100), vat=Decimal(20)), amount)


def test_the_worked_example():
    # 1,027.80 + 205.56 VAT; 120.00 back is 100.00 + 20.00 VAT.
    split = credit_split(Credited(net=Decimal("1027.80"), vat=Decimal("205.56")), Decimal(120))
    assert (split.net, split.vat) == (Decimal("100.00"), Decimal("20.00"))
