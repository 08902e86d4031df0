"""Quotes: numbered without gaps, priced as the pricing module prices, issued once as a PDF,
accepted (moving the client's enquiry to booked) or declined by the client's own staff."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from breakaway.catalogue.content import load_catalogue
from breakaway.catalogue.models import Module
from breakaway.core.models import AuditEntry
from breakaway.core.templatetags.money import money
from breakaway.courses.services import course_design_create
from breakaway.enquiries.models import Enquiry
from breakaway.enquiries.tests.factories import EnquiryFactory
from breakaway.quotes.demo import seed_rate_card
from breakaway.quotes.models import ClientBilling, Quote
from breakaway.quotes.quote_services import quote_accept, quote_create, quote_decline
from breakaway.quotes.services import quote_price

pytestmark = pytest.mark.django_db

TRAVEL = [{"trainer": "Sam Patel", "one_way_miles": Decimal("42"), "days": 1}]


@pytest.fixture
def design(provider, client_org):
    if not Module.objects.exists():
        load_catalogue()
    seed_rate_card(provider)
    return course_design_create(organisation=client_org, created_by=None, length="3h", headcount=20)


def _quote(design, advisor, **changes):
    arguments = {
        "design": design,
        "content": "breakaway",
        "supply_date": timezone.localdate() + timedelta(days=20),
        "travel": TRAVEL,
        "created_by": advisor,
    } | changes
    return quote_create(**arguments)


def test_quotes_are_numbered_in_sequence_for_the_year_of_issue(design, advisor):
    year = timezone.localdate().year
    first, second = _quote(design, advisor), _quote(design, advisor)
    assert (first.number, second.number) == (f"Q-{year}-0001", f"Q-{year}-0002")


def test_the_issued_pdf_is_stored_once_and_served_as_stored(client, design, advisor):
    quote = _quote(design, advisor)
    stored = quote.pdf.open("rb").read()
    assert stored.startswith(b"%PDF")
    client.force_login(advisor)
    response = client.get(reverse("quotes:pdf", kwargs={"pk": quote.pk}))
    assert response.status_code == 200
    assert response.content == stored


def test_the_totals_are_the_pricing_modules_and_terms_are_recorded(design, advisor):
    quote = _quote(design, advisor, purchase_order="PO-7")
    priced = quote_price(data=quote.request, provider=design.organisation.provider)
    assert (quote.net, quote.vat, quote.gross) == (priced.net, priced.vat, priced.gross)
    assert quote.priced == priced.to_dict()
    assert quote.request["course"]["risk_level"] == "medium"  # no assessment
    assert quote.request["course"]["length"] == "3h"
    assert quote.valid_until == timezone.localdate() + timedelta(days=30)
    assert quote.payment_terms_days == 30
    assert quote.provider_vat_number == "GB 123 4567 89"
    assert quote.purchase_order == "PO-7"
    assert quote.status == Quote.Status.SENT
    assert [line["kind"] for line in quote.priced["lines"]][-1] == "travel"
    assert AuditEntry.objects.filter(action="quote.create").count() == 1


def test_an_exempt_client_pays_no_vat(design, advisor, client_org):
    ClientBilling.objects.create(organisation=client_org, vat_treatment="exempt")
    quote = _quote(design, advisor)
    assert quote.vat == 0
    assert quote.gross == quote.net


def test_accepting_records_who_and_when_and_books_the_enquiry(design, advisor, client_admin):
    enquiry = EnquiryFactory(client=design.organisation, stage=Enquiry.Stage.PROPOSAL)
    issued = _quote(design, advisor)
    pdf_name, pdf_bytes = issued.pdf.name, issued.pdf.open("rb").read()
    quote = quote_accept(quote=issued, accepted_by=client_admin, purchase_order="PO-1")
    assert quote.pdf.name == pdf_name  # the issued document is never re-rendered
    assert quote.pdf.open("rb").read() == pdf_bytes
    assert quote.status == Quote.Status.ACCEPTED
    assert quote.decided_by == client_admin
    assert quote.decided_at is not None
    assert quote.purchase_order == "PO-1"
    enquiry.refresh_from_db()
    assert enquiry.stage == Enquiry.Stage.BOOKED


def test_a_client_that_requires_a_po_must_give_one(design, advisor, client_admin, client_org):
    ClientBilling.objects.create(organisation=client_org, purchase_order_required=True)
    quote = _quote(design, advisor)
    with pytest.raises(ValidationError):
        quote_accept(quote=quote, accepted_by=client_admin)
    assert quote_accept(quote=quote, accepted_by=client_admin, purchase_order="PO-9").status == (
        Quote.Status.ACCEPTED
    )


def test_declining_needs_a_reason(design, advisor, client_manager):
    quote = _quote(design, advisor)
    with pytest.raises(ValidationError):
        quote_decline(quote=quote, declined_by=client_manager, reason="  ")
    declined = quote_decline(quote=quote, declined_by=client_manager, reason="Over budget")
    assert declined.status == Quote.Status.DECLINED
    assert declined.decline_reason == "Over budget"
    with pytest.raises(ValidationError):
        quote_accept(quote=declined, accepted_by=client_manager)


def test_an_expired_quote_is_refused_and_marked_expired(design, advisor, client_admin):
    quote = _quote(design, advisor)
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    quote.refresh_from_db()
    with pytest.raises(ValidationError, match="expired"):
        quote_accept(quote=quote, accepted_by=client_admin)
    quote.refresh_from_db()
    assert quote.status == Quote.Status.EXPIRED


def test_another_clients_staff_cannot_decide_or_see_it(client, design, advisor, other_client_admin):
    quote = _quote(design, advisor)
    with pytest.raises(PermissionDenied):
        quote_accept(quote=quote, accepted_by=other_client_admin)
    client.force_login(other_client_admin)
    for name in ("quotes:detail", "quotes:pdf"):
        assert client.get(reverse(name, kwargs={"pk": quote.pk})).status_code == 404
    response = client.get(reverse("quotes:list"))
    assert quote.number not in response.content.decode()


def test_client_staff_cannot_make_a_quote(client, design, client_admin):
    client.force_login(client_admin)
    url = reverse("quotes:create", kwargs={"pk": design.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"content": "breakaway"}).status_code == 403
    assert not Quote.objects.exists()


def test_an_advisor_makes_a_quote_on_the_web(client, design, advisor):
    client.force_login(advisor)
    url = reverse("quotes:create", kwargs={"pk": design.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Physical intervention" in page.content.decode()
    supply = (timezone.localdate() + timedelta(days=20)).isoformat()
    half_row = {"content": "breakaway", "supply_date": supply, "trainer_1": "Sam"}
    assert client.post(url, half_row).status_code == 400
    response = client.post(
        url, half_row | {"miles_1": "80", "days_1": "2", "purchase_order": "PO-3"}
    )
    quote = Quote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("quotes:detail", kwargs={"pk": quote.pk})
    assert quote.request["travel"] == [{"trainer": "Sam", "one_way_miles": "80", "days": 2}]


def test_the_client_accepts_on_the_web_with_a_po_when_required(
    client, design, advisor, client_admin, client_org
):
    ClientBilling.objects.create(organisation=client_org, purchase_order_required=True)
    quote = _quote(design, advisor)
    client.force_login(client_admin)
    detail = reverse("quotes:detail", kwargs={"pk": quote.pk})
    page = client.get(detail).content.decode()
    assert quote.number in page
    assert money(quote.gross) in page  # shown as £1,233.36
    accept = reverse("quotes:accept", kwargs={"pk": quote.pk})
    missing = client.post(accept, {"purchase_order": ""})
    assert missing.status_code == 400
    assert "Enter your purchase order number" in missing.content.decode()
    assert client.post(accept, {"purchase_order": "PO-5"})["Location"] == detail
    quote.refresh_from_db()
    assert (quote.status, quote.purchase_order, quote.decided_by) == (
        Quote.Status.ACCEPTED,
        "PO-5",
        client_admin,
    )


def test_the_list_takes_the_same_queries_however_many_quotes(
    client, design, advisor, django_assert_max_num_queries
):
    _quote(design, advisor)
    client.force_login(advisor)
    client.get(reverse("quotes:list"))
    _quote(design, advisor)
    _quote(design, advisor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("quotes:list"))
    assert response.content.decode().count("Q-") >= 3
