"""Account lockout: five wrong passwords lock an account for 15 minutes, whatever address they
come from, and its owner is e-mailed once; after the lock the right password works again."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.adapters import LOCKOUT_FAILURES, LOCKOUT_MINUTES
from breakaway.core.models import AuditEntry

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"


def _sign_in(client, email: str, password: str, address: str = "192.0.2.1"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_account_and_tell_its_owner_once(
    client, advisor, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            for attempt in range(LOCKOUT_FAILURES):
                # From a different address each time: the lock is on the account.
                _sign_in(client, advisor.email, "wrong", address=f"192.0.2.{attempt + 10}")
        assert len(mail.outbox) == 1
        notice = mail.outbox[0]
        assert notice.to == [advisor.email]
        assert f"locked it for {LOCKOUT_MINUTES} minutes" in notice.body
        assert "/accounts/password/reset/" in notice.body
        assert AuditEntry.objects.filter(action="account.locked").count() == 1

        refused = _sign_in(client, advisor.email, RIGHT, address="198.51.100.1")
        assert refused.status_code == 200  # the form again, with the error: not signed in
        assert "_auth_user_id" not in client.session
        with django_capture_on_commit_callbacks(execute=True):
            _sign_in(client, advisor.email, "wrong again")
        assert len(mail.outbox) == 1  # told once per lock

    with time_machine.travel(start + dt.timedelta(minutes=LOCKOUT_MINUTES + 1), tick=False):
        assert _sign_in(client, advisor.email, RIGHT).status_code == 302


def test_wrong_passwords_for_an_unknown_address_send_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(LOCKOUT_FAILURES + 1):
            _sign_in(client, "nobody@example.org", "wrong")
    assert mail.outbox == []


def test_a_few_mistakes_lock_nothing(client, advisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(LOCKOUT_FAILURES - 1):
            _sign_in(client, advisor.email, "wrong")
    assert _sign_in(client, advisor.email, RIGHT).status_code == 302
    assert mail.outbox == []
