"""An attendee opens their link on a phone after the course, answers their two-minute
refresher (one wrong), sees the feedback and their streak; before the course, a lesson plays
the provider's captioned video. Every page passes axe and fits 360 px.

Set DOCS_SCREENSHOTS=1 to refresh docs/images/learning-refresher-phone.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.learning.models import ItemProgress, RefresherAnswer
from breakaway.learning.refresher_services import BY_ID
from breakaway.learning.tests.attendee_fixtures import link_for, person_at, refreshed, video_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS_IMAGES = Path(settings.BASE_DIR) / "docs" / "images"


def _screenshot_path(tmp_path: Path, name: str) -> Path:
    folder = (
        DOCS_IMAGES if os.environ.get("DOCS_SCREENSHOTS") and DOCS_IMAGES.is_dir() else tmp_path
    )
    return folder / name


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_attendee_answers_a_refresher_on_a_phone_and_sees_feedback_and_streak(
    live_server, phone, assert_accessible, client_org, tmp_path
):
    cache.clear()
    person = person_at(client_org, first_name="Sam")
    refresher = refreshed(person)
    token = link_for(person)  # after the sender, whose e-mail link revoked earlier ones
    page = phone

    page.goto(live_server.url + reverse("attendee:page", args=[token]))
    expect(page.get_by_role("heading", name="Your two-minute refresher")).to_be_visible()
    _fits(page)
    assert_accessible(page)
    page.get_by_role("link", name="Start the refresher").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your two-minute refresher")
    page.screenshot(path=_screenshot_path(tmp_path, "learning-refresher-phone.png"), full_page=True)
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    for index, item_id in enumerate(refresher.item_ids):
        item = BY_ID[item_id]
        option = item.options[1] if index == 0 else item.options[0]
        page.get_by_role("group", name=item.prompt).get_by_label(option, exact=True).check()
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Check my answers").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your refresher answers")
    expect(page.get_by_text("Streak: 1 refresher answered in a row")).to_be_visible()
    expect(page.get_by_text("Not quite")).to_have_count(1)
    expect(page.get_by_text("Right", exact=True)).to_have_count(len(refresher.item_ids) - 1)
    expect(page.get_by_text(BY_ID[refresher.item_ids[0]].why)).to_be_visible()
    _fits(page)
    assert_accessible(page)
    assert RefresherAnswer.objects.filter(refresher=refresher).count() == 4
    missed = ItemProgress.objects.get(item_id=refresher.item_ids[0], staff_member=person)
    assert missed.lapses == 1

    page.get_by_role("link", name="Back to your page").last.click()
    expect(page.get_by_text("1 refresher answered in a row")).to_be_visible()
    expect(page.get_by_role("button", name="Stop refreshers")).to_be_visible()
    expect(page.get_by_role("heading", name="Your two-minute refresher")).to_have_count(0)
    _fits(page)
    assert_accessible(page)


def test_a_lesson_on_a_phone_plays_the_providers_video_with_captions(
    live_server, phone, assert_accessible, provider, client_org
):
    cache.clear()
    person = person_at(client_org)
    video_for(provider, lesson_id="exits", title="Keeping your way out clear")
    token = link_for(person)
    page = phone

    page.goto(live_server.url + reverse("learning_attendee:lesson", args=[token, "exits"]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Positioning and escape routes")
    expect(page.get_by_role("img", name="A room plan: where to sit or stand")).to_be_visible()
    video = page.locator("video")
    expect(video).to_have_count(1)
    expect(video).to_have_attribute("preload", "metadata")
    track = page.locator("video track")
    expect(track).to_have_attribute("kind", "captions")
    # The browser fetched the captions and parsed them (2: LOADED), though the video is dummy.
    page.wait_for_function("document.querySelector('video track').readyState === 2")
    captions = page.request.get(live_server.url + track.get_attribute("src"))
    assert captions.status == 200
    assert captions.headers["content-type"].startswith("text/vtt")
    assert captions.text().startswith("WEBVTT")
    ranged = page.request.get(
        live_server.url + page.locator("video source").get_attribute("src"),
        headers={"Range": "bytes=0-1"},
    )
    assert ranged.status == 206
    _fits(page)
    assert_accessible(page)

    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    for group in page.get_by_role("group").all():
        group.get_by_role("radio").first.check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_role("heading", name="Your answers")).to_be_visible()
    _fits(page)
    assert_accessible(page)
