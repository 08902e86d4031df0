"""Attendee links and the attendee's page: expiry, revocation, a new link by e-mail, the page's
content, and the rate limit per token."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from breakaway.delivery.attendee_services import (
    attendee_link_expiry,
    attendee_new_link_request,
)
from breakaway.delivery.links import COOKIE, attendee_link_create
from breakaway.delivery.roster_services import roster_add
from breakaway.delivery.tests.roster_fixtures import make_engagement, people

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def enrolled(client_org):
    engagement = make_engagement(client_org, days_ahead=10)
    person = people(client_org, 1, first_name="Jane", last_name="Smith")[0]
    roster_add(engagement=engagement, people=[person], added_by=None)
    return person


def _link(person):
    _link, token = attendee_link_create(
        staff_member=person, expires_at=attendee_link_expiry(staff_member=person)
    )
    return reverse("attendee:page", args=[token])


def test_a_link_lasts_the_follow_up_period_after_the_last_day(enrolled):
    expiry = timezone.localtime(attendee_link_expiry(staff_member=enrolled))
    last_day = timezone.localdate() + dt.timedelta(days=10)
    # Until the follow-up questionnaire closes (12 + 4 weeks), and a fortnight more.
    assert expiry.date() == last_day + dt.timedelta(weeks=16, days=14)


def test_the_page_shows_what_when_where_and_what_to_wear(client, enrolled):
    response = client.get(_link(enrolled))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your training" in text
    assert "Riverside Hospital" in text
    assert "openstreetmap.org/?mlat=53.46310" in text
    assert "Group 1" in text
    assert "Flat shoes" in text
    assert "Answer the health questions" in text
    assert "Confidence in managing aggression at work" in text  # the pre questionnaire
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["Referrer-Policy"] == "same-origin"
    assert client.cookies[COOKIE]["httponly"]


def test_an_expired_link_gives_a_friendly_page_offering_a_new_one(client, enrolled):
    url = _link(enrolled)
    with time_machine.travel(timezone.now() + dt.timedelta(weeks=20)):
        response = client.get(url)
    assert response.status_code == 404
    assert reverse("attendee:new_link").encode() in response.content


def test_a_new_link_revokes_the_old_one(client, enrolled):
    old = _link(enrolled)
    new = _link(enrolled)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_token_is_a_404_and_not_logged(client, caplog):
    response = client.get(reverse("attendee:page", args=["made-up-token"]))
    assert response.status_code == 404
    assert "made-up-token" not in caplog.text


def test_asking_for_a_new_link_sends_one_only_to_someone_booked(
    client, enrolled, client_org, django_capture_on_commit_callbacks
):
    stranger = people(client_org, 1)[0]
    url = reverse("attendee:new_link")
    with django_capture_on_commit_callbacks(execute=True):
        booked = client.post(url, {"email": enrolled.email.upper()})
        unknown = client.post(url, {"email": stranger.email})
        nobody = client.post(url, {"email": "nobody@example.org"})
    assert booked["Location"] == unknown["Location"] == nobody["Location"]
    assert [m.to for m in mail.outbox] == [[enrolled.email]]
    assert "/a/" in mail.outbox[0].body


def test_new_link_requests_are_rate_limited(client, enrolled, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            response = client.post(reverse("attendee:new_link"), {"email": enrolled.email})
            assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_no_new_link_after_the_follow_up_is_over(enrolled):
    with time_machine.travel(timezone.now() + dt.timedelta(weeks=20)):
        assert attendee_new_link_request(email=enrolled.email) == 0


def test_the_page_is_rate_limited_per_token(client, enrolled, monkeypatch):
    from breakaway.core.ratelimit import RateLimit
    from breakaway.delivery import views_attendee

    monkeypatch.setattr(views_attendee, "TOKEN_LIMIT", RateLimit("attendee-token-test", 2, 600))
    url, other = _link(enrolled), None
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    other_person = people(enrolled.organisation, 1)[0]
    other = _link(other_person)
    assert client.get(other).status_code == 200


def test_a_withdrawn_person_sees_no_course(client, enrolled):
    from breakaway.delivery.models import Enrolment
    from breakaway.delivery.roster_services import enrolment_withdraw

    url = _link(enrolled)
    enrolment_withdraw(enrolment=Enrolment.objects.get(), withdrawn_by=None)
    assert b"no course booked" in client.get(url).content
