import datetime
import io
import json
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.core import periodic
from breakaway.delivery.certificate_reminders import certificate_reminders_send, threshold_for
from breakaway.delivery.models import CertificateReminder
from breakaway.delivery.tests.certificate_fixtures import make_certificate
from breakaway.delivery.tests.factories import StaffMemberFactory

LONDON = ZoneInfo("Europe/London")
EXPIRES = datetime.date(2026, 12, 31)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def before(days: int) -> datetime.datetime:
    return at(EXPIRES - datetime.timedelta(days=days))


@pytest.fixture
def certificate(client_org):
    person = StaffMemberFactory(organisation=client_org, first_name="Jane", last_name="Smith")
    return make_certificate(person, completed_on=datetime.date(2025, 12, 31), expires_on=EXPIRES)


def _sent(certificate):
    return sorted(
        CertificateReminder.objects.filter(certificate=certificate).values_list(
            "days_before", flat=True
        )
    )


def test_thresholds():
    assert threshold_for(91) is None
    assert threshold_for(90) == 90
    assert threshold_for(31) == 90
    assert threshold_for(30) == 30
    assert threshold_for(1) == 30
    assert threshold_for(0) == 0
    assert threshold_for(-3) == 0


def test_the_job_is_registered_for_the_tick():
    assert periodic.registered()["certificate_reminders"] is certificate_reminders_send


@pytest.mark.django_db
def test_each_reminder_goes_once_at_90_30_and_0_days(
    certificate, client_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_reminders_send(before(91))["reminders_90_days"] == 0
        first = certificate_reminders_send(before(90))
        again = certificate_reminders_send(before(90))
        certificate_reminders_send(before(89))
        certificate_reminders_send(before(30))
        certificate_reminders_send(before(10))
        certificate_reminders_send(before(0))
        certificate_reminders_send(before(0) + datetime.timedelta(hours=8))
    assert first == {
        "reminders_90_days": 1,
        "reminders_30_days": 0,
        "reminders_0_days": 0,
        "people_emailed": 1,
        "manager_emails": 1,
    }
    assert sum(again.values()) == 0
    assert _sent(certificate) == [0, 30, 90]
    to_person = [m for m in mail.outbox if m.to == [certificate.staff_member.email]]
    to_managers = [m for m in mail.outbox if m.to == [client_manager.email]]
    assert len(to_person) == 3
    assert len(to_managers) == 3
    assert "expires today" in to_person[-1].subject
    assert "Jane Smith" in to_managers[0].body


@pytest.mark.django_db
def test_after_a_gap_only_the_latest_threshold_is_sent(certificate):
    counts = certificate_reminders_send(before(20))
    assert counts["reminders_30_days"] == 1
    assert counts["reminders_90_days"] == 0
    assert _sent(certificate) == [30]
    certificate_reminders_send(before(5))
    assert _sent(certificate) == [30]


@pytest.mark.django_db
def test_an_expiry_missed_by_a_few_days_is_still_told_but_not_an_old_one(certificate):
    assert certificate_reminders_send(before(-30))["reminders_0_days"] == 0
    assert certificate_reminders_send(before(-3))["reminders_0_days"] == 1


@pytest.mark.django_db
def test_revoked_superseded_and_leavers_get_no_reminder(client_org, certificate):
    revoked = make_certificate(
        StaffMemberFactory(organisation=client_org),
        completed_on=datetime.date(2025, 12, 31),
        expires_on=EXPIRES,
        revoked=True,
    )
    leaver = make_certificate(
        StaffMemberFactory(organisation=client_org, archived_at=timezone.now()),
        completed_on=datetime.date(2025, 12, 31),
        expires_on=EXPIRES,
    )
    make_certificate(
        certificate.staff_member,
        completed_on=datetime.date(2026, 11, 1),
        course_name=certificate.course_name,
    )
    certificate_reminders_send(before(30))
    assert _sent(certificate) == []
    assert _sent(revoked) == []
    assert _sent(leaver) == []


@pytest.mark.django_db
def test_managers_are_the_client_managers_else_the_administrators(
    certificate, client_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate_reminders_send(before(90))
    assert any(m.to == [client_admin.email] for m in mail.outbox)
    mail.outbox.clear()
    manager = UserFactory(
        membership__organisation=certificate.organisation,
        membership__role=Role.CLIENT_MANAGER,
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificate_reminders_send(before(30))
    assert [m.to for m in mail.outbox if m.to != [certificate.staff_member.email]] == [
        [manager.email]
    ]


@pytest.mark.django_db
def test_tick_runs_the_job_with_a_naive_london_now(certificate):
    out = io.StringIO()
    # 00:30 on the 90th day before, London summer time: still that day in London.
    call_command(
        "tick", "--now", "2026-10-02T00:30", "--job", "certificate_reminders", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    assert result["jobs"]["certificate_reminders"]["reminders_90_days"] == 1
    again = io.StringIO()
    call_command(
        "tick",
        "--now",
        "2026-10-02T00:30",
        "--job",
        "certificate_reminders",
        "--json",
        stdout=again,
    )
    assert json.loads(again.getvalue())["jobs"]["certificate_reminders"]["reminders_90_days"] == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_reminder_once(client_org):
    people = [StaffMemberFactory(organisation=client_org) for _ in range(5)]
    certificates = [
        make_certificate(p, completed_on=datetime.date(2025, 12, 31), expires_on=EXPIRES)
        for p in people
    ]
    start = threading.Barrier(4)
    results: list[dict] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait(timeout=30)
            results.append(certificate_reminders_send(before(90)))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert errors == []
    assert sum(r["reminders_90_days"] for r in results) == 5
    assert sum(r["people_emailed"] for r in results) == 5
    assert CertificateReminder.objects.filter(certificate__in=certificates).count() == 5
    assert (
        len([m for m in mail.outbox if len(m.to) == 1 and m.to[0] in {p.email for p in people}])
        == 5
    )
