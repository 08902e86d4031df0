"""An attendee opens their link on a 360 px phone and answers the confidence questionnaire
before the course: a missed answer shows the error summary, each page is saved, and the check
page sends it once. Every page passes axe."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.delivery.tests.day_fixtures import make_link
from breakaway.evaluation.models import Response
from breakaway.evaluation.shipped import shipped_instruments_load
from breakaway.evaluation.tests.questionnaire_fixtures import course_on, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_attendee_answers_the_pre_questionnaire_on_a_phone(
    live_server, phone, assert_accessible, client_org
):
    cache.clear()
    shipped_instruments_load()
    course = course_on(client_org, today(), people=1)
    _link, token = make_link(course.enrolments[0])
    page = phone

    page.goto(live_server.url + reverse("attendee:page", args=[token]))
    expect(page.get_by_role("heading", name="Questionnaires")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Confidence in managing aggression at work").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confidence in managing aggression at work"
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    pages = 0
    while page.get_by_role("heading", level=1).inner_text() != "Check your answers":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for group in page.get_by_role("group").all():
            group.get_by_label("7", exact=True).check()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
        pages += 1
        assert pages < 10
    assert_accessible(page)
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", name="Your answers are sent")).to_be_visible()
    assert_accessible(page)
    saved = Response.objects.get()
    assert saved.submitted_at is not None
    assert set(saved.answers.values()) == {7}
