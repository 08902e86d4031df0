"""Gapless document numbers: Q-2026-0001, INV-2026-0001, CN-2026-0001.

Each prefix counts from 1 each year, separately for each provider organisation (or once
for the whole installation when no provider is given). The number is taken inside the
caller's transaction, together with the insert of the document that carries it: if that
transaction rolls back, so does the counter, and the next document gets the same number.
The counter row stays locked until the caller commits, so documents of one sequence are
created one after another; keep those transactions short.

PostgreSQL: `select_for_update()` locks the counter row. SQLite: every transaction begins
IMMEDIATE (config/settings/base.py), so the writer lock is held from the start and
concurrent writers wait for it (busy timeout) rather than reading a stale counter.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError

from breakaway.core.models import DocumentSequence

if TYPE_CHECKING:
    from breakaway.accounts.models import Organisation

_PREFIX = re.compile(r"[A-Z]{1,5}")
YEAR_MIN = 1000
YEAR_MAX = 9999


def document_number_format(*, prefix: str, year: int, number: int) -> str:
    """`PREFIX-YYYY-NNNN`: at least four digits, more once the year passes 9999 documents."""
    return f"{prefix}-{year}-{number:04d}"


def document_number_next(*, prefix: str, year: int, provider: Organisation | None = None) -> str:
    """Issue the next number of the sequence; call inside the transaction that stores it."""
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise ValueError(f"Document prefix must be 1 to 5 capital letters A-Z, not {prefix!r}.")
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"Document year must be a four-digit integer, not {year!r}.")
    if provider is not None and provider.pk is None:
        raise ValueError("The provider must be saved before it numbers documents.")
    if not connection.in_atomic_block:
        # Outside a transaction the counter would commit on its own and a failed insert
        # of the document would leave a gap.
        raise TransactionManagementError(
            "document_number_next() must run inside the transaction.atomic() block "
            "that creates the document."
        )
    sequence = _sequence_locked(prefix=prefix, year=year, provider=provider)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return document_number_format(prefix=prefix, year=year, number=sequence.last_number)


def _sequence_locked(*, prefix: str, year: int, provider: Organisation | None) -> DocumentSequence:
    """The counter row, locked for this transaction, created at 0 the first time."""
    rows = DocumentSequence.objects.select_for_update().filter(
        prefix=prefix, year=year, provider=provider
    )
    try:
        return rows.get()
    except DocumentSequence.DoesNotExist:
        pass
    try:
        # A savepoint, so that losing the race to create the row does not break the
        # caller's transaction; the row we insert is ours alone until we commit.
        with transaction.atomic():
            return DocumentSequence.objects.create(prefix=prefix, year=year, provider=provider)
    except IntegrityError:
        # Another transaction created it first (and has committed, since the unique index
        # made this insert wait for it): lock the winner's row.
        return rows.get()
