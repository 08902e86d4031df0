"""An advisor makes a quote from a course design; the client's administrator signs in and
accepts it with a purchase order number, which books the course. Every page passes axe."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.catalogue.content import load_catalogue
from breakaway.courses.services import course_design_create
from breakaway.quotes.demo import seed_rate_card
from breakaway.quotes.models import ClientBilling, Quote
from breakaway.scheduling.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, email):
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def test_an_advisor_quotes_and_the_client_accepts_with_a_po(
    live_server, desktop, assert_accessible, provider, client_org
):
    load_catalogue()
    seed_rate_card(provider)
    ClientBilling.objects.create(organisation=client_org, purchase_order_required=True)
    design = course_design_create(
        organisation=client_org, created_by=None, length="3h", headcount=20
    )
    advisor = UserFactory(membership__organisation=provider, membership__role=Role.ADVISOR)
    client_admin = UserFactory(
        membership__organisation=client_org, membership__role=Role.CLIENT_ADMIN
    )
    page = desktop

    page.goto(live_server.url + reverse("courses:design_detail", kwargs={"pk": design.pk}))
    _sign_in(page, advisor.email)
    page.get_by_role("link", name="Make a quote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Make a quote for {client_org.name}")
    assert_accessible(page)
    page.get_by_label("Course content").select_option("breakaway")
    supply = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Date of the course").fill(supply.isoformat())
    page.get_by_label("Trainer 1: name").fill("Sam Patel")
    page.get_by_label("Trainer 1: miles each way").fill("42")
    page.get_by_label("Trainer 1: days").fill("1")
    page.get_by_role("button", name="Make the quote").click()
    number = f"Q-{timezone.localdate().year}-0001"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quote {number}")
    expect(page.get_by_text("Travel: Sam Patel, 42 miles each way")).to_be_visible()
    assert_accessible(page)
    quote = Quote.objects.get()

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("quotes:detail", kwargs={"pk": quote.pk}))
    _sign_in(page, client_admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quote {number}")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the quote").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Purchase order number").fill("PO-4417")
    page.get_by_role("button", name="Accept the quote").click()
    expect(page.locator("strong.tag")).to_have_text("Accepted")
    expect(page.get_by_role("heading", name="Booked")).to_be_visible()
    expect(page.get_by_text(supply.strftime("%-d %B %Y")).first).to_be_visible()
    assert_accessible(page)
    quote.refresh_from_db()
    assert (quote.status, quote.purchase_order, quote.decided_by_id) == (
        Quote.Status.ACCEPTED,
        "PO-4417",
        client_admin.pk,
    )
    engagement = Engagement.objects.get(quote=quote)
    assert (engagement.status, engagement.organisation_id, engagement.trainers_needed) == (
        Engagement.Status.CONFIRMED,
        client_org.pk,
        2,
    )
    assert [day.date for day in engagement.days.all()] == [supply]


def test_the_client_claims_under_the_guarantee_and_the_provider_approves(
    live_server, desktop, assert_accessible, provider, client_org
):
    from datetime import timedelta as days

    from breakaway.quotes.invoice_services import invoice_create
    from breakaway.quotes.models import GuaranteeClaim
    from breakaway.quotes.quote_services import quote_accept, quote_create

    load_catalogue()
    seed_rate_card(provider)
    design = course_design_create(
        organisation=client_org, created_by=None, length="1-day", headcount=10
    )
    advisor = UserFactory(membership__organisation=provider, membership__role=Role.ADVISOR)
    admin = UserFactory(membership__organisation=provider, membership__role=Role.PROVIDER_ADMIN)
    client_admin = UserFactory(
        membership__organisation=client_org, membership__role=Role.CLIENT_ADMIN
    )
    quote = quote_create(
        design=design,
        content="breakaway",
        supply_date=timezone.localdate() - days(days=3),
        travel=[],
        created_by=advisor,
    )
    quote = quote_accept(quote=quote, accepted_by=client_admin, purchase_order="PO-9")
    invoice = invoice_create(quote=quote, kind="final", created_by=advisor)
    page = desktop

    page.goto(live_server.url + reverse("quotes:invoice_detail", kwargs={"pk": invoice.pk}))
    _sign_in(page, client_admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invoice {invoice.number}")
    assert_accessible(page)
    page.get_by_role("link", name="Claim under the guarantee").click()
    assert_accessible(page)
    page.get_by_label("Part of the invoice").check()
    page.get_by_role("button", name="Send the claim").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Amount, including VAT").fill("100.00")
    page.get_by_label("Why are you not satisfied?").fill("The scenarios did not fit our wards.")
    page.get_by_role("button", name="Send the claim").click()
    expect(page.locator("strong.tag")).to_have_text("Waiting for a decision")
    assert_accessible(page)
    claim = GuaranteeClaim.objects.get()

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("quotes:claim_detail", kwargs={"pk": claim.pk}))
    _sign_in(page, admin.email)
    page.get_by_label("Approve: issue a credit note").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("strong.tag")).to_have_text("Approved: refund due")
    assert_accessible(page)
    page.goto(live_server.url + reverse("quotes:claim_list"))
    expect(page.get_by_text("The scenarios did not fit our wards.")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("quotes:invoice_list"))
    assert_accessible(page)
    claim.refresh_from_db()
    assert claim.credit_note.gross == 100
