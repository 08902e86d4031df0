"""Demo refreshers and lessons: the past since each demo course, replayed week by week through
the real refresher services (without e-mail), so the retention pages and the impact report's
retention section have answers to show; and some pre-course lesson progress for the people on
the next courses' rosters.

Answers come from a seeded generator: the chance of a right answer falls with time since the
course and rises with the item's earlier right answers, and some items are harder than
others. People differ in how often they answer (some skip refreshers, one partly answers);
one person stops refreshers part way. Revoked certificates get none.

Idempotent: a person who has any refresher is left alone, and so is one with any lesson
progress. Deterministic for a given day: every demo database tells the same story.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from typing import Final

from django.db.models import Min
from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.delivery.models import Certificate, Enrolment, StaffMember
from breakaway.learning import spacing
from breakaway.learning.bank.base import BankItem
from breakaway.learning.lesson_services import lesson_answer, lesson_open
from breakaway.learning.lessons import LESSONS
from breakaway.learning.models import ItemProgress, Refresher
from breakaway.learning.refresher_services import (
    BY_ID,
    REFRESHER_SIZE,
    course_modules,
    items_for,
    progress_start,
    refresher_answer,
    refresher_send,
    refreshers_stop,
)
from breakaway.scheduling.models import Engagement

OPTED_OUT: Final = "Ben"  # stops refreshers about ten weeks after his course
OPTED_OUT_AFTER: Final = dt.timedelta(weeks=10)
PARTLY: Final = "Emma"  # sometimes answers only some of the questions
# The chance of a right answer: starts at BASE, loses up to FADE as months pass (most of it in
# the first FADE_DAYS), gains LEARN for each earlier right answer to the item (up to three).
BASE: Final = 0.97
FADE: Final = 0.3
FADE_DAYS: Final = 90
LEARN: Final = 0.05
HARDEST: Final = 0.25  # the most an item's difficulty takes off
LESSON_RIGHT: Final = 0.75


def _rng(*parts: object) -> random.Random:
    return random.Random("breakaway-learning-" + "-".join(str(p) for p in parts))  # noqa: S311


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def difficulty(item: BankItem) -> float:
    """How much harder than average an item is to recall (stable: seeded by its id)."""
    return _rng(item.id).random() ** 2 * HARDEST


def chance_right(item: BankItem, *, days_since_course: int, right_before: int) -> float:
    """The chance a person answers the item right: falling with time, rising with practice."""
    fade = FADE * (1 - math.exp(-days_since_course / FADE_DAYS))
    chance = BASE - fade + LEARN * min(right_before, 3) - difficulty(item)
    return min(0.97, max(0.15, chance))


def _live(certificates: list[Certificate], day: dt.date) -> Certificate | None:
    """The person's latest certificate in date on `day` (as the real job picks it)."""
    live = [c for c in certificates if c.completed_on <= day < c.expires_on]
    return max(live, key=lambda c: (c.completed_on, c.pk), default=None)


def _still_there(person: StaffMember, day: dt.date) -> bool:
    if person.archived_at is not None and timezone.localdate(person.archived_at) <= day:
        return False
    return person.leaving_date is None or person.leaving_date > day


def _answer(
    refresher: Refresher,
    certificate: Certificate,
    day: dt.date,
    rng: random.Random,
    right_before: dict[str, int],
    partly: bool,
) -> None:
    days = (day - certificate.completed_on).days
    answers = {}
    item_ids = list(refresher.item_ids)
    if partly:
        item_ids = item_ids[: rng.randint(1, max(1, len(item_ids) - 1))]
    for item_id in item_ids:
        item = BY_ID[item_id]
        right = rng.random() < chance_right(
            item, days_since_course=days, right_before=right_before[item_id]
        )
        answers[item_id] = item.options[0] if right else rng.choice(item.options[1:])
        right_before[item_id] += right
    refresher.certificate = certificate
    refresher_answer(
        refresher=refresher, answers=answers, now=_at(day, rng.randint(10, 20), rng.randint(0, 59))
    )


def _replay(person: StaffMember, certificates: list[Certificate], today: dt.date) -> int:
    """One person's weeks since their first course, as the weekly job would have run them."""
    rng = _rng(person.organisation_id, person.employee_number)
    keen = rng.uniform(0.55, 0.97)  # how often this person answers a refresher
    partly = person.first_name == PARTLY
    first = min(c.completed_on for c in certificates)
    stops_on = first + OPTED_OUT_AFTER if person.first_name == OPTED_OUT else None
    started: set[int] = set()
    right_before: dict[str, int] = defaultdict(int)
    made = 0
    day = first + dt.timedelta(days=spacing.FIRST_INTERVAL_DAYS + person.pk % 4)
    while day <= today:
        if stops_on is not None and day >= stops_on:
            refreshers_stop(staff_member=person, now=_at(stops_on, 19))
            break
        certificate = _live(certificates, day)
        if (
            certificate is None
            or not _still_there(person, day)
            or day > spacing.last_review_day(certificate.expires_on)
        ):
            day += dt.timedelta(weeks=1)
            continue
        if certificate.pk not in started:
            started.add(certificate.pk)
            items = items_for(course_modules(certificate), rotate=person.pk)
            progress_start(certificate, items)
            right_before.clear()  # a new course: a fresh start for its recall
        due = [
            (row.item_id, row.state())
            for row in ItemProgress.objects.filter(certificate=certificate, due_on__lte=day)
        ]
        item_ids = spacing.due_items(due, day, REFRESHER_SIZE)
        if item_ids and refresher_send(
            certificate=certificate, item_ids=item_ids, now=_at(day, 8), notify=False
        ):
            made += 1
            answered_on = day + dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
            if rng.random() < keen and answered_on <= today:
                refresher = Refresher.objects.get(staff_member=person, sent_on=day)
                _answer(
                    refresher,
                    certificate,
                    answered_on,
                    rng,
                    right_before,
                    partly and rng.random() < 0.4,
                )
        day += dt.timedelta(weeks=1)
    return made


def seed_refreshers(provider: Organisation) -> int:
    """Past refreshers and answers for the provider's demo certificate holders, where they
    have none; returns how many refreshers were made."""
    today = timezone.localdate()
    certificates = list(
        Certificate.objects.filter(
            organisation__provider=provider, revoked_at__isnull=True, completed_on__lte=today
        )
        .exclude(staff_member__refreshers__isnull=False)
        .select_related("staff_member", "organisation", "course_design")
        .prefetch_related("course_design__versions")
        .order_by("staff_member_id", "completed_on", "pk")
    )
    by_person: dict[int, list[Certificate]] = defaultdict(list)
    for certificate in certificates:
        by_person[certificate.staff_member_id].append(certificate)
    made = 0
    for held in by_person.values():
        person = held[0].staff_member
        for certificate in held:
            certificate.staff_member = person  # one object per person, as the job has
        made += _replay(person, held, today)
    return made


def seed_lessons(provider: Organisation) -> int:
    """Lesson progress for some of the people booked on the provider's upcoming courses:
    some finished every lesson, some a few, some part way through one, some none yet."""
    today = timezone.localdate()
    upcoming = (
        Engagement.objects.filter(organisation__provider=provider)
        .exclude(status=Engagement.Status.CANCELLED)
        .annotate(first_day=Min("days__date"))
        .filter(first_day__gt=today)
    )
    people = (
        StaffMember.objects.filter(
            enrolments__engagement__in=upcoming, enrolments__status=Enrolment.Status.ENROLLED
        )
        .exclude(lesson_progress__isnull=False)
        .distinct()
        .order_by("pk")
    )
    made = 0
    for person in people:
        rng = _rng("lessons", person.organisation_id, person.employee_number)
        if rng.random() < 0.35:
            continue  # not opened the lessons yet
        done = rng.randint(1, len(LESSONS))
        opened = _at(today - dt.timedelta(days=rng.randint(2, 12)), rng.randint(7, 21))
        for index, lesson in enumerate(LESSONS[:done]):
            started = opened + dt.timedelta(minutes=9 * index)
            lesson_open(staff_member=person, lesson=lesson, now=started)
            made += 1
            if index == done - 1 and rng.random() < 0.25:
                break  # opened, not finished
            answers = {
                q.id: q.options[0] if rng.random() < LESSON_RIGHT else rng.choice(q.options[1:])
                for q in lesson.questions
            }
            finished = started + dt.timedelta(minutes=lesson.minutes + rng.randint(0, 3))
            lesson_answer(staff_member=person, lesson=lesson, answers=answers, now=finished)
    return made


def seed_learning(provider: Organisation) -> dict[str, int]:
    """The learning demo: past refreshers with answers, and pre-course lesson progress."""
    return {"refreshers": seed_refreshers(provider), "lessons": seed_lessons(provider)}
