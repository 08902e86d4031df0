"""The demo trust has an accepted quote, a paid invoice and a refunded guarantee claim, once."""

import pytest
from django.core.management import call_command

from breakaway.catalogue.content import load_catalogue
from breakaway.quotes.models import CreditNote, GuaranteeClaim, Invoice, Quote
from breakaway.scheduling.models import Engagement

pytestmark = pytest.mark.django_db


def test_seed_demo_tells_the_trusts_story_from_quote_to_refund_once():
    load_catalogue()  # a browser test earlier in the run may have emptied it
    call_command("seed_demo")
    call_command("seed_demo")
    quote = Quote.objects.get(organisation__slug="riverside-mental-health")
    assert quote.status == Quote.Status.ACCEPTED
    assert Engagement.objects.filter(quote=quote).count() == 1
    invoice = Invoice.objects.get(quote=quote)
    assert invoice.is_paid
    claim = GuaranteeClaim.objects.get(invoice=invoice)
    assert claim.status == GuaranteeClaim.Status.REFUNDED
    note = CreditNote.objects.get(claim=claim)
    assert note.gross == claim.amount
    assert all(d.pdf for d in (quote, invoice, note))
