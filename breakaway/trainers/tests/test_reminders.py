import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from breakaway.trainers.models import ReminderSent
from breakaway.trainers.reminders import qualification_stage, trainer_reminders_send
from breakaway.trainers.tests.factories import (
    CpdEntryFactory,
    QualificationFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

EXPIRES = datetime.date(2027, 3, 31)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(day: datetime.date) -> dict[str, int]:
        with django_capture_on_commit_callbacks(execute=True):
            return trainer_reminders_send(_at(day))

    return go


@pytest.fixture
def trainer(provider):
    """A trainer whose CPD is current, so only qualification reminders are due."""
    trainer = TrainerFactory(provider=provider, cpd_hours_required=Decimal(0))
    return trainer


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [
        (61, None),
        (60, "60"),
        (31, "60"),
        (30, "30"),
        (8, "30"),
        (7, "7"),
        (0, "7"),
        (-1, "expired"),
        (-30, "expired"),
        (-31, None),
    ],
)
def test_the_reminder_due_depends_on_the_days_left(days_left, stage):
    assert qualification_stage(days_left) == stage


def test_a_reminder_goes_to_the_trainer_and_the_administrators_once(run, trainer, provider_admin):
    QualificationFactory(trainer=trainer, expires_on=EXPIRES)
    day = EXPIRES - datetime.timedelta(days=60)
    assert run(day)["qualification_reminders"] == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [trainer.user.email, provider_admin.email]
    )
    assert "expires in 60 days" in mail.outbox[0].subject
    assert "/trainers/me/" in mail.outbox[0].body
    assert f"/trainers/{trainer.pk}/" in mail.outbox[1].body
    again = run(day)
    assert again == {"qualification_reminders": 0, "cpd_reminders": 0, "already_sent": 1}
    assert len(mail.outbox) == 2


def test_a_daily_tick_sends_each_stage_once_then_the_expiry_notice(run, trainer):
    QualificationFactory(trainer=trainer, expires_on=EXPIRES)
    day = EXPIRES - datetime.timedelta(days=90)
    while day <= EXPIRES + datetime.timedelta(days=60):
        run(day)
        day += datetime.timedelta(days=1)
    keys = sorted(ReminderSent.objects.values_list("key", flat=True))
    assert [k.rsplit(":", 1)[1] for k in keys] == ["30", "60", "7", "expired"]
    assert len(mail.outbox) == 4  # the trainer only: the provider has no administrator here


def test_after_a_gap_only_the_nearest_reminder_goes(run, trainer):
    QualificationFactory(trainer=trainer, expires_on=EXPIRES)
    run(EXPIRES - datetime.timedelta(days=5))
    assert list(ReminderSent.objects.values_list("key", flat=True)) == [
        f"qualification:{trainer.qualifications.get().pk}:{EXPIRES}:7"
    ]


def test_a_renewed_expiry_date_starts_the_reminders_again(run, trainer):
    qualification = QualificationFactory(trainer=trainer, expires_on=EXPIRES)
    run(EXPIRES - datetime.timedelta(days=7))
    qualification.expires_on = EXPIRES + datetime.timedelta(days=7)
    qualification.save()
    assert run(EXPIRES - datetime.timedelta(days=6))["qualification_reminders"] == 1


def test_a_qualification_replaced_by_a_newer_one_gets_no_reminder(run, trainer):
    QualificationFactory(trainer=trainer, expires_on=EXPIRES)
    QualificationFactory(trainer=trainer, expires_on=EXPIRES + datetime.timedelta(days=1095))
    assert run(EXPIRES - datetime.timedelta(days=7))["qualification_reminders"] == 0


def test_inactive_trainers_and_long_lapsed_qualifications_get_nothing(run, provider):
    QualificationFactory(
        trainer=TrainerFactory(provider=provider, is_active=False), expires_on=EXPIRES
    )
    QualificationFactory(
        trainer=TrainerFactory(provider=provider, cpd_hours_required=Decimal(0)),
        expires_on=EXPIRES - datetime.timedelta(days=200),
    )
    assert run(EXPIRES - datetime.timedelta(days=7))["qualification_reminders"] == 0
    assert mail.outbox == []


def test_cpd_short_is_reminded_at_most_once_a_month(run, provider, provider_admin):
    trainer = TrainerFactory(provider=provider, cpd_hours_required=Decimal(30))
    CpdEntryFactory(trainer=trainer, hours=Decimal(12), done_on=datetime.date(2026, 10, 1))
    assert run(datetime.date(2026, 11, 2))["cpd_reminders"] == 1
    assert run(datetime.date(2026, 11, 20))["cpd_reminders"] == 0
    assert run(datetime.date(2026, 12, 1))["cpd_reminders"] == 1
    assert "18 short of the 30 needed" in mail.outbox[0].body.replace(" hours", "")
    assert len(mail.outbox) == 4


def test_current_cpd_gets_no_reminder(run, provider):
    trainer = TrainerFactory(provider=provider, cpd_hours_required=Decimal(30))
    CpdEntryFactory(trainer=trainer, hours=Decimal(30), done_on=datetime.date(2026, 10, 1))
    assert run(datetime.date(2026, 11, 2))["cpd_reminders"] == 0


def test_a_reminder_sent_by_a_concurrent_tick_is_not_sent_again(run, trainer, monkeypatch):
    qualification = QualificationFactory(trainer=trainer, expires_on=EXPIRES)
    from breakaway.trainers import reminders

    real_filter = ReminderSent.objects.filter

    def stale_filter(*args, **kwargs):
        # This tick read the sent keys just before another tick recorded its reminder.
        ReminderSent.objects.get_or_create(
            key=f"qualification:{qualification.pk}:{EXPIRES}:7",
            defaults={"kind": "qualification", "trainer": trainer},
        )
        return real_filter(pk__in=[])

    monkeypatch.setattr(reminders.ReminderSent.objects, "filter", stale_filter)
    counts = run(EXPIRES - datetime.timedelta(days=7))
    assert counts["qualification_reminders"] == 0
    assert counts["already_sent"] == 1
    assert mail.outbox == []


@time_machine.travel(datetime.datetime(2027, 3, 24, 9, tzinfo=datetime.UTC), tick=False)
def test_the_tick_sends_reminders_due_today(trainer, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    QualificationFactory(trainer=trainer, expires_on=EXPIRES)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick", "--json")
    assert ReminderSent.objects.get().key.endswith(":7")
