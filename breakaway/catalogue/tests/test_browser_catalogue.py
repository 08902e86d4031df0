"""A designer edits a module and reads what changed; an administrator records the legal
sign-off. Every page passes axe, and the catalogue table fits a phone."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.catalogue.content import load_catalogue
from breakaway.catalogue.models import ModuleVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
LAW = "The law on self-defence and reasonable force at work"


def _sign_in(page, email):
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_designer_edits_a_module_and_an_administrator_signs_it_off(
    live_server, desktop, phone, assert_accessible, provider
):
    load_catalogue()
    designer = UserFactory(membership__organisation=provider, membership__role=Role.DESIGNER)
    admin = UserFactory(membership__organisation=provider, membership__role=Role.PROVIDER_ADMIN)

    desktop.goto(live_server.url + reverse("catalogue:module_list"))
    _sign_in(desktop, designer.email)
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Module catalogue")
    expect(desktop.get_by_text("modules await legal review")).to_be_visible()
    assert_accessible(desktop)

    desktop.get_by_role("link", name=LAW).click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text(LAW)
    assert_accessible(desktop)

    # The edit form: an error first, then a saved new version.
    desktop.get_by_role("link", name="Edit the module").click()
    desktop.get_by_label("Typical length in minutes").fill("60")
    desktop.get_by_role("button", name="Save a new version").click()
    summary = desktop.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter what you changed and why")
    assert_accessible(desktop)
    desktop.get_by_label("What did you change, and why?").fill("Longer, for more questions.")
    desktop.get_by_role("button", name="Save a new version").click()
    expect(desktop.get_by_role("status")).to_contain_text("Version 2 saved.")
    changes = desktop.locator("#changes ~ *")
    expect(changes.filter(has_text="From version 1 to version 2")).to_be_visible()
    expect(desktop.locator("del").filter(has_text="45 minutes")).to_be_visible()
    expect(desktop.locator("ins").filter(has_text="60 minutes")).to_be_visible()
    assert_accessible(desktop)
    _sign_out(desktop)

    # The administrator records the sign-off; the flag clears.
    desktop.goto(live_server.url + reverse("catalogue:module_detail", args=["law-and-force"]))
    _sign_in(desktop, admin.email)
    desktop.get_by_role("link", name="Record the legal sign-off").click()
    assert_accessible(desktop)
    desktop.get_by_label("Name of the legal reviewer").fill("Jo Reviewer, Example LLP")
    today = timezone.localdate()
    desktop.get_by_label("Date of the review").fill(today.strftime("%d/%m/%Y"))
    desktop.get_by_label("Next review due").fill(f"1/1/{today.year + 1}")
    desktop.get_by_label("The reviewer has read this version and signed it off").check()
    desktop.get_by_role("button", name="Record the sign-off").click()
    expect(desktop.get_by_role("status")).to_contain_text("is signed off")
    expect(desktop.get_by_text("Reviewed by Jo Reviewer, Example LLP")).to_be_visible()
    assert ModuleVersion.objects.get(module__code="law-and-force", is_current=True).is_signed_off
    assert_accessible(desktop)

    # On a phone, the catalogue does not scroll sideways (the table scrolls in its box).
    phone.goto(live_server.url + reverse("catalogue:technique_list"))
    _sign_in(phone, admin.email)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Techniques")
    assert_accessible(phone)
    phone.goto(live_server.url + reverse("catalogue:module_list"))
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
