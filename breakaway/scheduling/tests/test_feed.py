"""The trainer's private calendar: a secret address, stored hashed, that any calendar reads."""

from __future__ import annotations

import pytest
import vobject
from django.urls import reverse
from icalendar import Calendar

from breakaway.scheduling import assignment_services as assigning
from breakaway.scheduling import engagement_services as booking
from breakaway.scheduling.models import TrainerFeed
from breakaway.scheduling.tests.factories import engagement_for, next_weekday, ready_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(provider, client_org, advisor):
    trainer = ready_trainer(provider)
    two_days = [next_weekday(40), next_weekday(40 + 7)]
    engagement = engagement_for(client_org, days=two_days)
    assigning.assignment_add(engagement=engagement, trainer=trainer, assigned_by=advisor)
    return trainer, engagement, two_days


def _feed_url(client, trainer):
    client.force_login(trainer.user)
    page = client.post(reverse("scheduling:feed_settings"))
    client.logout()
    return page.context["url"]


def test_the_token_is_long_shown_once_and_stored_hashed(client, booked):
    trainer, _engagement, _days = booked
    url = _feed_url(client, trainer)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 256 bits in URL-safe base64
    stored = TrainerFeed.objects.get(trainer=trainer).token_hash
    assert token not in stored
    assert len(stored) == 64
    client.force_login(trainer.user)
    assert token not in client.get(reverse("scheduling:feed_settings")).text


def test_the_feed_works_without_signing_in_and_a_wrong_token_is_not_found(client, booked):
    trainer, _engagement, _days = booked
    url = _feed_url(client, trainer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    wrong = reverse("scheduling:feed", kwargs={"token": "x" * 43})
    assert client.get(wrong).status_code == 404


def test_a_new_address_stops_the_old_one(client, booked):
    trainer, _engagement, _days = booked
    old = _feed_url(client, trainer)
    new = _feed_url(client, trainer)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_one_event_per_day_that_icalendar_and_vobject_both_read(client, booked, client_org):
    trainer, _engagement, days = booked
    body = client.get(_feed_url(client, trainer)).content
    events = Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == 2
    for event, day in zip(sorted(events, key=lambda e: e.decoded("dtstart")), days, strict=True):
        for prop in ("UID", "DTSTAMP", "SUMMARY", "LOCATION", "DESCRIPTION"):
            assert prop in event
        assert client_org.name in str(event["SUMMARY"])
        assert event.decoded("dtstart").date() == day
        assert "Riverside Hospital" in str(event["LOCATION"])
        assert "Hall B" in str(event["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 2
    parsed = vobject.readOne(body.decode())
    assert len(parsed.vevent_list) == 2
    assert {v.uid.value for v in parsed.vevent_list} == {str(e["UID"]) for e in events}


def test_the_feed_follows_cancellation(client, booked, advisor):
    trainer, engagement, _days = booked
    url = _feed_url(client, trainer)
    booking.engagement_cancel(
        engagement=engagement, reason="Closed", terms="", cancelled_by=advisor
    )
    assert Calendar.from_ical(client.get(url).content).walk("VEVENT") == []
