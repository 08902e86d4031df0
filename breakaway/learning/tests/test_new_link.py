"""Asking for a new link after the course's follow-up is over: one is still sent while a
refresher waits to be answered (lasting as a refresher's link does), and none once it is
answered."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from breakaway.delivery.attendee_services import attendee_new_link_request
from breakaway.delivery.models import AttendeeLink
from breakaway.delivery.tests.certificate_fixtures import make_certificate
from breakaway.delivery.tests.roster_fixtures import people
from breakaway.learning.models import Refresher
from breakaway.learning.refresher_services import LINK_DAYS, refreshers_send

pytestmark = pytest.mark.django_db


def test_a_new_link_is_sent_while_a_refresher_waits_after_the_follow_up(
    client_org, django_capture_on_commit_callbacks
):
    person = people(client_org, 1, first_name="Jane", last_name="Smith")[0]
    make_certificate(person, completed_on=timezone.localdate())  # the course, today
    later = timezone.now() + dt.timedelta(weeks=30)  # its follow-up closed weeks ago
    with time_machine.travel(later, tick=False):
        assert attendee_new_link_request(email=person.email) == 0
        with django_capture_on_commit_callbacks(execute=True):
            refreshers_send(later)
        refresher = Refresher.objects.get(staff_member=person)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert attendee_new_link_request(email=person.email.upper()) == 1
        assert [m.to for m in mail.outbox] == [[person.email]]
        link = AttendeeLink.objects.filter(staff_member=person, revoked_at__isnull=True).get()
        assert link.expires_at == later + dt.timedelta(days=LINK_DAYS)
        refresher.completed_at = later
        refresher.save()
        assert attendee_new_link_request(email=person.email) == 0
