"""Issue 7's day, end to end on phones: the attendee opens their link, completes the health
screening and scans the register code; the trainer signs off competence and issues the
certificate; the certificate verifies on the public page; the client sees the person in date
on its compliance view."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.delivery.models import Certificate, HealthScreening, TrainingRequirement
from breakaway.delivery.tests.day_fixtures import make_course, make_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, email):
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def _screen_with_all_no(page):
    page.get_by_role("link", name="Answer the health questions").click()
    while page.get_by_role("button", name="Continue").count():
        heading = page.get_by_role("heading", level=1).inner_text()
        if heading == "Adjustments":
            page.get_by_role("button", name="Continue").click()
            continue
        for group in page.get_by_role("group").all():
            group.get_by_label("No", exact=True).check()
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    page.get_by_label(re.compile("I agree to take part")).check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_text("your health screening is sent")).to_be_visible()


def test_the_whole_day_on_phones(
    live_server, browser, phone, assert_accessible, client_org, trainer, client_admin
):
    cache.clear()
    course = make_course(client_org=client_org, trainer_user=trainer, people=1)
    person = course.enrolments[0]
    name = person.staff_member.full_name
    TrainingRequirement.objects.create(
        organisation=client_org,
        role="",
        course_name="Breakaway",
        course_design=course.engagement.design,
    )
    _link, token = make_link(person)

    # The trainer opens the register and shows the code.
    page = phone
    page.goto(live_server.url + reverse("delivery:day_register", args=[course.day.pk]))
    _sign_in(page, trainer.email)
    scan_url = page.locator("[data-scan-url]").get_attribute("data-scan-url")
    assert scan_url

    # The attendee, on their own phone: their link, the health questions, then the scan.
    attendee = browser.new_context(viewport={"width": 360, "height": 740})
    attendee.set_default_timeout(15_000)
    their_phone = attendee.new_page()
    their_phone.goto(f"{live_server.url}/a/{token}/")
    expect(their_phone.get_by_role("heading", level=1)).to_contain_text("Your training")
    assert_accessible(their_phone)
    _screen_with_all_no(their_phone)
    their_phone.goto(scan_url)
    expect(their_phone.get_by_role("heading", level=1)).to_have_text("You are signed in")
    attendee.close()
    assert HealthScreening.objects.get(enrolment=person).flagged is False

    # The trainer signs off competence and the outcome, then issues the certificate.
    page.goto(
        live_server.url
        + reverse("delivery:competence_person", args=[course.engagement.pk, person.pk])
    )
    for technique in course.techniques:
        page.get_by_role("group", name=technique.name).get_by_label("Demonstrated").check()
    page.get_by_role("group", name="Outcome of the course").get_by_label(
        "Completed", exact=True
    ).check()
    page.get_by_role("button", name="Save and go to the next person").click()
    page.goto(
        live_server.url + reverse("delivery:certificate_engagement", args=[course.engagement.pk])
    )
    assert_accessible(page)
    page.get_by_role("button", name="Issue 1 certificate").click()
    certificate = Certificate.objects.get(enrolment=person)

    # Anyone can check the certificate by its code.
    checker = browser.new_context(viewport={"width": 360, "height": 740})
    public = checker.new_page()
    public.goto(live_server.url + f"/verify/{certificate.code}")
    expect(public.get_by_text("This certificate is valid")).to_be_visible()
    expect(public.get_by_text(name)).to_have_count(0)  # the holder's name is initialled
    assert_accessible(public)
    checker.close()

    # The client sees the person in date.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("delivery:compliance", args=[client_org.slug]))
    _sign_in(page, client_admin.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Who is trained")
    row = page.get_by_role("row", name=re.compile(name))
    expect(row).to_contain_text("In date")
    assert_accessible(page)
