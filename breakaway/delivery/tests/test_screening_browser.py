"""An attendee opens their link on a phone and answers the health questions with a "yes"; the
trainer on the course signs in and sees who to talk to before practice. Every page passes axe."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.delivery.attendee_services import attendee_link_expiry
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import HealthScreening
from breakaway.delivery.roster_services import roster_add
from breakaway.delivery.tests.roster_fixtures import assign, make_engagement, people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_an_attendee_screens_on_a_phone_and_the_trainer_sees_the_flag(
    live_server, phone, assert_accessible, provider, client_org
):
    cache.clear()
    engagement = make_engagement(client_org, days_ahead=10)
    person = people(client_org, 1, first_name="Jane", last_name="Smith")[0]
    roster_add(engagement=engagement, people=[person], added_by=None)
    _link, token = attendee_link_create(
        staff_member=person, expires_at=attendee_link_expiry(staff_member=person)
    )
    trainer = UserFactory(membership__organisation=provider, membership__role=Role.TRAINER)
    assign(engagement, trainer)
    page = phone

    page.goto(live_server.url + reverse("attendee:page", args=[token]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your training")
    expect(page.get_by_text("Flat shoes with a good grip")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_role("link", name="Answer the health questions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your heart and breathing")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    for group in page.get_by_role("group").all():
        group.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your bones, joints and injuries")
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("Bone, joint or back")).get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("group", name=re.compile("An injury in the last")).get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()
    for _page in ("Medicine you take", "Pregnancy and anything else"):
        expect(page.get_by_role("heading", level=1)).to_have_text(_page)
        for group in page.get_by_role("group").all():
            group.get_by_label("No", exact=True).check()
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adjustments")
    page.get_by_label(re.compile("anything the trainer could change")).fill("No floor work")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert_accessible(page)
    page.get_by_label(re.compile("I agree to take part")).check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_text("your health screening is sent")).to_be_visible()
    assert HealthScreening.objects.get().flagged

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("delivery:screening_list", args=[engagement.pk]))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(trainer.email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Health screening")
    expect(page.get_by_text("Talk to them before practice")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Jane Smith").click()
    expect(page.get_by_text("No floor work")).to_be_visible()
    page.get_by_role("button", name="I have talked to them").click()
    expect(page.get_by_text("Recorded: you talked to Jane Smith.")).to_be_visible()
