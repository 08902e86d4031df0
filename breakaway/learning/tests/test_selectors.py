"""The staff pages' reads, over real rows: retention by team, the items most forgotten, lesson
progress, and the provider's videos; each a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.utils import timezone

from breakaway.accounts.tests.factories import ClientFactory, ProviderFactory, UserFactory
from breakaway.assessments.outcomes import OUTCOMES_BY_ID
from breakaway.delivery.models import Enrolment
from breakaway.delivery.tests.certificate_fixtures import make_engagement
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.learning import refresher_services, retention
from breakaway.learning.lessons import LESSONS
from breakaway.learning.models import LessonProgress, LessonVideo
from breakaway.learning.selectors import (
    ITEMS_BY_ID,
    MIN_ANSWERS,
    MODULE_TITLES,
    items_most_forgotten_for_user,
    lesson_progress_for_engagement,
    lesson_progress_for_user,
    lesson_video_get_for_user,
    lesson_video_list,
    retention_for_organisation,
    video_provider_for_user,
)
from breakaway.learning.tests.staff_builders import give_answers, person_with_certificate

pytestmark = pytest.mark.django_db


def _months(curve):
    return [(m.month, m.answered, m.correct, m.people) for m in curve.months]


# Retention by team ----------------------------------------------------------------------------


def test_retention_counts_each_team_by_month_since_the_course(client_org):
    ward, cert = person_with_certificate(client_org, team="Ward A")
    give_answers(ward, cert, [(0, True), (29, False), (30, True), (45, True)])
    other, cert2 = person_with_certificate(client_org, team="Ward A")
    give_answers(other, cert2, [(10, True)])
    estates, cert3 = person_with_certificate(client_org, team="Estates")
    give_answers(estates, cert3, [(65, False)])

    data = retention_for_organisation(organisation=client_org)

    # Days 0–29 are month 1, 30–59 month 2: the boundary falls where retention.py puts it.
    assert _months(data.overall) == [(1, 3, 2, 2), (2, 2, 2, 1), (3, 1, 0, 1)]
    assert (data.overall.answered, data.overall.people) == (6, 3)
    assert [t.label for t in data.teams] == ["Estates", "Ward A"]
    ward_a = data.teams[1]
    assert _months(ward_a) == [(1, 3, 2, 2), (2, 2, 2, 1)]
    assert (ward_a.answered, ward_a.people) == (5, 2)


def test_people_without_a_team_are_grouped_and_listed_last(client_org):
    for team in ("", "  ", "Zeta ward"):
        person, cert = person_with_certificate(client_org, team=team)
        give_answers(person, cert, [(5, True)])

    data = retention_for_organisation(organisation=client_org)

    assert [t.label for t in data.teams] == ["Zeta ward", "No team recorded"]
    assert data.teams[-1].people == 2


def test_retention_agrees_with_the_pure_curve(client_org):
    rows = [(d, d % 3 != 0) for d in range(0, 200, 7)]
    person, cert = person_with_certificate(client_org)
    give_answers(person, cert, rows)

    data = retention_for_organisation(organisation=client_org)

    expected = retention.retention_curve(rows)
    assert [(m.period, m.answered, m.correct) for m in data.overall.months] == [
        (p.period, p.answered, p.correct) for p in expected
    ]


def test_a_month_with_few_answers_is_marked_too_few(client_org):
    person, cert = person_with_certificate(client_org)
    give_answers(person, cert, [(1, True)] * (MIN_ANSWERS - 1) + [(40, True)] * MIN_ANSWERS)

    months = retention_for_organisation(organisation=client_org).overall.months

    assert [(m.month, m.too_few) for m in months] == [(1, True), (2, False)]


def test_retention_shows_only_the_organisations_own_staff(client_org, other_client):
    person, cert = person_with_certificate(other_client)
    give_answers(person, cert, [(3, True)])

    data = retention_for_organisation(organisation=client_org)

    assert data.is_empty
    assert data.teams == ()


def test_retention_takes_two_queries_however_many_answers(client_org, django_assert_num_queries):
    for team in ("Ward A", "Ward B", ""):
        for _ in range(3):
            person, cert = person_with_certificate(client_org, team=team)
            give_answers(person, cert, [(d, d % 2 == 0) for d in range(0, 300, 20)])
    with django_assert_num_queries(2):
        data = retention_for_organisation(organisation=client_org)
    assert data.overall.answered == 9 * 15


def test_answers_from_the_tick_and_the_attendee_page_are_counted(client_org):
    person, certificate = person_with_certificate(
        client_org, completed_on=timezone.localdate() - dt.timedelta(days=40)
    )
    counts = refresher_services.refreshers_send(timezone.now())
    assert counts["sent"] == 1
    refresher = refresher_services.refresher_open(staff_member=person)
    assert refresher is not None
    first, *rest = refresher.item_ids
    by_id = refresher_services.BY_ID
    chosen = {first: by_id[first].options[0]} | {i: by_id[i].options[1] for i in rest}
    refresher_services.refresher_answer(refresher=refresher, answers=chosen)

    data = retention_for_organisation(organisation=client_org)

    assert _months(data.overall) == [(2, len(chosen), 1, 1)]
    assert certificate.pk == refresher.certificate_id


# The items most forgotten -------------------------------------------------------------------


def test_items_are_ranked_by_share_missed_over_the_providers_clients(
    provider_admin, client_org, other_client
):
    law, signals = list(ITEMS_BY_ID)[:2]
    a, cert_a = person_with_certificate(client_org)
    give_answers(a, cert_a, [(5, False)] * 6 + [(5, True)] * 4, item_ids=[law])
    b, cert_b = person_with_certificate(other_client)
    give_answers(b, cert_b, [(5, False)] * 2 + [(5, True)] * 8, item_ids=[signals])
    c, cert_c = person_with_certificate(client_org)
    give_answers(c, cert_c, [(5, False)], item_ids=[list(ITEMS_BY_ID)[2]])
    # Another provider's client does not count.
    elsewhere = ClientFactory(provider=ProviderFactory())
    d, cert_d = person_with_certificate(elsewhere)
    give_answers(d, cert_d, [(5, False)] * 20, item_ids=[signals])

    report = items_most_forgotten_for_user(user=provider_admin)

    assert [(r.item_id, r.answered, r.missed) for r in report.ranked] == [
        (law, 10, 6),
        (signals, 10, 2),
    ]
    assert report.ranked[0].percent_missed == 60
    assert report.ranked[0].right_answer == ITEMS_BY_ID[law].options[0]
    assert report.ranked[0].module == MODULE_TITLES[ITEMS_BY_ID[law].module]
    assert report.ranked[0].outcome == OUTCOMES_BY_ID[ITEMS_BY_ID[law].outcome].title
    assert [r.answered for r in report.few] == [1]
    assert (report.answered, report.people) == (21, 3)

    one_client = items_most_forgotten_for_user(user=provider_admin, organisation=other_client)
    assert [r.item_id for r in one_client.ranked] == [signals]
    assert one_client.few == ()


def test_an_item_no_longer_in_the_bank_still_counts(provider_admin, client_org):
    person, cert = person_with_certificate(client_org)
    give_answers(person, cert, [(5, False)], item_ids=["retired-item"])

    report = items_most_forgotten_for_user(user=provider_admin)

    row = report.few[0]
    assert (row.item_id, row.item, row.right_answer, row.module) == ("retired-item", None, "", "")


def test_items_take_the_same_queries_however_many_answers(
    provider_admin, client_org, django_assert_num_queries
):
    items_most_forgotten_for_user(user=provider_admin)  # the user's roles, read once
    person, cert = person_with_certificate(client_org)
    give_answers(person, cert, [(d, d % 3 == 0) for d in range(40)])
    with django_assert_num_queries(2):
        report = items_most_forgotten_for_user(user=provider_admin)
    assert report.answered == 40


# Lesson progress ----------------------------------------------------------------------------


def _progress(person, lesson_index, *, finished, correct=0):
    lesson = LESSONS[lesson_index]
    return LessonProgress.objects.create(
        staff_member=person,
        lesson_id=lesson.id,
        correct=correct,
        completed_at=timezone.now() if finished else None,
    )


def test_lesson_progress_counts_only_the_people_in_the_groups(client_org):
    engagement = make_engagement(client_org, days=[timezone.localdate() + dt.timedelta(days=7)])
    people = StaffMemberFactory.create_batch(4, organisation=client_org)
    for person in people[:3]:
        Enrolment.objects.create(engagement=engagement, staff_member=person)
    Enrolment.objects.create(
        engagement=engagement, staff_member=people[3], status=Enrolment.Status.WAITING
    )
    questions = len(LESSONS[0].questions)
    _progress(people[0], 0, finished=True, correct=questions)
    _progress(people[1], 0, finished=True, correct=questions - 1)
    _progress(people[2], 0, finished=False)
    _progress(people[3], 0, finished=True, correct=0)  # waiting: not counted
    _progress(people[0], 1, finished=False)

    rows = lesson_progress_for_engagement(engagement=engagement)

    assert [r.lesson.id for r in rows] == [lesson.id for lesson in LESSONS]
    first = rows[0]
    assert (first.people, first.started, first.finished, first.opened_only) == (3, 3, 2, 1)
    assert first.average_percent == round((2 * questions - 1) / (2 * questions) * 100)
    assert (rows[1].finished, rows[1].opened_only, rows[1].average_percent) == (0, 1, None)
    assert rows[2].started == 0


def test_lesson_progress_for_an_engagement_takes_two_queries(client_org, django_assert_num_queries):
    engagement = make_engagement(client_org, days=[timezone.localdate()])
    for person in StaffMemberFactory.create_batch(12, organisation=client_org):
        Enrolment.objects.create(engagement=engagement, staff_member=person)
        _progress(person, 0, finished=True, correct=1)
    with django_assert_num_queries(2):
        rows = lesson_progress_for_engagement(engagement=engagement)
    assert rows[0].finished == 12


def test_lesson_progress_overall_covers_the_providers_clients_only(provider_admin, client_org):
    mine = StaffMemberFactory(organisation=client_org)
    _progress(mine, 0, finished=True, correct=1)
    theirs = StaffMemberFactory(organisation=ClientFactory(provider=ProviderFactory()))
    _progress(theirs, 0, finished=True, correct=1)

    rows = lesson_progress_for_user(user=provider_admin)

    assert (rows[0].people, rows[0].finished) == (1, 1)


# Lesson videos ------------------------------------------------------------------------------


def _video(provider, lesson_id="the-law", position=0, title="Wrist grab"):
    video = LessonVideo(
        provider=provider,
        lesson_id=lesson_id,
        title=title,
        content_type="video/mp4",
        position=position,
    )
    video.video.save("v.mp4", ContentFile(b"x"), save=False)
    video.captions.save("v.vtt", ContentFile(b"WEBVTT\n"), save=False)
    video.save()
    return video


def test_videos_are_listed_under_each_lesson_in_order(provider, designer):
    second = _video(provider, position=1, title="Second")
    first = _video(provider, position=0, title="First")
    _video(ProviderFactory(), title="Another provider's")

    assert video_provider_for_user(user=designer) == provider
    groups = lesson_video_list(provider=provider)

    assert [g.lesson.id for g in groups] == [lesson.id for lesson in LESSONS]
    assert list(groups[0].videos) == [first, second]
    assert all(not g.videos for g in groups[1:])


def test_another_providers_video_is_not_found(provider, provider_admin, advisor):
    theirs = _video(ProviderFactory())
    with pytest.raises(Http404):
        lesson_video_get_for_user(user=provider_admin, pk=theirs.pk)
    with pytest.raises(Http404):
        video_provider_for_user(user=advisor)
    assert lesson_video_get_for_user(user=provider_admin, pk=_video(provider).pk)


def test_a_superuser_manages_the_first_providers_videos(provider):
    superuser = UserFactory(is_superuser=True, is_staff=True, membership=None)
    assert video_provider_for_user(user=superuser) == provider
