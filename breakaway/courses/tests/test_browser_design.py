"""A designer proposes a course for a client, breaks a rule and sees it at once (htmx), puts it
right, moves a module and saves version 2 with the changes listed. Every page passes axe."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.assessments.tests.factories import NeedsAssessmentFactory
from breakaway.assessments.tests.incident_factories import IncidentFactory
from breakaway.catalogue.content import load_catalogue
from breakaway.core.tests.pdf_text import pdf_text
from breakaway.courses.models import CourseDesign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "images" / "course-design-edit.png"


def _sign_in(page, email):
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def test_a_designer_changes_a_proposed_course_and_saves_version_2(
    live_server, desktop, assert_accessible, provider, client_org
):
    load_catalogue()
    NeedsAssessmentFactory(organisation=client_org, complete=True, status="submitted")
    IncidentFactory.create_batch(5, organisation=client_org)
    designer = UserFactory(membership__organisation=provider, membership__role=Role.DESIGNER)
    page = desktop

    page.goto(live_server.url + reverse("courses:design_list"))
    _sign_in(page, designer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Course designs")
    assert_accessible(page)

    page.get_by_role("link", name="Design a course").click()
    page.get_by_label("Client").select_option(label=client_org.name)
    page.get_by_label("3 hours").check()
    page.get_by_label("Staff to train").fill("20")
    assert_accessible(page)
    page.get_by_role("button", name="Propose a course").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(client_org.name)
    expect(page.get_by_role("heading", name="Timetable")).to_be_visible()
    assert_accessible(page)
    design = CourseDesign.objects.get()

    page.get_by_role("link", name="Change the course").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change the course")
    checks = page.locator("#checks")
    expect(checks).to_contain_text("All the rules are met")
    assert_accessible(page)

    # Too long: the check says so without a page load.
    scenario = page.get_by_label("Minutes for Scenario rehearsal built on your own flashpoints")
    scenario.fill("90")
    scenario.press("Tab")
    expect(checks).to_contain_text("1 rule is broken")
    expect(checks).to_contain_text("more than a 3-hour course holds")
    assert_accessible(page)
    scenario.fill("65")
    scenario.press("Tab")
    expect(checks).to_contain_text("All the rules are met")
    expect(checks).to_contain_text("170 of the 170 teaching minutes")

    # Move the duty of care below the law: the rows are redrawn in the new order.
    page.get_by_role("button", name=re.compile("Move down.*Duty of care")).click()
    first = page.locator("input[name='module-0-code']")
    expect(first).to_have_value("law-and-force")
    expect(page.get_by_label("Minutes for Duty of care and risk management")).to_be_focused()
    expect(page.locator("#checks")).to_contain_text("All the rules are met")
    assert_accessible(page)
    if os.environ.get("DOCS_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.get_by_label("What did you change, and why?").fill("Law first; longer scenarios")
    page.get_by_role("button", name="Save as version 2").click()
    expect(page).to_have_url(re.compile(rf"/courses/designs/{design.pk}/\?version=2$"))
    expect(
        page.get_by_role("heading", name="What changed from version 1 to version 2")
    ).to_be_visible()
    changes = page.locator("ul.changes")
    expect(changes).to_contain_text("Moved")
    expect(changes).to_contain_text("from 60 to 65 minutes")
    assert_accessible(page)
    assert design.versions.count() == 2

    # The documents of version 2 download as PDFs, each naming the client.
    links = page.get_by_role("link", name=re.compile(r"\(PDF\)$"))
    expect(links).to_have_count(4)
    for index in range(4):
        href = links.nth(index).get_attribute("href")
        assert href is not None
        assert "version=2" in href
        response = page.request.get(live_server.url + href)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        body = response.body()
        assert body.startswith(b"%PDF")
        assert client_org.name in pdf_text(body)
