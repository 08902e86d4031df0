"""A planner puts a trainer on an engagement by hand, sees a clash refused on another the same
day, then runs the planner and publishes its proposal. Every page passes axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.scheduling.models import Assignment
from breakaway.scheduling.tests.factories import (
    design_for,
    engagement_for,
    next_weekday,
    ready_trainer,
    venue_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, email):
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()


def test_a_planner_assigns_by_hand_sees_a_clash_refused_then_plans_and_publishes(
    live_server, desktop, assert_accessible, provider, client_org, other_client
):
    day = next_weekday(35)
    first = engagement_for(client_org, days=[day])
    second = engagement_for(
        other_client,
        days=[day],
        design=design_for(other_client),
        venue=venue_for(other_client, name="Hillcrest Academy", lat=53.38, lon=-1.51),
    )
    dan = ready_trainer(provider, lat=53.48, lon=-2.24)
    dan.user.full_name = "Dan Hughes"
    dan.user.save()
    sam = ready_trainer(provider, lat=53.40, lon=-1.50)
    sam.user.full_name = "Sam Okoro"
    sam.user.save()
    advisor = UserFactory(membership__organisation=provider, membership__role=Role.ADVISOR)
    page = desktop

    page.goto(live_server.url + reverse("scheduling:engagement_detail", kwargs={"pk": first.pk}))
    _sign_in(page, advisor.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text(client_org.name)
    assert_accessible(page)
    page.get_by_label("Trainer", exact=True).select_option(label="Dan Hughes")
    expect(page.locator("#chosen-trainer")).to_contain_text("Dan Hughes can work this engagement")
    page.get_by_role("button", name="Put this trainer on it").click()
    expect(page.get_by_text("Dan Hughes is on this engagement and has been told.")).to_be_visible()

    page.goto(live_server.url + reverse("scheduling:engagement_detail", kwargs={"pk": second.pk}))
    page.get_by_label("Trainer", exact=True).select_option(label="Dan Hughes (cannot work it)")
    expect(page.locator("#chosen-trainer")).to_contain_text("Already working on")
    assert_accessible(page)
    page.get_by_role("button", name="Put this trainer on it").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text(client_org.name)
    assert_accessible(page)
    assert not Assignment.objects.filter(engagement=second).exists()

    page.goto(live_server.url + reverse("scheduling:plan_new"))
    assert_accessible(page)
    page.get_by_role("button", name="Plan the rota").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed rota", timeout=60_000)
    expect(page.locator("table")).to_contain_text("Sam Okoro")
    assert_accessible(page)
    page.get_by_role("button", name="Publish the rota and e-mail the trainers").click()
    expect(page.get_by_text(re.compile("Rota published: 1 trainers added"))).to_be_visible()
    assert Assignment.objects.get(engagement=second).trainer == sam
    assert Assignment.objects.get(engagement=first).trainer == dan
