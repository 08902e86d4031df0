"""The provider's most forgotten questions, and the group's lesson progress on a roster."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from breakaway.delivery.models import Enrolment
from breakaway.delivery.tests.certificate_fixtures import make_engagement
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.learning.lessons import LESSONS
from breakaway.learning.models import LessonProgress
from breakaway.learning.selectors import ITEMS_BY_ID, MIN_ANSWERS
from breakaway.learning.tests.staff_builders import give_answers, person_with_certificate

pytestmark = pytest.mark.django_db
ITEMS_URL = "/learning/items/"
FIRST, SECOND = list(ITEMS_BY_ID)[:2]


def test_the_provider_sees_the_most_missed_question_first_with_its_right_answer(
    client, trainer, client_org, other_client
):
    a, cert_a = person_with_certificate(client_org)
    give_answers(a, cert_a, [(5, True)] * (MIN_ANSWERS - 2) + [(5, False)] * 2, item_ids=[FIRST])
    b, cert_b = person_with_certificate(other_client)
    give_answers(b, cert_b, [(5, False)] * MIN_ANSWERS, item_ids=[SECOND])
    client.force_login(trainer)

    response = client.get(ITEMS_URL)

    html = response.content.decode()
    assert response.status_code == 200
    ranked = [row.item_id for row in response.context["report"].ranked]
    assert ranked == [SECOND, FIRST]
    second = ITEMS_BY_ID[SECOND]
    assert escape(second.prompt) in html
    assert escape(second.options[0]) in html
    assert html.index("100%") < html.index("20%")
    assert "Pre-course lessons" in html
    # A trainer reads the questions but does not manage videos.
    assert reverse("learning:video_list") not in html


def test_choosing_a_client_shows_only_its_answers(client, advisor, client_org, other_client):
    a, cert_a = person_with_certificate(client_org)
    give_answers(a, cert_a, [(5, False)] * MIN_ANSWERS, item_ids=[FIRST])
    b, cert_b = person_with_certificate(other_client)
    give_answers(b, cert_b, [(5, False)] * MIN_ANSWERS, item_ids=[SECOND])
    client.force_login(advisor)

    response = client.get(ITEMS_URL, {"client": other_client.slug})

    assert [r.item_id for r in response.context["report"].ranked] == [SECOND]
    assert b"Show all clients" in response.content


def test_a_client_the_provider_does_not_train_cannot_be_chosen(client, advisor, client_org):
    from breakaway.accounts.tests.factories import ClientFactory, ProviderFactory

    elsewhere = ClientFactory(provider=ProviderFactory())
    a, cert_a = person_with_certificate(client_org)
    give_answers(a, cert_a, [(5, False)] * MIN_ANSWERS, item_ids=[FIRST])
    client.force_login(advisor)

    response = client.get(ITEMS_URL, {"client": elsewhere.slug})

    assert response.status_code == 200
    assert response.context["organisation"] is None
    assert b"There is a problem" in response.content
    assert [r.item_id for r in response.context["report"].ranked] == [FIRST]


def test_with_no_answers_the_page_says_what_will_show(client, designer):
    client.force_login(designer)
    response = client.get(ITEMS_URL)
    assert b"No refresher answers yet" in response.content
    assert reverse("learning:video_list").encode() in response.content


def test_client_staff_may_not_see_the_providers_questions(client, client_admin):
    client.force_login(client_admin)
    assert client.get(ITEMS_URL).status_code == 403


def test_provider_staff_have_learning_in_their_navigation(client, trainer, client_admin):
    client.force_login(trainer)
    assert b'href="/learning/items/"' in client.get("/app/").content
    client.force_login(client_admin)
    assert b'href="/learning/items/"' not in client.get("/app/").content


def test_the_page_takes_the_same_queries_however_many_answers(
    client, provider_admin, client_org, django_assert_num_queries
):
    client.force_login(provider_admin)
    a, cert_a = person_with_certificate(client_org)
    give_answers(a, cert_a, [(5, True)])
    client.get(ITEMS_URL)
    with CaptureQueriesContext(connection) as few:
        client.get(ITEMS_URL)
    for _ in range(5):
        person, cert = person_with_certificate(client_org)
        give_answers(person, cert, [(d, d % 4 == 0) for d in range(30)])
        LessonProgress.objects.create(staff_member=person, lesson_id=LESSONS[0].id, correct=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(ITEMS_URL)
    assert response.context["report"].answered == 151


# The roster: the group's pre-course lessons -------------------------------------------------


@pytest.fixture
def course(client_org, trainer):
    engagement = make_engagement(
        client_org, days=[timezone.localdate() + dt.timedelta(days=10)], trainer_user=trainer
    )
    people = StaffMemberFactory.create_batch(3, organisation=client_org)
    for person in people:
        Enrolment.objects.create(engagement=engagement, staff_member=person)
    questions = len(LESSONS[0].questions)
    for person in people[:2]:
        LessonProgress.objects.create(
            staff_member=person,
            lesson_id=LESSONS[0].id,
            answers={"secret-choice": "An answer nobody else should read"},
            correct=questions,
            completed_at=timezone.now(),
        )
    return engagement


def roster_url(engagement):
    return reverse("delivery:roster", args=[engagement.pk])


def test_the_trainer_sees_how_far_the_group_got_but_no_ones_answers(client, trainer, course):
    client.force_login(trainer)
    response = client.get(roster_url(course))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pre-course lessons" in html
    section = html[html.index('id="pre-course-lessons"') :]
    section = section[: section.index("</section>")]
    assert escape(LESSONS[0].title) in section
    assert "2 of 3" in section
    assert "0 of 3" in section
    assert "100%" in section
    assert "An answer nobody else should read" not in html


def test_the_clients_staff_do_not_see_lesson_progress_on_the_roster(client, client_manager, course):
    client.force_login(client_manager)
    response = client.get(roster_url(course))
    assert response.status_code == 200
    assert b"Pre-course lessons" not in response.content


def test_the_roster_takes_the_same_queries_however_many_lessons_were_done(
    client, advisor, course, client_org, django_assert_num_queries
):
    client.force_login(advisor)
    client.get(roster_url(course))
    with CaptureQueriesContext(connection) as few:
        client.get(roster_url(course))
    for person in StaffMemberFactory.create_batch(8, organisation=client_org):
        Enrolment.objects.create(engagement=course, staff_member=person)
        for lesson in LESSONS:
            LessonProgress.objects.create(staff_member=person, lesson_id=lesson.id, correct=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(roster_url(course))
    assert response.status_code == 200
