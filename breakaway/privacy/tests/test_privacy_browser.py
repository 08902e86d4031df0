"""On a phone: a client's administrator finds a person, downloads nothing yet, and erases
them after a wrong then a right name; the provider's administrator reads data retention and
the access log. Every page passes axe and fits 360 px."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.privacy.models import Erasure
from breakaway.privacy.tests.privacy_fixtures import person_with_everything

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, email):
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_privacy_pages_on_a_phone(
    live_server, phone, assert_accessible, client_org, client_admin, provider_admin, trainer
):
    person_with_everything(client_org, viewer=trainer)
    page = phone
    page.goto(live_server.url + reverse("privacy:home"))
    _sign_in(page, client_admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal data")
    assert_accessible(page)
    _fits(page)
    page.get_by_role("link", name=client_org.name).click()
    page.get_by_label("Name, e-mail address or employee number").fill("smith")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    _fits(page)
    page.get_by_role("link", name="Jane Smith").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jane Smith")
    assert_accessible(page)
    _fits(page)
    page.get_by_role("link", name="Erase their details").click()
    page.get_by_label("Type the person's full name to confirm").fill("Jane Smyth")
    page.get_by_role("button", name="Erase their details").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    _fits(page)
    page.get_by_label("Type the person's full name to confirm").fill("Jane Smith")
    page.get_by_role("button", name="Erase their details").click()
    reference = Erasure.objects.get().reference
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Erased person {reference}")
    assert_accessible(page)
    page.context.clear_cookies()

    page.goto(live_server.url + reverse("privacy:retention"))
    _sign_in(page, provider_admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Data retention")
    assert_accessible(page)
    _fits(page)
    page.goto(live_server.url + reverse("privacy:agreement", args=[client_org.slug]))
    assert_accessible(page)
    _fits(page)
    page.goto(live_server.url + reverse("privacy:access_log"))
    expect(page.get_by_role("cell", name="screening.view").first).to_be_visible()
    assert_accessible(page)
    _fits(page)
