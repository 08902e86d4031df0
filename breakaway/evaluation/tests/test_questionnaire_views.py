import datetime as dt

import pytest
from django.urls import reverse

from breakaway.delivery.tests.day_fixtures import make_link
from breakaway.evaluation.instruments import parse_instrument
from breakaway.evaluation.models import Response
from breakaway.evaluation.questionnaire_selectors import instrument_pages
from breakaway.evaluation.tests.questionnaire_fixtures import (
    attendee,
    course_on,
    phase,
    today,
    version,
)

pytestmark = pytest.mark.django_db


def _page_url(questionnaire, part, page):
    return reverse("evaluation:question_page", args=[questionnaire.pk, part.pk, page])


def _answer_everything(client, questionnaire, part):
    """Answer each page: every scale item 5 (or skip one), choices the first option."""
    instrument = parse_instrument(part.definition)
    for number, items in enumerate(instrument_pages(instrument), start=1):
        data = {}
        for item in items:
            if item.type == "scale":
                data[item.id] = "skip" if item.id == "exits" else "5"
            elif item.type == "choice":
                data[item.id] = item.options[0]
        response = client.post(_page_url(questionnaire, part, number), data)
        assert response.status_code == 302, response.content.decode()[:500]
    return instrument


def test_the_attendee_page_lists_open_questionnaires(client, client_org):
    course = course_on(client_org, today())
    _link, token = make_link(course.enrolments[0])
    page = client.get(reverse("attendee:page", args=[token]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Questionnaires" in text
    assert "Confidence in managing aggression at work" in text
    assert "Not started" in text


def test_an_attendee_answers_page_by_page_checks_and_sends_once(client, client_org):
    course = course_on(client_org, today())
    attendee(client, course)
    pre = phase(course, "pre")
    part = version(pre, "breakaway-confidence")
    first = client.get(_page_url(pre, part, 1))
    assert first.status_code == 200
    assert "<fieldset" in first.content.decode()
    assert "<legend" in first.content.decode()
    instrument = _answer_everything(client, pre, part)
    saved = Response.objects.get(enrolment=course.enrolments[0], instrument_version=part)
    assert saved.answers["spot-signs"] == 5
    assert saved.answers["exits"] is None
    assert saved.submitted_at is None
    check = client.get(reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk]))
    assert check.status_code == 200
    assert instrument.items[0].text in check.content.decode()
    send = reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk])
    assert client.post(send).status_code == 302
    assert client.post(send).status_code == 302  # a double tap
    saved.refresh_from_db()
    assert saved.submitted_at is not None
    assert Response.objects.filter(enrolment=course.enrolments[0]).count() == 1
    done = client.get(reverse("evaluation:questionnaire_done", args=[pre.pk, part.pk]))
    assert "Your answers are sent" in done.content.decode()
    # The next part is offered, and answering again after sending changes nothing.
    assert str(version(pre, "breakaway-knowledge").pk) in done.content.decode()
    assert client.post(_page_url(pre, part, 1), {"spot-signs": "1"}).status_code == 302
    saved.refresh_from_db()
    assert saved.answers["spot-signs"] == 5


def test_a_scale_question_left_blank_shows_the_error_summary(client, client_org):
    course = course_on(client_org, today())
    attendee(client, course)
    pre = phase(course, "pre")
    part = version(pre, "breakaway-confidence")
    response = client.post(_page_url(pre, part, 1), {})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "or I would rather not answer" in text
    assert not Response.objects.exists()


def test_the_check_page_sends_people_back_to_a_page_not_yet_answered(client, client_org):
    course = course_on(client_org, today())
    attendee(client, course)
    pre = phase(course, "pre")
    part = version(pre, "breakaway-confidence")
    response = client.get(reverse("evaluation:questionnaire_check", args=[pre.pk, part.pk]))
    assert response["Location"] == _page_url(pre, part, 1)


def test_a_questionnaire_not_open_gets_a_clear_page(client, client_org):
    course = course_on(client_org, today() + dt.timedelta(days=3))
    attendee(client, course)
    post = phase(course, "post")
    part = version(post, "breakaway-reaction")
    response = client.get(_page_url(post, part, 1))
    assert response.status_code == 403
    assert "It opens on" in response.content.decode()


def test_someone_not_on_the_course_gets_not_found(client, client_org):
    course = course_on(client_org, today())
    other = course_on(client_org, today())
    attendee(client, other)
    pre = phase(course, "pre")
    response = client.get(_page_url(pre, version(pre, "breakaway-confidence"), 1))
    assert response.status_code == 404
    assert "not one of yours" in response.content.decode()


def test_without_an_opened_link_the_page_says_to_open_it(client, client_org):
    course = course_on(client_org, today())
    pre = phase(course, "pre")
    response = client.get(_page_url(pre, version(pre, "breakaway-confidence"), 1))
    assert response.status_code == 403
    assert "Open your personal link first" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_staff_see_the_engagement_s_questionnaires(client, client_org, trainer):
    course = course_on(client_org, today(), trainer_user=trainer)
    client.force_login(trainer)
    url = reverse("evaluation:engagement_questionnaires", args=[course.engagement.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Follow-up" in response.content.decode()
