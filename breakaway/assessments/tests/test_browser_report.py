"""An advisor reads a sent needs assessment's report and adjusts a score; the incident profile
fits a phone. Set DOCS_SCREENSHOTS=1 to refresh the user guide's screenshots in docs/images."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.accounts.models import Accreditation, Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.assessments.models import RiskAdjustment
from breakaway.assessments.tests.test_report_views import add_incidents, submitted_assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
DOCS_IMAGES = Path(settings.BASE_DIR) / "docs" / "images"
REASON = "Staff on Willow ward describe grabs most shifts; few are logged."


def _screenshot_path(tmp_path: Path, name: str) -> Path:
    folder = DOCS_IMAGES if os.environ.get("DOCS_SCREENSHOTS") else tmp_path
    return folder / name


def _page_top(page, selector):
    """Where an element starts, from the top of the page (not of the window)."""
    return page.evaluate(
        "(s) => document.querySelector(s).getBoundingClientRect().top + window.scrollY", selector
    )


def _sign_in(page, email):
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def test_an_advisor_adjusts_a_risk_score_and_the_incident_profile_fits_a_phone(
    live_server, desktop, phone, assert_accessible, provider, client_org, tmp_path
):
    Accreditation.objects.create(
        organisation=provider, scheme="RRN certified training", number="RRN-0042"
    )
    manager = UserFactory(
        full_name="Sam Okafor",
        email="sam.okafor@riverside.example",
        membership__organisation=client_org,
        membership__role=Role.CLIENT_MANAGER,
    )
    advisor = UserFactory(
        full_name="Priya Shah",
        email="priya.shah@northway.example",
        membership__organisation=provider,
        membership__role=Role.ADVISOR,
    )
    assessment = submitted_assessment(client_org, by=manager)
    add_incidents(client_org, 60)

    # From the sent assessment to its report.
    desktop.goto(live_server.url + reverse("assessments:assessment_detail", args=[assessment.pk]))
    _sign_in(desktop, advisor.email)
    desktop.get_by_role("link", name="See the report").click()
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Needs-assessment report")
    expect(desktop.get_by_text("RRN certified training (RRN-0042)")).to_be_visible()
    assert_accessible(desktop)

    table = desktop.get_by_role(
        "table", name=re.compile("The ten risk areas with their likelihood")
    )
    expect(table.get_by_role("row")).to_have_count(11)
    grabs = table.get_by_role("row").filter(
        has=desktop.get_by_role("rowheader", name="Grabs and holds")
    )
    expect(grabs).to_contain_text("Not changed")

    # A reason is required; the error summary says so and links to the field.
    area = desktop.locator("#area-grabs_and_holds")
    area.get_by_text("Adjust this score").click()
    area.get_by_role("group", name="Likelihood").get_by_label("5 – almost certain").check()
    area.get_by_role("group", name="Severity").get_by_label("4 – major").check()
    area.get_by_role("button", name=re.compile("Save the new score")).click()
    summary = desktop.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the reason for changing the score")
    assert_accessible(desktop)

    # The likelihood and severity chosen are kept; the reason completes it.
    area = desktop.locator("#area-grabs_and_holds")
    expect(area.get_by_label("5 – almost certain")).to_be_checked()
    area.get_by_label("Why are you changing the score?").fill(REASON)
    area.get_by_role("button", name=re.compile("Save the new score")).click()
    expect(desktop.get_by_role("status")).to_contain_text(
        "Grabs and holds is now likelihood 5 × severity 4 = 20 (extreme)."
    )
    expect(grabs).to_contain_text("Adjusted")
    expect(grabs).to_contain_text("20")
    expect(grabs).to_contain_text(REASON)
    expect(grabs).to_contain_text("Computed:")
    expect(desktop.locator("#area-grabs_and_holds")).to_contain_text("Your advisor’s reason:")
    assert RiskAdjustment.objects.get(assessment=assessment).reason == REASON
    assert_accessible(desktop)

    # For the user guide: the risk profile, from its heading to the end of the table.
    top = _page_top(desktop, "#risks")
    bottom = _page_top(desktop, "#risk-table-caption + thead") + desktop.evaluate(
        "document.querySelector('.risk-table').getBoundingClientRect().height"
    )
    desktop.screenshot(
        path=_screenshot_path(tmp_path, "needs-assessment-report.png"),
        full_page=True,
        clip={"x": 0, "y": top - 24, "width": 1280, "height": bottom - top + 48},
    )

    # The incident profile on a phone: no sideways scrolling, the tables included.
    phone.goto(live_server.url + reverse("assessments:incident_profile", args=[client_org.slug]))
    _sign_in(phone, advisor.email)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Incident profile")
    expect(phone.locator("#headline-total")).to_contain_text("60")
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_text("Show the numbers as a table").first.click()
    expect(phone.get_by_role("rowheader", name="00:00–01:00")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    phone.reload()  # without the "signed in" message
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Incident profile")
    phone.screenshot(
        path=_screenshot_path(tmp_path, "incident-profile-phone.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 360, "height": 1600},
    )

    # The report fits the phone too.
    phone.goto(live_server.url + reverse("assessments:assessment_report", args=[assessment.pk]))
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Needs-assessment report")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
