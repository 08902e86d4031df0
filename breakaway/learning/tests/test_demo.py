"""The learning demo: past refreshers replayed through the real services without e-mail,
answers that fade with time and grow with practice, lesson progress before the next courses;
the same story every time, and nothing added by a second run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Min
from django.utils import timezone

from breakaway.accounts.models import Organisation, User
from breakaway.delivery.models import Certificate
from breakaway.learning import spacing
from breakaway.learning.demo import (
    OPTED_OUT,
    chance_right,
    seed_learning,
)
from breakaway.learning.models import (
    ItemProgress,
    LessonProgress,
    Refresher,
    RefresherAnswer,
    RefresherPreference,
)
from breakaway.learning.refresher_services import BY_ID, MIN_DAYS_BETWEEN
from breakaway.learning.retention import retention_curve
from breakaway.learning.selectors import (
    items_most_forgotten_for_user,
    lesson_progress_for_engagement,
    retention_for_organisation,
)
from breakaway.scheduling.models import Engagement

pytestmark = pytest.mark.django_db

MODELS = (ItemProgress, Refresher, RefresherAnswer, RefresherPreference, LessonProgress)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _story() -> list[tuple]:
    """What happened, without database ids: who got what when, and what they answered."""
    refreshers = Refresher.objects.values_list(
        "staff_member__employee_number", "sent_at", "item_ids", "completed_at", "emailed"
    )
    answers = RefresherAnswer.objects.values_list(
        "staff_member__employee_number", "item_id", "chosen", "correct", "answered_at"
    )
    return sorted(map(repr, refreshers)) + sorted(map(repr, answers))


def test_the_demo_replays_the_past_without_e_mail_and_a_second_run_adds_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert not [m for m in mail.outbox if "refresher" in m.subject.lower()]
    first = _counts()
    assert first["Refresher"] > 100
    assert first["RefresherAnswer"] > 300
    assert first["LessonProgress"] > 10
    assert not Refresher.objects.filter(emailed=True).exists()

    call_command("seed_demo")
    assert _counts() == first
    provider = Organisation.objects.providers().get()
    assert seed_learning(provider) == {"refreshers": 0, "lessons": 0}


def test_the_demo_follows_every_refresher_rule_and_tells_a_plausible_story():
    call_command("seed_demo")
    today = timezone.localdate()
    refreshers = list(
        Refresher.objects.select_related("certificate", "staff_member").order_by(
            "staff_member_id", "sent_on"
        )
    )
    last: dict[int, dt.date] = {}
    for refresher in refreshers:
        previous = last.get(refresher.staff_member_id)
        if previous is not None:
            assert (refresher.sent_on - previous).days >= MIN_DAYS_BETWEEN
        last[refresher.staff_member_id] = refresher.sent_on
        certificate = refresher.certificate
        assert certificate.revoked_at is None
        assert certificate.completed_on <= refresher.sent_on <= today
        assert refresher.sent_on <= spacing.last_review_day(certificate.expires_on)
    assert not Refresher.objects.filter(certificate__revoked_at__isnull=False).exists()

    # One person stopped refreshers, and had none after.
    stopped = RefresherPreference.objects.get(opted_out_at__isnull=False)
    assert stopped.staff_member.first_name == OPTED_OUT
    assert not Refresher.objects.filter(
        staff_member=stopped.staff_member, sent_at__gt=stopped.opted_out_at
    ).exists()

    # Streaks vary: some refreshers answered, some skipped, one partly.
    answered = Refresher.objects.filter(completed_at__isnull=False).count()
    assert 0.4 * len(refreshers) < answered < 0.95 * len(refreshers)
    partly = Refresher.objects.filter(completed_at__isnull=True, answers__isnull=False)
    assert partly.exists()

    # Answers fade with time since the course: the first month beats the later ones.
    curve = retention_curve(RefresherAnswer.objects.values_list("days_since_course", "correct"))
    assert len(curve) >= 6
    later = [p for p in curve[3:] if p.answered >= 20]
    assert later
    assert curve[0].share > max(p.share for p in later)


def test_the_demo_fills_the_retention_most_forgotten_and_lesson_pages():
    call_command("seed_demo")
    riverside = Organisation.objects.get(slug="riverside-mental-health")
    by_team = retention_for_organisation(organisation=riverside)
    assert not by_team.is_empty
    assert len(by_team.teams) >= 3  # the demo staff have teams
    assert all(curve.key for curve in by_team.teams)

    advisor = User.objects.get(email="advisor@northway.example")
    forgotten = items_most_forgotten_for_user(user=advisor)
    assert len(forgotten.ranked) >= 10
    worst, best = forgotten.ranked[0], forgotten.ranked[-1]
    assert worst.share_missed > best.share_missed
    assert worst.item is not None

    # Every upcoming course's lesson rows (which course comes first is a tie some days, and
    # PostgreSQL may break it either way: one course alone need not show every case).
    upcoming = (
        Engagement.objects.filter(enrolments__isnull=False)
        .annotate(first_day=Min("days__date"))
        .filter(first_day__gt=timezone.localdate())
        .distinct()
        .order_by("first_day", "pk")
    )
    rows = [row for course in upcoming for row in lesson_progress_for_engagement(engagement=course)]
    assert sum(row.started for row in rows) > 0
    assert sum(row.finished for row in rows) > 0
    assert any(row.opened_only for row in rows)  # someone opened a lesson, not finished


def test_the_demo_tells_the_same_story_every_time():
    call_command("seed_demo")
    story = _story()
    counts = _counts()
    for model in MODELS:
        model.objects.all().delete()
    provider = Organisation.objects.providers().get()
    seed_learning(provider)
    assert _story() == story
    assert _counts() == counts


def test_a_right_answer_gets_less_likely_with_time_and_more_likely_with_practice():
    item = next(iter(BY_ID.values()))
    fresh = chance_right(item, days_since_course=3, right_before=0)
    faded = chance_right(item, days_since_course=300, right_before=0)
    practised = chance_right(item, days_since_course=300, right_before=3)
    assert faded < fresh
    assert faded < practised
    assert 0.15 <= faded <= practised <= 0.97


def test_only_current_certificate_holders_get_refreshers():
    call_command("seed_demo")
    holders = set(
        Certificate.objects.filter(revoked_at__isnull=True).values_list("staff_member", flat=True)
    )
    assert set(Refresher.objects.values_list("staff_member", flat=True)) <= holders
