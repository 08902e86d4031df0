"""A trainer logs CPD with evidence on a phone; their administrator verifies a qualification.
Every page passes axe, and nothing is wider than the phone."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.trainers.models import CpdEntry
from breakaway.trainers.tests.factories import QualificationFactory, TrainerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, email):
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def _fits_the_screen(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def test_a_trainer_logs_cpd_on_a_phone_and_the_administrator_verifies_a_qualification(
    live_server, phone, desktop, assert_accessible, provider, tmp_path
):
    user = UserFactory(
        full_name="Dan Hughes", membership__organisation=provider, membership__role=Role.TRAINER
    )
    trainer = TrainerFactory(user=user, provider=provider, cpd_hours_required=Decimal(10))
    qualification = QualificationFactory(trainer=trainer, verified_at=None)
    admin = UserFactory(membership__organisation=provider, membership__role=Role.PROVIDER_ADMIN)
    evidence = tmp_path / "certificate.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% conference attendance\n")

    page = phone
    page.goto(live_server.url + reverse("trainers:my_profile"))
    _sign_in(page, user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My training profile")
    expect(page.get_by_text("CPD short")).to_be_visible()
    assert_accessible(page)
    _fits_the_screen(page)

    page.get_by_role("link", name="Add CPD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add CPD")
    assert_accessible(page)
    page.get_by_role("button", name="Add the CPD entry").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter what the CPD was")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("Hours").fill("12")
    page.get_by_label("What you did").fill("ICM annual conference")
    page.get_by_label("Evidence").set_input_files(str(evidence))
    _fits_the_screen(page)
    page.get_by_role("button", name="Add the CPD entry").click()
    expect(page.get_by_text("CPD entry added.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("ICM annual conference")
    expect(page.get_by_text("CPD short")).to_have_count(0)
    assert_accessible(page)
    _fits_the_screen(page)
    entry = CpdEntry.objects.get()
    assert entry.hours == Decimal(12)
    assert entry.evidence.name.endswith("certificate.pdf")

    page = desktop
    page.goto(live_server.url + reverse("trainers:list"))
    _sign_in(page, admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainers")
    expect(page.get_by_text("1 to verify")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Dan Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dan Hughes")
    assert_accessible(page)
    page.get_by_role("button", name="Verify First aid").click()
    expect(page.get_by_text("First aid verified.")).to_be_visible()
    expect(page.get_by_role("button", name="Verify First aid")).to_have_count(0)
    assert_accessible(page)
    qualification.refresh_from_db()
    assert qualification.verified_by == admin
