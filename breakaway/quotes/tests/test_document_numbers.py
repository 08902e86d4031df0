"""Invoice and credit-note numbers are gapless under concurrent issue: threads race to issue
documents through the real services, some roll back after taking their number, and the
committed documents are numbered exactly 1…n (the pattern of core's numbering test)."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from breakaway.quotes import guarantee_services, invoice_services, quote_services
from breakaway.quotes.guarantee_services import claim_approve, claim_create
from breakaway.quotes.invoice_services import invoice_create
from breakaway.quotes.models import CreditNote, Invoice
from breakaway.quotes.quote_services import quote_accept

THREADS = 4
PER_THREAD = 3
YEAR = timezone.localdate().year


class AbandonedError(Exception):
    """Raised on purpose, after the number is taken, to roll a document back."""


def _abandons(thread: int, attempt: int) -> bool:
    return (thread + attempt) % 3 == 0


def _race(work) -> list[BaseException]:
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(thread: int) -> None:
        try:
            start.wait(timeout=30)
            for attempt in range(PER_THREAD):
                with contextlib.suppress(AbandonedError):
                    work(thread, attempt)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=180)
    assert not any(worker.is_alive() for worker in workers)
    return errors


@pytest.mark.django_db(transaction=True)
def test_invoice_and_credit_note_numbers_stay_gapless_under_concurrent_issue(
    make_quote, client_admin, advisor, provider_admin, monkeypatch
):
    # The PDF step comes after the number is taken: failing it rolls a document back.
    abandoned_quotes: set[int] = set()
    abandoned_invoices: set[int] = set()

    def invoice_pdf(invoice) -> bytes:
        if invoice.quote_id in abandoned_quotes:
            raise AbandonedError
        return b"%PDF-1.7 stub"

    def credit_note_pdf(credit_note) -> bytes:
        if credit_note.invoice_id in abandoned_invoices:
            raise AbandonedError
        return b"%PDF-1.7 stub"

    monkeypatch.setattr(quote_services, "quote_pdf_bytes", lambda quote: b"%PDF-1.7 stub")
    monkeypatch.setattr(invoice_services, "invoice_pdf_bytes", invoice_pdf)
    monkeypatch.setattr(guarantee_services, "credit_note_pdf_bytes", credit_note_pdf)

    quotes = {}
    for thread in range(THREADS):
        for attempt in range(PER_THREAD):
            quote = make_quote(supply_date=timezone.localdate() - timedelta(days=2))
            quotes[thread, attempt] = quote_accept(
                quote=quote, accepted_by=client_admin, purchase_order="PO"
            )
            if _abandons(thread, attempt):
                abandoned_quotes.add(quote.pk)

    def issue_invoice(thread: int, attempt: int) -> None:
        invoice_create(quote=quotes[thread, attempt], kind=Invoice.Kind.FINAL, created_by=advisor)

    assert _race(issue_invoice) == []
    invoiced = len(quotes) - len(abandoned_quotes)
    assert 0 < invoiced < len(quotes)
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"INV-{YEAR}-{n:04d}" for n in range(1, invoiced + 1)]

    claims = {}
    for key, quote in quotes.items():
        invoice = Invoice.objects.filter(quote=quote).first()
        if invoice is None:
            continue
        claims[key] = claim_create(
            invoice=invoice,
            claimed_by=client_admin,
            scope="part",
            amount=Decimal("10.00"),
            reason="Not what we expected",
        )
        if sum(key) % 2 == 0:
            abandoned_invoices.add(invoice.pk)

    def approve(thread: int, attempt: int) -> None:
        if (thread, attempt) in claims:
            claim_approve(claim=claims[thread, attempt], decided_by=provider_admin)

    assert _race(approve) == []
    credited = len(claims) - len(abandoned_invoices)
    assert 0 < credited < len(claims)
    issued = sorted(CreditNote.objects.values_list("number", flat=True))
    assert issued == [f"CN-{YEAR}-{n:04d}" for n in range(1, credited + 1)]
    assert not CreditNote.objects.filter(invoice_id__in=abandoned_invoices).exists()
