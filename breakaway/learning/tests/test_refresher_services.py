"""The refresher job and answering (refresher_services): at most one message a person a week;
nothing to people who left, stopped refreshers, or whose certificate was revoked or has run
out; people without an e-mail address counted, not sent; idempotent when run twice or at
once; answers counted once and moving each item's schedule by the spacing rules; the first
reviews staggered a week per refresher."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from breakaway.delivery.models import Certificate, StaffMember
from breakaway.delivery.services import staff_member_archive
from breakaway.delivery.tests.certificate_fixtures import make_certificate
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.learning import spacing
from breakaway.learning.bank import ITEMS
from breakaway.learning.models import ItemProgress, Refresher, RefresherAnswer
from breakaway.learning.refresher_services import (
    BY_ID,
    ITEMS_PER_PERSON,
    MIN_DAYS_BETWEEN,
    REFRESHER_SIZE,
    items_for,
    progress_start,
    refresher_answer,
    refresher_open,
    refreshers_on,
    refreshers_restart,
    refreshers_send,
    refreshers_stop,
)

COURSE_DAY = dt.date(2026, 1, 5)
SUBJECT = "Your two-minute refresher"
MODULES = sorted({item.module for item in ITEMS})


def _at(day: dt.date, hour: int = 7) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _day(n: int) -> dt.date:
    return COURSE_DAY + dt.timedelta(days=n)


def _holder(organisation, **person) -> tuple[StaffMember, Certificate]:
    member = StaffMemberFactory(organisation=organisation, **person)
    return member, make_certificate(member, completed_on=COURSE_DAY)


def _send(day: dt.date, capture) -> dict[str, int]:
    with capture(execute=True):
        return refreshers_send(_at(day))


def _refresher_mail() -> list:
    return [m for m in mail.outbox if m.subject.startswith(SUBJECT)]


# Who gets one, and how often ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_first_refresher_comes_a_few_days_after_the_course_then_at_most_weekly(
    client_org, django_capture_on_commit_callbacks
):
    person, certificate = _holder(client_org)
    capture = django_capture_on_commit_callbacks
    assert _send(_day(1), capture) == {"started": 1, "sent": 0, "no_email": 0}
    assert ItemProgress.objects.filter(certificate=certificate).count() == ITEMS_PER_PERSON
    assert _send(_day(3), capture)["sent"] == 1
    first = Refresher.objects.get()
    assert len(first.item_ids) == REFRESHER_SIZE
    assert first.emailed
    # Unanswered, its items stay due, yet nothing more for six days.
    for offset in range(4, 3 + MIN_DAYS_BETWEEN):
        assert _send(_day(offset), capture)["sent"] == 0
    assert _send(_day(3 + MIN_DAYS_BETWEEN), capture)["sent"] == 1
    assert Refresher.objects.count() == 2
    sent = _refresher_mail()
    assert [m.to for m in sent] == [[person.email], [person.email]]
    assert "4 questions" in sent[0].subject
    # Each message brings a fresh personal link.
    links = [re.search(r"https?://\S+/a/\S+/", m.body) for m in sent]
    assert all(links)
    assert links[0].group() != links[1].group()  # type: ignore[union-attr]


@pytest.mark.django_db
def test_nobody_who_left_stopped_or_lost_their_certificate_gets_one(
    client_org, django_capture_on_commit_callbacks
):
    kept, _ = _holder(client_org)
    archived, _ = _holder(client_org)
    _leaving, _ = _holder(client_org, leaving_date=_day(2))
    stopped, _ = _holder(client_org)
    revoked = StaffMemberFactory(organisation=client_org)
    make_certificate(revoked, completed_on=COURSE_DAY, revoked=True)
    expired = StaffMemberFactory(organisation=client_org)
    make_certificate(expired, completed_on=COURSE_DAY, expires_on=_day(3))
    staff_member_archive(member=archived, archived_by=None)
    refreshers_stop(staff_member=stopped, now=_at(_day(1)))
    assert not refreshers_on(stopped)

    counts = _send(_day(3), django_capture_on_commit_callbacks)

    assert counts["sent"] == 1
    assert list(Refresher.objects.values_list("staff_member", flat=True)) == [kept.pk]
    assert [m.to for m in _refresher_mail()] == [[kept.email]]
    # Nor are schedules started for them.
    assert set(ItemProgress.objects.values_list("staff_member", flat=True)) == {kept.pk}

    refreshers_restart(staff_member=stopped, now=_at(_day(9)))
    assert refreshers_on(stopped)
    assert _send(_day(10), django_capture_on_commit_callbacks)["sent"] == 2  # kept, stopped
    assert Refresher.objects.filter(staff_member=stopped).count() == 1


@pytest.mark.django_db
def test_someone_without_an_e_mail_address_is_counted_not_sent(
    client_org, django_capture_on_commit_callbacks
):
    person, _ = _holder(client_org, email="")
    counts = _send(_day(3), django_capture_on_commit_callbacks)
    assert counts == {"started": 1, "sent": 0, "no_email": 1}
    assert not Refresher.objects.filter(staff_member=person).exists()
    assert not _refresher_mail()


@pytest.mark.django_db
def test_none_is_sent_after_the_last_useful_day_before_expiry(
    client_org, django_capture_on_commit_callbacks
):
    person = StaffMemberFactory(organisation=client_org)
    certificate = make_certificate(person, completed_on=COURSE_DAY, expires_on=_day(60))
    last = spacing.last_review_day(certificate.expires_on)
    capture = django_capture_on_commit_callbacks
    day = _day(3)
    while day < certificate.expires_on:
        _send(day, capture)  # nobody answers: the items stay due
        day += dt.timedelta(days=1)
    sent_on = list(Refresher.objects.order_by("sent_on").values_list("sent_on", flat=True))
    assert sent_on
    assert max(sent_on) <= last
    assert ItemProgress.objects.filter(certificate=certificate, due_on__lte=last).exists()


@pytest.mark.django_db
def test_a_new_certificate_takes_over_from_the_old_one(
    client_org, django_capture_on_commit_callbacks
):
    person, old = _holder(client_org)
    _send(_day(3), django_capture_on_commit_callbacks)
    new = make_certificate(person, completed_on=_day(20))
    _send(_day(21), django_capture_on_commit_callbacks)
    _send(_day(24), django_capture_on_commit_callbacks)
    assert ItemProgress.objects.filter(certificate=new).count() == ITEMS_PER_PERSON
    latest = Refresher.objects.order_by("-sent_on").first()
    assert latest.certificate == new
    assert Refresher.objects.filter(certificate=old).count() == 1


# Idempotent -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_running_the_job_twice_sends_nothing_more(client_org, django_capture_on_commit_callbacks):
    _holder(client_org)
    _holder(client_org)
    assert _send(_day(3), django_capture_on_commit_callbacks)["sent"] == 2
    assert _send(_day(3), django_capture_on_commit_callbacks) == {
        "started": 0,
        "sent": 0,
        "no_email": 0,
    }
    assert Refresher.objects.count() == len(_refresher_mail()) == 2


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_send_one_refresher(client_org):
    for _ in range(3):
        _holder(client_org)
    barrier = threading.Barrier(3)
    results: list[dict[str, int]] = []

    def tick() -> None:
        try:
            barrier.wait()
            results.append(refreshers_send(_at(_day(3))))
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3
    assert sum(r["sent"] for r in results) == 3  # one each for the three people
    assert Refresher.objects.count() == 3
    assert Counter(m.to[0] for m in _refresher_mail()) == Counter(
        StaffMember.objects.values_list("email", flat=True)
    )


# Answers ------------------------------------------------------------------------------------


@pytest.fixture
def sent(client_org, django_capture_on_commit_callbacks) -> Refresher:
    _holder(client_org)
    _send(_day(3), django_capture_on_commit_callbacks)
    return Refresher.objects.select_related("certificate").get()


def _right(item_id: str) -> str:
    return BY_ID[item_id].options[0]


def _wrong(item_id: str) -> str:
    return BY_ID[item_id].options[1]


@pytest.mark.django_db
def test_answers_count_once_and_move_each_schedule_by_the_spacing_rules(sent):
    first, second, *rest = sent.item_ids
    before = {p.item_id: p.state() for p in ItemProgress.objects.filter(item_id__in=sent.item_ids)}
    answered_on = _day(4)
    made = refresher_answer(
        refresher=sent,
        answers={first: _right(first), second: _wrong(second), "not-in-it": "x"},
        now=_at(answered_on, 19),
    )
    assert [(a.item_id, a.correct, a.days_since_course) for a in made] == [
        (first, True, 4),
        (second, False, 4),
    ]
    assert sent.completed_at is None  # two still to answer
    assert refresher_open(staff_member=sent.staff_member) == sent
    expires_on = sent.certificate.expires_on
    for item_id, correct in ((first, True), (second, False)):
        progress = ItemProgress.objects.get(certificate=sent.certificate, item_id=item_id)
        expected = spacing.after_answer(
            before[item_id], answered_on=answered_on, correct=correct, expires_on=expires_on
        )
        assert progress.state() == expected
        assert progress.last_answered_on == answered_on
    right = ItemProgress.objects.get(item_id=first)
    missed = ItemProgress.objects.get(item_id=second)
    assert right.interval_days > before[first].interval_days
    assert missed.due_on == answered_on + dt.timedelta(days=spacing.MISS_INTERVAL_DAYS)

    # Again, changed and all at once: the first answers stand; the rest are recorded.
    again = refresher_answer(
        refresher=sent,
        answers={item_id: _wrong(item_id) for item_id in sent.item_ids},
        now=_at(_day(5)),
    )
    assert sorted(a.item_id for a in again) == sorted(rest)
    assert RefresherAnswer.objects.get(item_id=first).correct
    assert ItemProgress.objects.get(item_id=first).state() == right.state()
    assert sent.completed_at is not None
    assert refresher_open(staff_member=sent.staff_member) is None
    assert refresher_answer(refresher=sent, answers={first: _right(first)}) == []
    assert RefresherAnswer.objects.count() == len(sent.item_ids)


@pytest.mark.django_db
def test_an_answer_that_is_not_one_of_the_options_is_ignored(sent):
    item_id = sent.item_ids[0]
    assert refresher_answer(refresher=sent, answers={item_id: "Something else"}) == []
    assert not RefresherAnswer.objects.exists()


@pytest.mark.django_db
def test_intervals_grow_while_an_item_keeps_being_answered_right(
    client_org, django_capture_on_commit_callbacks
):
    person, _certificate = _holder(client_org)
    day = _day(3)
    intervals: dict[str, list[int]] = {}
    while day < _day(200):
        _send(day, django_capture_on_commit_callbacks)
        refresher = refresher_open(staff_member=person)
        if refresher is not None:
            refresher_answer(
                refresher=refresher,
                answers={i: _right(i) for i in refresher.item_ids},
                now=_at(day, 19),
            )
            for progress in ItemProgress.objects.filter(item_id__in=refresher.item_ids):
                intervals.setdefault(progress.item_id, []).append(progress.interval_days)
        day += dt.timedelta(days=1)
    assert intervals
    for item_id, seen in intervals.items():
        assert seen == sorted(seen), item_id
        assert len(set(seen)) == len(seen), item_id  # strictly growing
    assert max(len(seen) for seen in intervals.values()) >= 4


@pytest.mark.django_db(transaction=True)
def test_answering_from_two_tabs_at_once_counts_once(client_org):
    _person, _certificate = _holder(client_org)
    refreshers_send(_at(_day(3)))
    refresher = Refresher.objects.get()
    answers = {i: _right(i) for i in refresher.item_ids}
    barrier = threading.Barrier(2)
    made: list[int] = []

    def answer() -> None:
        try:
            barrier.wait()
            mine = Refresher.objects.select_related("certificate").get(pk=refresher.pk)
            made.append(len(refresher_answer(refresher=mine, answers=answers, now=_at(_day(3)))))
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(made) == [0, len(refresher.item_ids)]
    assert RefresherAnswer.objects.count() == len(refresher.item_ids)
    assert ItemProgress.objects.filter(reviews=1).count() == len(refresher.item_ids)


# Staggering and choosing items --------------------------------------------------------------


@pytest.mark.django_db
def test_first_reviews_are_staggered_a_week_per_refresher(client_org):
    person, certificate = _holder(client_org)
    items = items_for(set(), rotate=person.pk)
    assert progress_start(certificate, items) == len(items)
    assert progress_start(certificate, items) == len(items)  # again: nothing new
    due = dict(
        ItemProgress.objects.filter(certificate=certificate).values_list("item_id", "due_on")
    )
    assert len(due) == len(items)
    for index, item in enumerate(items):
        week = index // REFRESHER_SIZE
        assert due[item.id] == COURSE_DAY + dt.timedelta(
            weeks=week, days=spacing.FIRST_INTERVAL_DAYS
        )
    per_day = Counter(due.values())
    assert set(per_day.values()) == {REFRESHER_SIZE}


@given(
    modules=st.sets(st.sampled_from([*MODULES, "not-a-module"]), max_size=8),
    rotate=st.integers(0, 10_000),
)
def test_items_mix_the_course_modules_in_turn(modules, rotate):
    chosen = items_for(modules, rotate=rotate)
    ids = [item.id for item in chosen]
    assert len(ids) == len(set(ids)) <= ITEMS_PER_PERSON
    matching = [item for item in ITEMS if item.module in modules]
    pool = matching or list(ITEMS)
    assert {item.module for item in chosen} <= {item.module for item in pool}
    assert len(chosen) == min(ITEMS_PER_PERSON, len(pool))
    # In turn: the first round takes one item from each module before any module repeats.
    first_round = len({item.module for item in pool})
    head = [item.module for item in chosen[: min(first_round, len(chosen))]]
    assert len(head) == len(set(head))
