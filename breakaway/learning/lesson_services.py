"""The attendee's pass through a pre-course lesson: opening it, and answering its retrieval
questions. The first complete set of answers counts; sending the form again changes nothing,
so the score the person saw is the one kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from breakaway.delivery.models import StaffMember
from breakaway.learning.lessons import Lesson
from breakaway.learning.models import LessonProgress


def lesson_open(
    *, staff_member: StaffMember, lesson: Lesson, now: dt.datetime | None = None
) -> LessonProgress:
    """Note that the person opened the lesson; the first opening is the one kept."""
    progress, _made = LessonProgress.objects.get_or_create(
        staff_member=staff_member,
        lesson_id=lesson.id,
        defaults={"started_at": now or timezone.now()},
    )
    return progress


@transaction.atomic
def lesson_answer(
    *,
    staff_member: StaffMember,
    lesson: Lesson,
    answers: Mapping[str, str],
    now: dt.datetime | None = None,
) -> LessonProgress:
    """Store the person's answers (question id → option text) and how many were right. Every
    question needs one of its own options; once stored, later answers change nothing."""
    now = now or timezone.now()
    lesson_open(staff_member=staff_member, lesson=lesson, now=now)
    progress = LessonProgress.objects.select_for_update().get(
        staff_member=staff_member, lesson_id=lesson.id
    )
    if progress.completed_at is not None:
        return progress
    chosen = {q.id: answers.get(q.id) for q in lesson.questions}
    missing = [q.id for q in lesson.questions if chosen[q.id] not in q.options]
    if missing:
        raise ValidationError(
            "Every question needs one of its options: %(missing)s",
            params={"missing": ", ".join(missing)},
        )
    progress.answers = {q.id: chosen[q.id] for q in lesson.questions}
    progress.correct = sum(chosen[q.id] == q.options[0] for q in lesson.questions)
    progress.completed_at = now
    progress.full_clean()
    progress.save(update_fields=["answers", "correct", "completed_at"])
    return progress
