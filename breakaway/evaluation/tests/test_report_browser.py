"""Issue 8's browser test: two attendees answer the confidence questionnaire before and after
the course on their phones, and the client's impact report shows the change."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.delivery.tests.day_fixtures import make_link
from breakaway.evaluation.models import Response
from breakaway.evaluation.shipped import shipped_instruments_load
from breakaway.evaluation.tests.questionnaire_fixtures import course_on, phase, today, version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
CONFIDENCE = "breakaway-confidence"


def _answer(page, live_server, questionnaire, answer: str) -> None:
    """Every item of the confidence questionnaire with the same answer, then send it."""
    instrument = version(questionnaire, CONFIDENCE)
    page.goto(
        live_server.url
        + reverse("evaluation:question_page", args=[questionnaire.pk, instrument.pk, 1])
    )
    for _page in range(10):
        if page.get_by_role("heading", level=1).inner_text() == "Check your answers":
            break
        for group in page.get_by_role("group").all():
            group.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", name="Your answers are sent")).to_be_visible()


def test_two_attendees_answer_before_and_after_and_the_report_shows_it(
    live_server, browser, phone, assert_accessible, client_org, client_admin
):
    cache.clear()
    shipped_instruments_load()
    course = course_on(client_org, today(), people=2)
    before, after = phase(course, "pre"), phase(course, "post")

    for enrolment, (first, second) in zip(course.enrolments, (("4", "8"), ("5", "7")), strict=True):
        _link, token = make_link(enrolment)
        context = browser.new_context(viewport={"width": 360, "height": 740})
        context.set_default_timeout(15_000)
        their_phone = context.new_page()
        their_phone.goto(live_server.url + reverse("attendee:page", args=[token]))
        expect(their_phone.get_by_role("heading", name="Questionnaires")).to_be_visible()
        _answer(their_phone, live_server, before, first)
        _answer(their_phone, live_server, after, second)
        assert_accessible(their_phone)
        context.close()
    assert Response.objects.filter(submitted_at__isnull=False).count() == 4

    page = phone
    page.goto(live_server.url + reverse("evaluation:impact_report", args=[course.engagement.pk]))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(client_admin.email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    # Two people: the report gives the change with its interval, and honestly calls an
    # interval that includes no change "no clear change".
    change = page.get_by_text(re.compile(r"confidence from before \(4\.7\) to at the end \(6\.5"))
    expect(change).to_be_visible()
    expect(change).to_contain_text("n = 2")
    expect(page.get_by_text(re.compile("They cannot show that assaults"))).to_be_visible()
    assert_accessible(page)
