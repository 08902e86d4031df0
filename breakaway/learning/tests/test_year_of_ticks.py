"""A year of the demo, one day at a time: the periodic jobs run every morning (twice, to prove
a repeated tick sends nothing new), simulated attendees answer their open refreshers on some
days, one person leaves the client and one stops refreshers part way. Then every refresher
rule is checked over what was sent.

The clock is faked with time-machine; e-mails are kept in memory (config.settings.test) and
sent on commit, so each tick runs inside `django_capture_on_commit_callbacks`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from breakaway.core import periodic
from breakaway.delivery.models import Certificate, StaffMember
from breakaway.delivery.services import staff_member_archive
from breakaway.evaluation.models import ImpactReport
from breakaway.learning import spacing
from breakaway.learning.bank import ITEMS
from breakaway.learning.models import ItemProgress, Refresher, RefresherAnswer
from breakaway.learning.refresher_services import (
    BY_ID,
    MIN_DAYS_BETWEEN,
    refresher_answer,
    refresher_open,
    refreshers_stop,
)
from breakaway.learning.retention import retention_curve

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DAYS = 365
LEAVES_ON_DAY = 100  # Katie is archived (has left the client)
STOPS_ON_DAY = 150  # Maya stops refreshers
SUBJECT = "Your two-minute refresher"
LEARNING_JOB = "learning_refreshers"


def _morning(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(7, 0)))


def _tick(now: dt.datetime, capture: Any, every_job: bool) -> dict[str, dict[str, Any]]:
    """The morning's tick: every registered job once a week, the refreshers' job every day
    (the other jobs' own tests cover them; a year of them daily would take minutes)."""
    with capture(execute=True):
        return periodic.run_jobs(now, None if every_job else [LEARNING_JOB])


def _refresher_mail() -> list[Any]:
    return [m for m in mail.outbox if m.subject.startswith(SUBJECT)]


def _answer_some(
    today: dt.date, rng: random.Random, checks: list[tuple[int, int, bool, Any, Any]]
) -> None:
    """Some people with an open refresher answer it today (each has their own habit); for each
    answer the item's interval before and after is kept, to check the spacing rule."""
    waiting = (
        Refresher.objects.filter(completed_at__isnull=True, sent_on__gte=today - dt.timedelta(6))
        .select_related("staff_member")
        .order_by("staff_member_id")
    )
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(18, 30)))
    for person in {r.staff_member_id: r.staff_member for r in waiting}.values():
        habit = random.Random(person.pk).uniform(0.15, 0.6)  # chance of answering on a day
        if rng.random() > habit:
            continue
        refresher = refresher_open(staff_member=person)
        if refresher is None:
            continue
        before = {
            p.item_id: p
            for p in ItemProgress.objects.filter(
                certificate=refresher.certificate, item_id__in=refresher.item_ids
            )
        }
        answers = {}
        for item_id in refresher.item_ids:
            item = BY_ID[item_id]
            right = rng.random() < 0.75 + 0.05 * min(before[item_id].streak, 4)
            answers[item_id] = item.options[0] if right else rng.choice(item.options[1:])
        made = refresher_answer(refresher=refresher, answers=answers, now=now)
        after = {
            p.item_id: p
            for p in ItemProgress.objects.filter(
                certificate=refresher.certificate, item_id__in=refresher.item_ids
            )
        }
        for answer in made:
            old, new = before[answer.item_id], after[answer.item_id]
            checks.append((old.interval_days, new.interval_days, answer.correct, new, refresher))


def test_a_year_of_daily_ticks_keeps_every_refresher_rule(django_capture_on_commit_callbacks):
    call_command("seed_demo")
    if connection.vendor == "postgresql":
        # The demo is inside this test's open transaction, where autovacuum cannot see it:
        # without fresh statistics PostgreSQL planned the year's queries for the tables'
        # earlier sizes, and after the rest of the suite the test took five times as long.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    started = time.process_time()  # the test's own work, whatever else the machine runs
    start = timezone.localdate()
    first_refresher = Refresher.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    holders = StaffMember.objects.filter(certificates__isnull=False).distinct()
    leaver = holders.get(first_name="Katie")
    stopper = holders.get(first_name="Maya")
    # Someone with a live certificate but no e-mail address: counted, never sent.
    no_email = (
        StaffMember.objects.filter(
            certificates__expires_on__gt=start + dt.timedelta(days=60),
            certificates__revoked_at__isnull=True,
        )
        .exclude(pk__in=[leaver.pk, stopper.pk])
        .order_by("pk")
        .first()
    )
    assert no_email is not None
    StaffMember.objects.filter(pk=no_email.pk).update(email="")
    mail.outbox.clear()

    rng = random.Random("breakaway-year-of-ticks")
    checks: list[tuple[int, int, bool, Any, Any]] = []
    no_email_counted = 0
    with time_machine.travel(_morning(start), tick=False) as clock:
        for offset in range(DAYS):
            today = start + dt.timedelta(days=offset)
            now = _morning(today)
            clock.move_to(now)
            if offset == LEAVES_ON_DAY:
                staff_member_archive(member=leaver, archived_by=None)
            if offset == STOPS_ON_DAY:
                refreshers_stop(staff_member=stopper, now=now)
            # Counted by id: the privacy jobs delete refreshers once their keeping time ends.
            newest = Refresher.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            sent_before = len(_refresher_mail())
            weekly = offset % 7 == 0
            first = _tick(now, django_capture_on_commit_callbacks, weekly)
            assert not [name for name, result in first.items() if "error" in result], first
            no_email_counted += first[LEARNING_JOB]["no_email"]
            made = Refresher.objects.filter(pk__gt=newest).count()
            mailed = len(mail.outbox)
            # The same morning again (a second cron, a retry): nothing new at all.
            later = now + dt.timedelta(minutes=5)
            again = _tick(later, django_capture_on_commit_callbacks, weekly)
            assert again[LEARNING_JOB] == {**first[LEARNING_JOB], "sent": 0, "started": 0}
            assert Refresher.objects.filter(pk__gt=newest).count() == made
            assert len(mail.outbox) == mailed
            assert len(_refresher_mail()) - sent_before == made
            clock.move_to(now + dt.timedelta(hours=11))
            _answer_some(today, rng, checks)
    elapsed = time.process_time() - started
    end = start + dt.timedelta(days=DAYS - 1)

    year = list(
        Refresher.objects.filter(pk__gt=first_refresher).select_related(
            "certificate", "staff_member"
        )
    )
    assert len(year) > 100
    assert all(start <= r.sent_on <= end for r in year)
    every = Refresher.objects.select_related("certificate").order_by("staff_member_id", "sent_on")

    # At most one a week per person, over the demo's past and the year.
    last_sent: dict[int, dt.date] = {}
    for refresher in every:
        previous = last_sent.get(refresher.staff_member_id)
        if previous is not None:
            assert (refresher.sent_on - previous).days >= MIN_DAYS_BETWEEN, refresher
        last_sent[refresher.staff_member_id] = refresher.sent_on

    for refresher in year:
        certificate = refresher.certificate
        # None to revoked or run-out certificates, none after the last useful day.
        assert certificate.revoked_at is None
        assert refresher.sent_on <= spacing.last_review_day(certificate.expires_on)
        assert refresher.sent_on < certificate.expires_on
        assert refresher.emailed
        assert refresher.staff_member.email
    leaver.refresh_from_db()
    assert leaver.archived_at is not None
    assert not any(
        r.staff_member_id == leaver.pk and r.sent_on >= start + dt.timedelta(LEAVES_ON_DAY)
        for r in year
    )
    assert not any(
        r.staff_member_id == stopper.pk and r.sent_on >= start + dt.timedelta(STOPS_ON_DAY)
        for r in year
    )
    assert any(r.staff_member_id == stopper.pk for r in year)  # she had them until then
    assert not any(r.staff_member_id == no_email.pk for r in year)
    assert no_email_counted > 0

    # One e-mail per refresher, to its person.
    sent = _refresher_mail()
    assert len(sent) == len(year)
    assert sorted(m.to[0] for m in sent) == sorted(r.staff_member.email for r in year)

    # Spacing: a right answer moves the next review further off than the last interval (or
    # onto the last useful day, or to rest); a miss brings it back soon.
    assert len(checks) > 200
    for old, new, correct, progress, refresher in checks:
        last_day = spacing.last_review_day(refresher.certificate.expires_on)
        if correct:
            assert new > old or progress.due_on in (None, last_day), (old, new, progress)
        else:
            assert new <= spacing.MISS_INTERVAL_DAYS
    streaks = ItemProgress.objects.filter(streak__gte=3, last_answered_on__gte=start)
    assert streaks.exists()
    assert max(p.interval_days for p in streaks) > 30

    # Everyone else with a certificate in date for a good part of the year got some.
    live = Certificate.objects.filter(
        revoked_at__isnull=True, completed_on__lte=start, expires_on__gt=start + dt.timedelta(60)
    ).exclude(staff_member__in=[leaver, stopper, no_email])
    assert live.count() >= 5
    for certificate in live:
        assert any(r.staff_member_id == certificate.staff_member_id for r in year), certificate

    # Retention afterwards: answers across many months, and the impact reports keep them.
    rows = RefresherAnswer.objects.filter(answered_on__gte=start).values_list(
        "days_since_course", "correct"
    )
    assert len(retention_curve(rows)) >= 6
    issued = ImpactReport.objects.filter(data__retention__answers__gt=0)
    assert issued.exists()
    assert {i.id for i in ITEMS} >= set(
        RefresherAnswer.objects.values_list("item_id", flat=True).distinct()
    )
    # Speed is not asserted here (machines are noisy); about 25 s of processor time on a quiet
    # 2-core machine, printed for whoever is watching.
    print(f"a year of ticks: {elapsed:.1f} s, {len(year)} refreshers, {len(checks)} answers")
