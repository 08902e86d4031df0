"""The staff's learning pages in a real browser on a phone: a client reads retention by team,
the provider reads the most forgotten questions and uploads a captioned video (an error
first), and a trainer reads the group's lesson progress on the roster. Every page passes
axe and fits 360 pixels."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from breakaway.delivery.models import Enrolment
from breakaway.delivery.tests.certificate_fixtures import make_engagement
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.learning.lessons import LESSONS
from breakaway.learning.models import LessonProgress, LessonVideo
from breakaway.learning.selectors import ITEMS_BY_ID
from breakaway.learning.tests.staff_builders import (
    MP4_BYTES,
    VTT_BYTES,
    give_answers,
    person_with_certificate,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, email):
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def _fits(page):
    """No part of the page runs past a 360-pixel screen (wide tables scroll in their region)."""
    wide = page.evaluate(
        """[...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > 361)
        .map((e) => `${e.tagName}.${e.className}`)
        .slice(0, 8)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide


def test_the_learning_pages_on_a_phone(
    live_server, phone, assert_accessible, client_org, client_admin, designer, trainer
):
    first = next(iter(ITEMS_BY_ID))
    for step, team in enumerate(("Ward A", "Estates", ""), start=2):
        for _ in range(2):
            person, cert = person_with_certificate(client_org, team=team)
            answers = [(d, (d // step) % 3 != 0) for d in range(0, 150, 3)]
            give_answers(person, cert, answers, item_ids=[first])

    # The client: retention by team, with its chart and tables.
    page = phone
    page.goto(live_server.url + reverse("learning:retention", args=[client_org.slug]))
    _sign_in(page, client_admin.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Retention by team")
    expect(
        page.get_by_role("img", name=re.compile("Share of refresher answers right"))
    ).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("No team recorded"))).to_be_visible()
    assert_accessible(page)
    _fits(page)
    page.context.clear_cookies()

    # The provider's designer: the most forgotten questions, then a video upload.
    page.goto(live_server.url + reverse("learning:item_list"))
    _sign_in(page, designer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Most forgotten questions")
    )
    expect(page.get_by_role("rowheader", name=ITEMS_BY_ID[first].prompt)).to_be_visible()
    assert_accessible(page)
    _fits(page)

    page.get_by_role("link", name="Lesson videos").click()
    page.get_by_role("link", name="Upload a video").click()
    page.get_by_label("Title").fill("Stepping away to the exit")
    page.get_by_label(LESSONS[3].title).check()
    page.get_by_label("Video file").set_input_files(
        {"name": "exit.mp4", "mimeType": "video/mp4", "buffer": MP4_BYTES}
    )
    page.get_by_role("button", name="Upload the video").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose the captions file")
    assert_accessible(page)
    _fits(page)
    page.get_by_label("Video file").set_input_files(
        {"name": "exit.mp4", "mimeType": "video/mp4", "buffer": MP4_BYTES}
    )
    page.get_by_label("Captions file").set_input_files(
        {"name": "exit.vtt", "mimeType": "text/vtt", "buffer": VTT_BYTES}
    )
    page.get_by_role("button", name="Upload the video").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Lesson videos"))
    expect(page.get_by_text("Stepping away to the exit").first).to_be_visible()
    assert LessonVideo.objects.filter(title="Stepping away to the exit").exists()
    assert_accessible(page)
    _fits(page)
    page.context.clear_cookies()

    # The trainer: the group's lesson progress on the roster before the day.
    engagement = make_engagement(
        client_org, days=[timezone.localdate() + dt.timedelta(days=5)], trainer_user=trainer
    )
    for index, person in enumerate(StaffMemberFactory.create_batch(3, organisation=client_org)):
        Enrolment.objects.create(engagement=engagement, staff_member=person)
        if index < 2:
            LessonProgress.objects.create(
                staff_member=person,
                lesson_id=LESSONS[0].id,
                correct=len(LESSONS[0].questions),
                completed_at=timezone.now(),
            )
    page.goto(live_server.url + reverse("delivery:roster", args=[engagement.pk]))
    _sign_in(page, trainer.email)
    lessons = page.get_by_role("region", name=re.compile("how far the group got"))
    expect(lessons.get_by_role("row", name=re.compile("2 of 3"))).to_be_visible()
    assert_accessible(page)
    _fits(page)
