"""From a visitor's phone to the advisor's board: booking a free needs assessment, end to end."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.enquiries.models import Enquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_a_visitor_books_on_a_phone_and_an_advisor_moves_it_on_the_board(
    live_server, phone, desktop, assert_accessible, provider
):
    advisor = UserFactory(
        email="advisor@northway.example",
        full_name="Tom Reilly",
        membership__organisation=provider,
        membership__role=Role.ADVISOR,
    )

    # A visitor on a phone finds the booking form from the home page.
    phone.goto(live_server.url + reverse("enquiries:home"))
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("main").get_by_role(
        "link", name="Book your free needs assessment"
    ).first.click()
    expect(phone).to_have_url(re.compile(re.escape(reverse("enquiries:book")) + "$"))

    # Sending the empty form shows what to fix, each message linked to its field.
    phone.get_by_role("button", name="Book the free assessment").click()
    summary = phone.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(
        summary.get_by_role("link", name="Enter the name of your organisation")
    ).to_have_attribute("href", "#id_organisation_name")
    expect(
        summary.get_by_role("link", name="Choose the sector your organisation works in")
    ).to_be_visible()
    assert_accessible(phone)

    phone.get_by_label("Organisation name").fill("Riverside Mental Health NHS Trust")
    phone.get_by_role("group", name="Which sector does your organisation work in?").get_by_label(
        "NHS mental health"
    ).check()
    phone.get_by_label("How many staff need training?").fill("24")
    phone.get_by_label("Your full name").fill("Jo Bloggs")
    phone.get_by_label("E-mail address").fill("jo.bloggs@riverside.example")
    phone.get_by_label("Telephone number").fill("01632 960 001")
    phone.get_by_label("When would you like the training?").fill("Any weekday in March")
    phone.get_by_role("button", name="Book the free assessment").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you: we have your booking")
    expect(phone.get_by_text("within 2 working days")).to_be_visible()
    assert_accessible(phone)

    enquiry = Enquiry.objects.get()
    assert enquiry.organisation_name == "Riverside Mental Health NHS Trust"
    assert (enquiry.stage, enquiry.provider, enquiry.headcount) == ("enquiry", provider, 24)

    # The advisor signs in through the real login page and lands on the board.
    desktop.goto(live_server.url + reverse("enquiries:board"))
    expect(desktop).to_have_url(re.compile(re.escape(reverse("account_login"))))
    assert_accessible(desktop)
    desktop.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(advisor.email)
    desktop.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    desktop.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()

    expect(desktop.get_by_role("heading", level=1, name="Pipeline")).to_be_visible()
    new_column = desktop.get_by_role("region", name=re.compile("^Enquiry"))
    card = new_column.get_by_role("listitem").filter(has_text="Riverside Mental Health NHS Trust")
    expect(card).to_be_visible()
    assert_accessible(desktop)

    # Moving the card swaps the board in place: the card is now under "Needs assessment".
    card.get_by_label("Move to").select_option("assessment")
    card.get_by_role("button", name="Move").click()

    assessment = desktop.get_by_role("region", name=re.compile("^Needs assessment"))
    trust = {"name": "Riverside Mental Health NHS Trust", "exact": True}
    expect(assessment.get_by_role("link", **trust)).to_be_visible()
    expect(new_column.get_by_role("link", **trust)).to_have_count(0)
    expect(desktop.locator("#board-status")).to_contain_text("moved to Needs assessment")
    assert_accessible(desktop)

    enquiry.refresh_from_db()
    assert enquiry.stage == Enquiry.Stage.ASSESSMENT
