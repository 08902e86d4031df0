"""The refresher item bank: short questions sent between courses to fight skill fade."""

from breakaway.learning.bank import exits, law, options, reporting, scenarios, signals, techniques
from breakaway.learning.bank.base import KINDS, BankItem

ITEMS: tuple[BankItem, ...] = (
    *law.ITEMS,
    *signals.ITEMS,
    *options.ITEMS,
    *exits.ITEMS,
    *techniques.ITEMS,
    *reporting.ITEMS,
    *scenarios.ITEMS,
)

__all__ = ["ITEMS", "KINDS", "BankItem"]
