"""How much of a credit is net and how much VAT: exact to the penny, never more than is left.

Plain Python with no Django import, in `Decimal` only. An invoice of net N and VAT V may be
credited several times (several claims under the guarantee). Each credit of a gross amount A
is split in the proportion of what is still uncredited on the invoice:

    VAT part = A × (V − VAT credited so far) / (N + V − gross credited so far), half-up,
    net part = A − VAT part,

then held within what is left of each, so that the parts always add up to A exactly, the
credits together never exceed the invoice's net, VAT or gross, and crediting everything that
is left reverses the invoice to the penny.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


class CreditTooLarge(ValueError):  # noqa: N818 - read as "raise CreditTooLarge(...)"
    """The credit asked for is more than is left to credit on the invoice."""


@dataclass(frozen=True)
class Credited:
    """What an invoice carries and what has been credited against it so far."""

    net: Decimal
    vat: Decimal
    credited_net: Decimal = Decimal("0.00")
    credited_vat: Decimal = Decimal("0.00")

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    @property
    def net_left(self) -> Decimal:
        return self.net - self.credited_net

    @property
    def vat_left(self) -> Decimal:
        return self.vat - self.credited_vat

    @property
    def gross_left(self) -> Decimal:
        return self.net_left + self.vat_left


@dataclass(frozen=True)
class Split:
    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def _penny(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def credit_split(invoice: Credited, amount: Decimal) -> Split:
    """Split a gross credit into net and VAT; raises CreditTooLarge beyond what is left.

    `amount` must be a positive whole number of pennies.
    """
    if amount != _penny(amount) or amount <= 0:
        raise ValueError(f"A credit must be a positive amount in pennies, not {amount}.")
    left = invoice.gross_left
    if amount > left:
        raise CreditTooLarge(f"Only {left} is left to credit on this invoice, not {amount}.")
    if amount == left:
        return Split(net=invoice.net_left, vat=invoice.vat_left)
    vat = _penny(amount * invoice.vat_left / left) if left else Decimal("0.00")
    vat = min(max(vat, Decimal("0.00")), invoice.vat_left)
    net = amount - vat
    if net > invoice.net_left:  # rounding took a penny too few VAT: give it back to VAT
        net = invoice.net_left
        vat = amount - net
    return Split(net=net, vat=vat)
