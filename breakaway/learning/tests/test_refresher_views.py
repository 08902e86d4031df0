"""Refreshers on the attendee's link: the call on their page, answering (errors, feedback,
sending twice), how each answer moves the schedule, their streak and strong and weak topics,
stopping and starting, and a page whose queries do not grow with their history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from breakaway.catalogue.content import load_catalogue
from breakaway.catalogue.models import ModuleVersion
from breakaway.learning.attendee_selectors import standings
from breakaway.learning.bank import ITEMS
from breakaway.learning.models import (
    ItemProgress,
    Refresher,
    RefresherAnswer,
    RefresherPreference,
)
from breakaway.learning.refresher_services import BY_ID, refresher_answer
from breakaway.learning.tests.attendee_fixtures import (
    link_for,
    person_at,
    refreshed,
    right_answers,
    wrong_answers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def person(client_org):
    return person_at(client_org, first_name="Sam")


def _page(token):
    return reverse("attendee:page", args=[token])


def _form(token, refresher):
    return reverse("learning_attendee:refresher", args=[token, refresher.pk])


def _feedback(token, refresher):
    return reverse("learning_attendee:feedback", args=[token, refresher.pk])


def _text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_the_page_offers_the_waiting_refresher(client, person):
    refresher = refreshed(person)
    token = link_for(person)
    text = _text(client.get(_page(token)))
    assert "Your two-minute refresher" in text
    assert "4 questions from your course" in text
    assert _form(token, refresher) in text
    start = client.get(reverse("learning_attendee:refresher_start", args=[token]))
    assert start["Location"] == _form(token, refresher)


def test_the_refresher_asks_each_item_as_a_fieldset_with_a_legend(client, person):
    refresher = refreshed(person)
    text = _text(client.get(_form(link_for(person), refresher)))
    assert text.count("<fieldset") == text.count("<legend") == len(refresher.item_ids)
    for item_id in refresher.item_ids:
        assert BY_ID[item_id].prompt in text


def test_right_answers_move_each_item_later_and_show_feedback_with_why(client, person):
    refresher = refreshed(person)
    token = link_for(person)
    before = {
        p.item_id: p.due_on for p in ItemProgress.objects.filter(item_id__in=refresher.item_ids)
    }
    response = client.post(_form(token, refresher), right_answers(refresher))
    assert response["Location"] == _feedback(token, refresher)
    for progress in ItemProgress.objects.filter(item_id__in=refresher.item_ids):
        assert progress.due_on > before[progress.item_id]
        assert progress.due_on > timezone.localdate()
        assert (progress.streak, progress.reviews, progress.lapses) == (1, 1, 0)
    refresher.refresh_from_db()
    assert refresher.completed_at is not None
    text = _text(client.get(_feedback(token, refresher)))
    assert text.count(">Right<") == len(refresher.item_ids)
    for item_id in refresher.item_ids:
        assert BY_ID[item_id].why in text
    assert "Streak: 1 refresher answered in a row" in text


def test_a_missed_item_comes_back_soon_and_the_feedback_gives_the_answer(client, person):
    refresher = refreshed(person)
    token = link_for(person)
    client.post(_form(token, refresher), wrong_answers(refresher))
    for progress in ItemProgress.objects.filter(item_id__in=refresher.item_ids):
        assert (progress.streak, progress.lapses) == (0, 1)
        assert progress.due_on == timezone.localdate() + dt.timedelta(days=2)
    text = _text(client.get(_feedback(token, refresher)))
    assert text.count(">Not quite<") == len(refresher.item_ids)
    first = BY_ID[refresher.item_ids[0]]
    assert f"The answer: {first.options[0]}" in text
    assert f"You answered: {first.options[1]}" in text


def test_an_unanswered_item_is_named_in_the_error_summary_and_nothing_is_stored(client, person):
    refresher = refreshed(person)
    answers = right_answers(refresher)
    answers.pop(refresher.item_ids[2])
    response = client.post(_form(link_for(person), refresher), answers)
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert "Choose an answer to question 3" in text
    assert not RefresherAnswer.objects.exists()


def test_sending_the_answers_twice_stores_them_once(client, person):
    refresher = refreshed(person)
    token = link_for(person)
    first = client.post(_form(token, refresher), right_answers(refresher))
    second = client.post(_form(token, refresher), wrong_answers(refresher))
    assert first["Location"] == second["Location"] == _feedback(token, refresher)
    assert RefresherAnswer.objects.count() == len(refresher.item_ids)
    assert all(RefresherAnswer.objects.values_list("correct", flat=True))
    assert set(
        ItemProgress.objects.filter(item_id__in=refresher.item_ids).values_list(
            "reviews", flat=True
        )
    ) == {1}


def test_an_answered_refresher_shows_its_feedback_instead_of_the_form(client, person):
    refresher = refreshed(person)
    token = link_for(person)
    refresher_answer(refresher=refresher, answers=right_answers(refresher))
    assert client.get(_form(token, refresher))["Location"] == _feedback(token, refresher)
    start = client.get(reverse("learning_attendee:refresher_start", args=[token]))
    assert start["Location"] == _page(token)


def test_someone_elses_refresher_is_a_404(client, person, client_org):
    other = person_at(client_org)
    theirs = refreshed(other)
    token = link_for(person)
    assert client.get(_form(token, theirs)).status_code == 404
    assert client.post(_form(token, theirs), right_answers(theirs)).status_code == 404
    assert client.get(_feedback(token, theirs)).status_code == 404
    assert client.get(_form("made-up-token", theirs)).status_code == 404
    assert not RefresherAnswer.objects.exists()


def test_before_the_first_refresher_the_page_says_when_it_comes(client, person):
    from breakaway.delivery.tests.certificate_fixtures import make_certificate

    make_certificate(person, completed_on=timezone.localdate())
    text = _text(client.get(_page(link_for(person))))
    expected = timezone.localdate() + dt.timedelta(days=3)
    assert "Your first refresher comes a few days after your course" in text
    assert f"{expected.day} {expected:%B %Y}" in text
    assert "Your two-minute refresher" not in text


def test_stopping_and_starting_refreshers(client, person):
    refreshed(person)
    token = link_for(person)
    assert "Stop refreshers" in _text(client.get(_page(token)))
    stopped = client.post(reverse("learning_attendee:stop", args=[token]))
    assert stopped["Location"] == _page(token) + "#refreshers"
    assert RefresherPreference.objects.get(staff_member=person).opted_out_at is not None
    text = _text(client.get(_page(token)))
    assert "Refreshers stopped" in text
    assert "Start refreshers again" in text
    assert client.get(reverse("learning_attendee:stop", args=[token])).status_code == 405
    client.post(reverse("learning_attendee:restart", args=[token]))
    assert RefresherPreference.objects.get(staff_member=person).opted_out_at is None
    assert "Stop refreshers" in _text(client.get(_page(token)))


def _history(person, weeks: int) -> Refresher:
    """`weeks` answered refreshers a week apart (the last with a miss), then one waiting."""
    first = refreshed(person, days_ago=7 * weeks + 10)
    refresher_answer(refresher=first, answers=right_answers(first))
    items = list(first.item_ids)
    for week in range(1, weeks + 1):
        sent = first.sent_on + dt.timedelta(weeks=week)
        refresher = Refresher.objects.create(
            staff_member=person, certificate=first.certificate, item_ids=items, sent_on=sent
        )
        if week < weeks:
            answers = right_answers(refresher) if week % 2 else wrong_answers(refresher)
            refresher_answer(refresher=refresher, answers=answers)
    return refresher


def test_the_page_shows_the_streak_and_strong_and_weak_topics(client, person):
    load_catalogue()
    waiting = _history(person, 3)  # right, right, wrong; one waiting
    token = link_for(person)
    text = _text(client.get(_page(token)))
    assert "3 refreshers answered in a row" in text  # the waiting one is not missed yet
    weak = {BY_ID[i].module for i in waiting.item_ids}
    titles = dict(
        ModuleVersion.objects.filter(module__code__in=weak, is_current=True).values_list(
            "module__code", "title"
        )
    )
    section = text[text.index("Worth another look") :]
    for code in weak:
        assert titles[code] in section


def test_strong_means_right_twice_running_and_weak_means_the_last_answer_missed():
    law, signals = ITEMS[0], next(i for i in ITEMS if i.module != ITEMS[0].module)
    rows = [(law.id, 2, 2), (signals.id, 0, 3), ("not-an-item", 5, 5)]
    result = {s.code: s for s in standings(rows, {law.module: "The law"})}
    assert (result[law.module].title, result[law.module].strong, result[law.module].weak) == (
        "The law",
        1,
        0,
    )
    assert result[signals.module].weak == 1
    assert result[signals.module].title == signals.module.replace("-", " ").capitalize()


@given(
    st.lists(
        st.tuples(st.sampled_from([i.id for i in ITEMS]), st.integers(0, 6), st.integers(0, 9)),
        max_size=40,
    )
)
def test_each_answered_item_counts_once_at_most(rows):
    result = standings(rows, {})
    assert sum(s.strong + s.weak for s in result) <= len(rows)
    assert sum(s.strong for s in result) == sum(1 for _i, streak, _r in rows if streak >= 2)
    assert all(s.strong or s.weak for s in result)


def test_the_page_takes_the_same_queries_however_long_the_history(client, person):
    load_catalogue()
    _history(person, 1)
    token = link_for(person)
    client.get(_page(token))  # notes the link's use, once a minute
    with CaptureQueriesContext(connection) as short:
        assert client.get(_page(token)).status_code == 200
    later = Refresher.objects.filter(staff_member=person).order_by("-sent_on").first()
    refresher_answer(refresher=later, answers=wrong_answers(later))
    for week in range(1, 6):
        extra = Refresher.objects.create(
            staff_member=person,
            certificate=later.certificate,
            item_ids=list(ItemProgress.objects.values_list("item_id", flat=True)[: 4 + week]),
            sent_on=later.sent_on + dt.timedelta(weeks=week),
        )
        if week < 5:
            refresher_answer(refresher=extra, answers=right_answers(extra))
    with CaptureQueriesContext(connection) as long:
        assert client.get(_page(token)).status_code == 200
    assert len(long) == len(short)
