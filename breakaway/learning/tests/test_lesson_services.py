"""Lesson progress: opening a lesson, answering its questions once, and the shuffled order
of each question's options."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from breakaway.learning.attendee_forms import shuffled_options
from breakaway.learning.attendee_selectors import DONE, NOT_STARTED, STARTED, lesson_rows
from breakaway.learning.bank import ITEMS
from breakaway.learning.lesson_services import lesson_answer, lesson_open
from breakaway.learning.lessons import LESSONS
from breakaway.learning.models import LessonProgress
from breakaway.learning.tests.attendee_fixtures import person_at

LAW = LESSONS[0]
QUESTIONS = [q for lesson in LESSONS for q in lesson.questions]


def _answers(*, right: int) -> dict[str, str]:
    """The law lesson's answers, the first `right` of them right."""
    return {
        q.id: q.options[0] if index < right else q.options[2]
        for index, q in enumerate(LAW.questions)
    }


@pytest.mark.django_db
def test_opening_a_lesson_twice_keeps_the_first_opening(client_org):
    person = person_at(client_org)
    first = timezone.now() - dt.timedelta(hours=2)
    lesson_open(staff_member=person, lesson=LAW, now=first)
    lesson_open(staff_member=person, lesson=LAW)
    progress = LessonProgress.objects.get()
    assert progress.started_at == first
    assert progress.completed_at is None


@pytest.mark.django_db
def test_answers_are_stored_with_how_many_were_right(client_org):
    person = person_at(client_org)
    progress = lesson_answer(staff_member=person, lesson=LAW, answers=_answers(right=2))
    progress.refresh_from_db()
    assert progress.correct == 2
    assert progress.completed_at is not None
    assert progress.answers == _answers(right=2)


@pytest.mark.django_db
def test_the_first_answers_count_and_sending_again_changes_nothing(client_org):
    person = person_at(client_org)
    first = lesson_answer(staff_member=person, lesson=LAW, answers=_answers(right=1))
    again = lesson_answer(staff_member=person, lesson=LAW, answers=_answers(right=3))
    assert again.pk == first.pk
    stored = LessonProgress.objects.get()
    assert stored.correct == 1
    assert stored.completed_at == first.completed_at
    assert stored.answers == _answers(right=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda a: a.pop("lesson-law-2"),
        lambda a: a.update({"lesson-law-2": "Something made up"}),
    ],
    ids=["missing", "not-an-option"],
)
def test_every_question_needs_one_of_its_own_options(client_org, change):
    person = person_at(client_org)
    answers = _answers(right=3)
    change(answers)
    with pytest.raises(ValidationError):
        lesson_answer(staff_member=person, lesson=LAW, answers=answers)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


@pytest.mark.django_db
def test_each_lesson_shows_not_started_started_or_done_with_its_score(client_org):
    person = person_at(client_org)
    lesson_open(staff_member=person, lesson=LESSONS[1])
    lesson_answer(staff_member=person, lesson=LAW, answers=_answers(right=2))
    rows = {row.lesson.id: row for row in lesson_rows(staff_member=person)}
    assert [row.lesson.id for row in lesson_rows(staff_member=person)] == [
        lesson.id for lesson in LESSONS
    ]
    assert (rows["the-law"].state, rows["the-law"].correct, rows["the-law"].questions) == (
        DONE,
        2,
        3,
    )
    assert rows["duty-of-care"].state == STARTED
    assert rows["escalation"].state == NOT_STARTED


@given(st.sampled_from([*QUESTIONS, *ITEMS]), st.integers(min_value=1, max_value=10**9))
def test_options_are_shuffled_the_same_way_each_time_and_none_is_lost(item, seed):
    order = shuffled_options(item, seed)
    assert sorted(order) == sorted(item.options)
    assert shuffled_options(item, seed) == order


def test_the_right_answer_is_not_always_first():
    firsts = [shuffled_options(item, 7)[0] == item.options[0] for item in ITEMS]
    assert 0 < sum(firsts) < len(firsts) / 2
