"""An advisor makes a quote from a course design; the client's administrator signs in and
accepts it with a purchase order number. Every page passes axe."""

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
    assert_accessible(page)
    quote.refresh_from_db()
    assert (quote.status, quote.purchase_order, quote.decided_by_id) == (
        Quote.Status.ACCEPTED,
        "PO-4417",
        client_admin.pk,
    )
