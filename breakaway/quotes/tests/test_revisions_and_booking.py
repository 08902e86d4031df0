"""Revising a quote makes a new version and retires the old one; a rate card per currency;
travel from the map; accepting books the course (engagements) and moves the pipeline."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.models import Role, Site
from breakaway.accounts.tests.factories import UserFactory
from breakaway.core.models import AuditEntry
from breakaway.core.templatetags.money import money
from breakaway.core.tests.pdf_text import pdf_text
from breakaway.enquiries.models import Enquiry
from breakaway.enquiries.tests.factories import EnquiryFactory
from breakaway.quotes import pricing
from breakaway.quotes.models import ClientBilling, Quote, RateCard
from breakaway.quotes.quote_services import CANCELLATION_TERMS, quote_accept, quote_revise
from breakaway.quotes.selectors import quote_versions
from breakaway.quotes.travel import likely_trainers, road_miles
from breakaway.scheduling.booking import course_days, engagements_create_for_quote
from breakaway.scheduling.models import Engagement, Venue
from breakaway.trainers.models import Trainer

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
MANCHESTER = (53.4808, -2.2426)


def _revise(quote, user, **changes):
    arguments = {
        "quote": quote,
        "revised_by": user,
        "supply_date": quote.supply_date + timedelta(days=7),
        "travel": [],
        "purchase_order": "PO-NEW",
        "payment_terms_days": 14,
        "cancellation_terms": "Cancel 7 days ahead.",
    } | changes
    return quote_revise(**arguments)


# Revisions ---------------------------------------------------------------------------------


def test_a_revision_is_a_new_quote_that_supersedes_the_old_one(make_quote, advisor):
    old = make_quote()
    old_pdf = old.pdf.open("rb").read()
    new = _revise(old, advisor)
    old.refresh_from_db()
    assert new.number == f"Q-{YEAR}-0002"
    assert new.supersedes == old
    assert old.status == Quote.Status.SUPERSEDED
    assert old.pdf.open("rb").read() == old_pdf
    assert (new.purchase_order, new.payment_terms_days, new.cancellation_terms) == (
        "PO-NEW",
        14,
        "Cancel 7 days ahead.",
    )
    assert new.supply_date == old.supply_date + timedelta(days=7)
    assert new.request["travel"] == []
    assert new.net < old.net  # no travel now
    assert AuditEntry.objects.filter(action="quote.supersede", object_id=old.pk).exists()
    assert quote_versions(quote=old) == [old, new]
    assert quote_versions(quote=new) == [old, new]


def test_a_superseded_quote_cannot_be_accepted_and_says_which_replaces_it(
    make_quote, advisor, client_admin
):
    old = make_quote()
    new = _revise(old, advisor)
    with pytest.raises(ValidationError, match=f"replaced by quote {new.number}"):
        quote_accept(quote=old, accepted_by=client_admin, purchase_order="PO")
    assert quote_accept(quote=new, accepted_by=client_admin, purchase_order="PO").status == (
        Quote.Status.ACCEPTED
    )


def test_accepted_and_declined_quotes_are_not_revised(accepted_quote, advisor, client_admin):
    with pytest.raises(ValidationError, match="no longer be revised"):
        _revise(accepted_quote, advisor)
    assert Quote.objects.count() == 1


def test_an_expired_quote_can_be_revised_into_a_fresh_one(make_quote, advisor, client_admin):
    old = make_quote()
    Quote.objects.filter(pk=old.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    old.refresh_from_db()
    new = _revise(old, advisor)
    assert new.valid_until == timezone.localdate() + timedelta(days=30)


def test_the_client_cannot_revise(client, make_quote, client_admin):
    quote = make_quote()
    client.force_login(client_admin)
    assert client.get(reverse("quotes:revise", kwargs={"pk": quote.pk})).status_code == 403


def test_an_advisor_revises_on_the_web_and_sees_the_version_chain(client, make_quote, advisor):
    old = make_quote()
    client.force_login(advisor)
    url = reverse("quotes:revise", kwargs={"pk": old.pk})
    form = client.get(url)
    assert form.status_code == 200
    assert "Sam Patel" in form.content.decode()  # the travel as it was
    bad = client.post(url, {"supply_date": "", "payment_terms_days": "", "cancellation_terms": ""})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    response = client.post(
        url,
        {
            "supply_date": (old.supply_date + timedelta(days=1)).isoformat(),
            "travel_source": "miles",
            "trainer_1": "Sam Patel",
            "miles_1": "50",
            "days_1": "1",
            "purchase_order": "PO-2",
            "payment_terms_days": "30",
            "cancellation_terms": CANCELLATION_TERMS,
        },
    )
    new = Quote.objects.get(supersedes=old)
    assert response["Location"] == reverse("quotes:detail", kwargs={"pk": new.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Versions of this quote" in page
    assert old.number in page
    old_page = client.get(reverse("quotes:detail", kwargs={"pk": old.pk})).content.decode()
    assert "can no longer be accepted" in old_page
    assert "Accept the quote" not in old_page
    assert f"Replaces Quote {old.number}" in " ".join(pdf_text(new.pdf.open("rb").read()).split())


# Currency ----------------------------------------------------------------------------------


def _euro_card(provider):
    return RateCard.objects.create(
        provider=provider,
        name="Tarifs 2026",
        currency="EUR",
        day_rates={"breakaway": {"low": "700", "medium": "800", "high": "900"}},
        materials_per_attendee=Decimal(5),
        mileage_rate=Decimal("0.50"),
        overnight_rate=Decimal(120),
        vat_number="GB 123 4567 89",
        valid_from=date(2026, 1, 1),
        is_current=True,
    )


def test_a_client_abroad_is_quoted_from_the_card_in_its_currency(
    make_quote, provider, client_org, client, advisor
):
    _euro_card(provider)
    ClientBilling.objects.create(
        organisation=client_org, vat_treatment="outside_scope", currency="EUR"
    )
    quote = make_quote(travel=[])
    assert quote.currency == "EUR"
    assert quote.vat == 0
    assert quote.priced["lines"][0]["amount"] == "480.00"  # €800 × 1 trainer × 0.6 (3 hours)
    client.force_login(advisor)
    page = client.get(reverse("quotes:detail", kwargs={"pk": quote.pk})).content.decode()
    assert money(quote.gross, "EUR") in page
    assert money(quote.gross, "EUR").startswith("€")


def test_one_current_card_per_currency(provider):
    from django.db import IntegrityError, transaction

    from breakaway.quotes.demo import seed_rate_card

    seed_rate_card(provider)
    _euro_card(provider)  # a current euro card beside the current pound one
    with pytest.raises(IntegrityError), transaction.atomic():
        _euro_card(provider)


def test_no_card_in_the_clients_currency_is_a_clear_problem(make_quote, client_org):
    ClientBilling.objects.create(organisation=client_org, currency="USD")
    with pytest.raises(pricing.InvalidRequest, match="no current rate card in USD"):
        make_quote()


# Travel from the map -----------------------------------------------------------------------


def _trainer(provider, name, lat, lon, **extra):
    user = UserFactory(
        full_name=name, membership__organisation=provider, membership__role=Role.TRAINER
    )
    return Trainer.objects.create(user=user, provider=provider, base_lat=lat, base_lon=lon, **extra)


@pytest.fixture
def venue(client_org):
    site = Site.objects.create(organisation=client_org, name="Riverside Hospital")
    return Venue.objects.create(site=site, lat=MANCHESTER[0], lon=MANCHESTER[1])


def test_road_miles_are_crow_miles_times_the_road_factor():
    assert road_miles(Decimal("40.04"), Decimal("1.25")) == Decimal("50.1")
    assert road_miles(Decimal("0"), Decimal("1.25")) == Decimal("0.0")


def test_the_nearest_active_trainers_with_a_base_are_chosen(provider, venue):
    _trainer(provider, "Leeds Lee", 53.8008, -1.5491)  # about 36 miles
    _trainer(provider, "Stockport Sue", 53.4106, -2.1575)  # about 6 miles
    _trainer(provider, "London Lou", 51.5074, -0.1278)  # about 163 miles
    _trainer(provider, "Retired Rita", 53.48, -2.24, is_active=False)
    _trainer(provider, "Nowhere Ned", None, None)
    chosen = likely_trainers(provider=provider, venue=venue, count=2, road_factor=Decimal("1.25"))
    assert [t.name for t in chosen] == ["Stockport Sue", "Leeds Lee"]
    assert chosen[0].road_miles == (chosen[0].crow_miles * Decimal("1.25")).quantize(Decimal("0.1"))
    with pytest.raises(ValidationError, match="needs 4 trainers but only 3"):
        likely_trainers(provider=provider, venue=venue, count=4, road_factor=Decimal("1.25"))


def test_a_quote_priced_from_the_map_keeps_the_pricing_request_the_same(
    make_quote, provider, venue
):
    _trainer(provider, "Stockport Sue", 53.4106, -2.1575)
    _trainer(provider, "Leeds Lee", 53.8008, -1.5491)
    _trainer(provider, "London Lou", 51.5074, -0.1278)
    quote = make_quote(travel=[], venue=venue, travel_from_map=True)
    travel = quote.request["travel"]
    assert [row["trainer"] for row in travel] == ["Stockport Sue", "Leeds Lee"]  # 2 groups
    assert set(travel[0]) == {"trainer", "one_way_miles", "days"}
    assert travel[0]["days"] == 1
    assert Decimal(travel[0]["one_way_miles"]) > 0
    assert quote.venue == venue
    assert quote.travel_source == Quote.TravelSource.MAP
    assert (
        quote.priced
        == pricing.price_request(
            quote.request,
            default_card=RateCard.objects.get(currency="GBP").to_pricing(),
            vat_rates=pricing.UK_STANDARD_RATES,
        ).to_dict()
    )


def test_travel_from_the_map_needs_a_venue_of_the_client(make_quote, other_client):
    site = Site.objects.create(organisation=other_client, name="Hillcrest")
    elsewhere = Venue.objects.create(site=site, lat=53.0, lon=-1.0)
    with pytest.raises(ValidationError):
        make_quote(travel=[], travel_from_map=True)
    with pytest.raises(ValidationError):
        make_quote(travel=[], venue=elsewhere, travel_from_map=True)


# Booking -----------------------------------------------------------------------------------


def test_a_2_day_course_runs_on_the_start_date_and_the_next_weekday():
    friday = date(2026, 11, 27)
    assert course_days(starts_on=friday, length="2-day") == [friday, date(2026, 11, 30)]
    assert course_days(starts_on=friday, length="3h") == [friday]


def test_accepting_books_one_confirmed_engagement_per_start_date(accepted_quote, client_admin):
    engagement = Engagement.objects.get(quote=accepted_quote)
    assert engagement.status == Engagement.Status.CONFIRMED
    assert engagement.groups == 2
    assert engagement.trainers_needed == 2
    assert (engagement.design_id, engagement.design_version) == (
        accepted_quote.design_id,
        accepted_quote.design_version,
    )
    assert [d.date for d in engagement.days.all()] == [accepted_quote.supply_date]
    assert engagements_create_for_quote(quote=accepted_quote, created_by=client_admin) == [
        engagement
    ]


def test_groups_on_different_dates_book_separate_engagements(accepted_quote, client_admin):
    Engagement.objects.filter(quote=accepted_quote).delete()
    first = accepted_quote.priced["groups"][0]
    later = date.fromisoformat(first["date"]) + timedelta(days=7)
    accepted_quote.priced["groups"].append(
        {"date": later.isoformat(), "attendees": 8, "trainers": 1}
    )
    accepted_quote.design.length = "2-day"
    engagements = engagements_create_for_quote(quote=accepted_quote, created_by=client_admin)
    assert [(e.groups, e.trainers_needed) for e in engagements] == [(2, 2), (1, 1)]
    assert len(engagements[1].days.all()) == 2


def test_acceptance_and_booking_are_one_transaction(make_quote, client_admin):
    quote = make_quote()
    with (
        mock.patch(
            "breakaway.quotes.quote_services.engagements_create_for_quote",
            side_effect=RuntimeError("booking failed"),
        ),
        pytest.raises(RuntimeError),
    ):
        quote_accept(quote=quote, accepted_by=client_admin, purchase_order="PO")
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SENT
    assert not Engagement.objects.exists()


def test_accepting_moves_the_clients_enquiry_to_booked(make_quote, client_admin, client_org):
    enquiry = EnquiryFactory(client=client_org, stage=Enquiry.Stage.PROPOSAL)
    quote_accept(quote=make_quote(), accepted_by=client_admin, purchase_order="PO")
    enquiry.refresh_from_db()
    assert enquiry.stage == Enquiry.Stage.BOOKED
