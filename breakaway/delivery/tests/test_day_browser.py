"""The day on phones: the trainer opens the register, an attendee who opened their personal
link scans the current code and is marked present, and the trainer confirms the register and
signs off the attendee's competence and outcome."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.delivery.models import Attendance, CompetenceRecord
from breakaway.delivery.tests.day_fixtures import make_course, make_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, email):
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def test_the_day_on_phones(live_server, browser, phone, assert_accessible, client_org, trainer):
    course = make_course(client_org=client_org, trainer_user=trainer, people=2)
    person = course.enrolments[0]
    name = person.staff_member.full_name
    _link, token = make_link(person)

    # The trainer opens today's register on their phone: the code is there.
    page = phone
    page.goto(live_server.url + reverse("delivery:day_register", args=[course.day.pk]))
    _sign_in(page, trainer.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register")
    code = page.locator("[data-scan-url]")
    expect(code.locator("svg")).to_be_visible()
    assert_accessible(page)
    scan_url = code.get_attribute("data-scan-url")
    assert scan_url
    assert "/r/" in scan_url

    # The attendee, on their own phone, has opened their link and scans the code.
    attendee = browser.new_context(viewport={"width": 360, "height": 740})
    attendee.set_default_timeout(15_000)
    their_phone = attendee.new_page()
    their_phone.goto(f"{live_server.url}/a/{token}/")
    their_phone.goto(scan_url)
    expect(their_phone.get_by_role("heading", level=1)).to_have_text("You are signed in")
    assert_accessible(their_phone)
    attendee.close()
    attendance = Attendance.objects.get(enrolment=person, day=course.day)
    assert (attendance.status, attendance.method) == ("present", "qr")

    # The trainer sees how they signed in, and confirms it.
    page.get_by_role("link", name="Refresh the list").click()
    card = page.locator(f"#person-{person.pk}")
    expect(card).to_contain_text("Scanned the register code")
    page.get_by_role("button", name="Confirm 1 sign-in").click()
    expect(card).to_contain_text("Confirmed")

    # Competence, one person at a time, and the outcome.
    page.get_by_role("link", name="Competence").click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    assert_accessible(page)
    first, second = course.techniques
    page.get_by_role("group", name=first.name).get_by_label("Demonstrated").check()
    page.get_by_role("group", name=second.name).get_by_label("Needs more practice").check()
    page.get_by_label(f"{second.name}: took part in an adapted way").check()
    page.get_by_role("group", name="Outcome of the course").get_by_label(
        "Completed", exact=True
    ).check()
    page.get_by_role("button", name="Save and go to the next person").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        course.enrolments[1].staff_member.full_name
    )

    results = {
        r.technique_id: (r.result, r.adapted)
        for r in CompetenceRecord.objects.filter(enrolment=person)
    }
    assert results == {first.pk: ("demonstrated", False), second.pk: ("needs_practice", True)}
    person.refresh_from_db()
    assert (person.outcome, person.outcome_by_id) == ("completed", trainer.pk)
    attendance.refresh_from_db()
    assert attendance.confirmed_by_id == trainer.pk
