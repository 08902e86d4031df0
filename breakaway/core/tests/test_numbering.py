"""Document numbers run 1, 2, 3… per prefix, year and provider, with no gaps and no repeats."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError

from breakaway.accounts.tests.factories import ProviderFactory
from breakaway.core.models import AuditEntry, DocumentSequence
from breakaway.core.numbering import document_number_format, document_number_next

pytestmark = pytest.mark.django_db


def _next(**kwargs):
    with transaction.atomic():
        return document_number_next(**kwargs)


class AbandonedError(Exception):
    """Raised on purpose to roll a document's transaction back."""


def test_first_number_of_a_year_is_one_padded_to_four_digits():
    assert _next(prefix="Q", year=2026) == "Q-2026-0001"
    assert _next(prefix="Q", year=2026) == "Q-2026-0002"


def test_numbers_grow_past_four_digits():
    assert document_number_format(prefix="INV", year=2026, number=9999) == "INV-2026-9999"
    DocumentSequence.objects.create(prefix="INV", year=2026, last_number=9999)
    assert _next(prefix="INV", year=2026) == "INV-2026-10000"


def test_each_prefix_counts_on_its_own():
    assert _next(prefix="Q", year=2026) == "Q-2026-0001"
    assert _next(prefix="INV", year=2026) == "INV-2026-0001"
    assert _next(prefix="CN", year=2026) == "CN-2026-0001"
    assert _next(prefix="Q", year=2026) == "Q-2026-0002"


def test_each_year_starts_again_at_one():
    _next(prefix="Q", year=2026)
    _next(prefix="Q", year=2026)
    assert _next(prefix="Q", year=2027) == "Q-2027-0001"
    assert _next(prefix="Q", year=2026) == "Q-2026-0003"


def test_each_provider_counts_on_its_own_and_apart_from_the_installation(provider):
    other = ProviderFactory(name="Southside Training")
    assert _next(prefix="Q", year=2026, provider=provider) == "Q-2026-0001"
    assert _next(prefix="Q", year=2026, provider=provider) == "Q-2026-0002"
    assert _next(prefix="Q", year=2026, provider=other) == "Q-2026-0001"
    assert _next(prefix="Q", year=2026) == "Q-2026-0001"
    assert _next(prefix="Q", year=2026) == "Q-2026-0002"
    assert DocumentSequence.objects.filter(prefix="Q", year=2026).count() == 3


def _number_then_roll_back(**kwargs):
    with transaction.atomic():
        raise AbandonedError(document_number_next(**kwargs))


def test_a_rolled_back_document_gives_its_number_back():
    assert _next(prefix="CN", year=2026) == "CN-2026-0001"
    with pytest.raises(AbandonedError, match="CN-2026-0002"):
        _number_then_roll_back(prefix="CN", year=2026)
    assert _next(prefix="CN", year=2026) == "CN-2026-0002"


def test_a_rolled_back_first_document_leaves_no_counter_behind():
    with pytest.raises(AbandonedError, match="Q-2030-0001"):
        _number_then_roll_back(prefix="Q", year=2030)
    assert not DocumentSequence.objects.filter(prefix="Q", year=2030).exists()
    assert _next(prefix="Q", year=2030) == "Q-2030-0001"


@pytest.mark.django_db(transaction=True)
def test_refuses_to_number_outside_a_transaction():
    with pytest.raises(TransactionManagementError):
        document_number_next(prefix="Q", year=2026)
    assert not DocumentSequence.objects.exists()


@pytest.mark.parametrize("prefix", ["", "q", "Q1", "QUOTES", "Q-", "É", "Q\n", 7])
def test_rejects_a_prefix_that_is_not_one_to_five_capital_letters(prefix):
    with pytest.raises(ValueError, match="prefix"), transaction.atomic():
        document_number_next(prefix=prefix, year=2026)


@pytest.mark.parametrize("year", [0, 999, 10000, -2026, True, "2026", 2026.0])
def test_rejects_a_year_that_is_not_four_digits(year):
    with pytest.raises(ValueError, match="year"), transaction.atomic():
        document_number_next(prefix="Q", year=year)


def test_rejects_an_unsaved_provider():
    with pytest.raises(ValueError, match="provider"), transaction.atomic():
        document_number_next(prefix="Q", year=2026, provider=ProviderFactory.build())


def test_the_database_allows_one_installation_wide_counter_per_prefix_and_year():
    DocumentSequence.objects.create(prefix="Q", year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentSequence.objects.create(prefix="Q", year=2026)


def test_the_database_allows_one_counter_per_provider_prefix_and_year(provider):
    DocumentSequence.objects.create(prefix="Q", year=2026, provider=provider)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentSequence.objects.create(prefix="Q", year=2026, provider=provider)


THREADS = 8
PER_THREAD = 10


def _abandons(thread: int, attempt: int) -> bool:
    """About one creation in four is rolled back, spread over every thread."""
    return (thread + attempt) % 4 == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_commit_exactly_one_to_n():
    """Eight threads race, from a missing counter row on, with rollbacks among them."""
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def create_documents(thread: int) -> None:
        try:
            start.wait(timeout=30)
            for attempt in range(PER_THREAD):
                try:
                    with transaction.atomic():
                        number = document_number_next(prefix="INV", year=2026)
                        AuditEntry.objects.create(
                            action="test.document_created",
                            object_type="test.document",
                            object_id=number,
                            object_repr=number,
                        )
                        # Hold the number a moment before committing, to widen the race.
                        time.sleep(0.001)
                        if _abandons(thread, attempt):
                            raise AbandonedError
                except AbandonedError:
                    pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=create_documents, args=(t,)) for t in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers)
    assert errors == []

    committed = sum(not _abandons(t, a) for t in range(THREADS) for a in range(PER_THREAD))
    assert 0 < committed < THREADS * PER_THREAD
    numbers = list(
        AuditEntry.objects.filter(action="test.document_created").values_list(
            "object_id", flat=True
        )
    )
    expected = [f"INV-2026-{n:04d}" for n in range(1, committed + 1)]
    assert sorted(numbers) == expected
    assert DocumentSequence.objects.get(prefix="INV", year=2026).last_number == committed
