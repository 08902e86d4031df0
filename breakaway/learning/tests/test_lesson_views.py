"""The lesson pages on the attendee's link: the list on their page, a lesson with its diagram
and questions, answering (errors, results, sending again), and the 404s."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from breakaway.delivery.roster_services import roster_add
from breakaway.delivery.tests.roster_fixtures import make_engagement
from breakaway.learning.attendee_forms import shuffled_options
from breakaway.learning.lessons import LESSONS
from breakaway.learning.models import LessonProgress
from breakaway.learning.tests.attendee_fixtures import link_for, person_at

pytestmark = pytest.mark.django_db

LAW = LESSONS[0]


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def person(client_org):
    return person_at(client_org, first_name="Jane")


def _lesson(token, lesson=LAW):
    return reverse("learning_attendee:lesson", args=[token, lesson.id])


def _right(lesson=LAW):
    return {q.id: q.options[0] for q in lesson.questions}


def test_the_attendee_page_lists_the_lessons_while_the_person_has_a_course_place(client, person):
    roster_add(engagement=make_engagement(person.organisation), people=[person], added_by=None)
    token = link_for(person)
    client.post(_lesson(token), _right())
    text = client.get(reverse("attendee:page", args=[token])).content.decode()
    assert "Before your course: short lessons" in text
    for lesson in LESSONS:
        assert _lesson(token, lesson) in text
    section = text[text.index('id="lessons-heading"') :].split("</section>")[0]
    assert "3 of 3 questions right" in section
    assert section.count(">Done<") == 1
    assert section.count(">Not started<") == len(LESSONS) - 1


def test_no_lessons_on_the_page_without_a_course_place(client, person):
    text = client.get(reverse("attendee:page", args=[link_for(person)])).content.decode()
    assert "short lessons" not in text


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_a_lesson_shows_its_words_its_own_diagram_and_its_questions(client, person, lesson):
    token = link_for(person)
    response = client.get(_lesson(token, lesson))
    assert response.status_code == 200
    text = response.content.decode()
    assert lesson.paragraphs[0] in text.replace("&#x27;", "'")
    svg = re.search(r"<svg class=\"diagram__svg\".*?</svg>", text, re.DOTALL)
    assert svg is not None
    assert 'role="img"' in svg.group()
    assert "<title id=" in svg.group()
    assert "<desc id=" in svg.group()
    assert text.count("<fieldset") == len(lesson.questions)
    assert text.count("<legend") == len(lesson.questions)
    progress = LessonProgress.objects.get(staff_member=person, lesson_id=lesson.id)
    assert progress.completed_at is None


def test_options_appear_in_the_persons_shuffled_order(client, person):
    text = client.get(_lesson(link_for(person))).content.decode()
    for question in LAW.questions:
        order = shuffled_options(question, person.pk)
        positions = [text.index(f'value="{option}"') for option in order]
        assert positions == sorted(positions)


def test_an_unanswered_question_is_named_in_the_error_summary_and_nothing_is_kept(client, person):
    answers = _right()
    answers.pop(LAW.questions[1].id)
    response = client.post(_lesson(link_for(person)), answers)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Choose an answer to question 2" in text
    assert f'href="#id_{LAW.questions[1].id}_0"' in text
    assert LessonProgress.objects.get().completed_at is None


def test_answers_show_right_or_wrong_with_why_and_sending_again_keeps_the_first(client, person):
    token = link_for(person)
    answers = _right()
    wrong = LAW.questions[0]
    answers[wrong.id] = wrong.options[3]
    response = client.post(_lesson(token), answers)
    assert response["Location"] == _lesson(token) + "#results"
    again = client.post(_lesson(token), _right())
    assert again["Location"] == _lesson(token) + "#results"
    progress = LessonProgress.objects.get()
    assert progress.correct == len(LAW.questions) - 1
    assert progress.answers[wrong.id] == wrong.options[3]
    text = client.get(_lesson(token)).content.decode().replace("&#x27;", "'")
    assert "You got 2 of 3 questions right." in text
    assert "<fieldset" not in text
    assert text.count(">Right<") == 2
    assert text.count(">Not quite<") == 1
    for question in LAW.questions:
        assert question.why in text
    assert f"The answer: {wrong.options[0]}" in text


def test_an_unknown_lesson_or_token_is_a_404(client, person):
    token = link_for(person)
    assert client.get(reverse("learning_attendee:lesson", args=[token, "nope"])).status_code == 404
    made_up = reverse("learning_attendee:lesson", args=["made-up-token", LAW.id])
    assert client.get(made_up).status_code == 404
    assert client.post(made_up, _right()).status_code == 404
    assert not LessonProgress.objects.exists()
