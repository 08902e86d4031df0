"""The impact report's retention section: refresher answers between the course and the
follow-up's close (the selector, on rows made by the real refresher services), its words and
chart, on the page, in the PDF, and kept in an issued report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from breakaway.core.tests.pdf_text import pdf_text
from breakaway.delivery.certificate_codes import add_months, code_new
from breakaway.delivery.models import Certificate, Enrolment, StaffMember
from breakaway.delivery.tests.certificate_fixtures import make_certificate, make_engagement
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.evaluation.models import Phase, Questionnaire
from breakaway.evaluation.report_display import report_context, retention_chart
from breakaway.evaluation.report_selectors import impact_report_data
from breakaway.evaluation.report_services import impact_report_issue
from breakaway.evaluation.report_text import RETENTION_WHAT_IT_SHOWS, retention_paragraphs
from breakaway.evaluation.tests.report_fixtures import TRAINED_ON, engagement_with_answers
from breakaway.learning.engagement_retention import (
    FEW_ANSWERS,
    FEW_PEOPLE,
    default_close,
    engagement_retention,
    retention_figures,
)
from breakaway.learning.models import Refresher
from breakaway.learning.refresher_services import (
    BY_ID,
    items_for,
    progress_start,
    refresher_answer,
    refresher_send,
)
from breakaway.scheduling.models import Engagement

COURSE_DAY = dt.date(2026, 3, 10)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _follow_up(engagement: Engagement, closes_on: dt.date) -> Questionnaire:
    return Questionnaire.objects.create(
        engagement=engagement,
        phase=Phase.FOLLOW_UP,
        opens_at=_at(closes_on - dt.timedelta(weeks=4), 0),
        closes_at=_at(closes_on, 0),
    )


def _certificate_for(enrolment: Enrolment) -> Certificate:
    person = enrolment.staff_member
    return Certificate.objects.create(
        code=code_new(),
        enrolment=enrolment,
        staff_member=person,
        organisation=person.organisation,
        holder_name=person.full_name,
        course_name="Breakaway and de-escalation",
        completed_on=TRAINED_ON,
        expires_on=add_months(TRAINED_ON, 12),
    )


def _answered(
    certificate: Certificate, day: dt.date, rights: tuple[bool, ...], *, answer_on: dt.date | None
) -> Refresher:
    """A refresher sent on `day` through the real services, answered on `answer_on` (right or
    wrong per item, in order) or left unanswered."""
    if not certificate.item_progress.exists():
        progress_start(certificate, items_for(set(), rotate=certificate.staff_member_id))
    item_ids = [
        p.item_id for p in certificate.item_progress.order_by("due_on", "item_id")[: len(rights)]
    ]
    assert refresher_send(certificate=certificate, item_ids=item_ids, now=_at(day), notify=False)
    refresher = Refresher.objects.get(staff_member=certificate.staff_member, sent_on=day)
    if answer_on is not None:
        answers = {
            item_id: BY_ID[item_id].options[0 if right else 1]
            for item_id, right in zip(item_ids, rights, strict=True)
        }
        refresher_answer(refresher=refresher, answers=answers, now=_at(answer_on, 19))
    return refresher


# The selector ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_answers_from_the_course_to_the_follow_up_close_count_by_two_week_period(client_org):
    engagement = make_engagement(client_org, days=[COURSE_DAY])
    _follow_up(engagement, COURSE_DAY + dt.timedelta(weeks=16))
    first = make_certificate(
        StaffMemberFactory(organisation=client_org), completed_on=COURSE_DAY, engagement=engagement
    )
    second = make_certificate(
        StaffMemberFactory(organisation=client_org), completed_on=COURSE_DAY, engagement=engagement
    )
    day = COURSE_DAY
    _answered(
        first, day + dt.timedelta(3), (True, True, True, False), answer_on=day + dt.timedelta(4)
    )
    _answered(first, day + dt.timedelta(17), (True, False), answer_on=day + dt.timedelta(17))
    _answered(second, day + dt.timedelta(5), (True, True), answer_on=day + dt.timedelta(6))
    # The same person's answers for another course are not this course's (nor a week on).
    other = make_certificate(first.staff_member, completed_on=COURSE_DAY - dt.timedelta(days=30))
    _answered(other, day + dt.timedelta(24), (False, False), answer_on=day + dt.timedelta(24))
    # Unanswered in the window: sent only.
    _answered(second, day + dt.timedelta(40), (True,), answer_on=None)
    # Sent inside the window, answered after the follow-up closed: sent, but not counted.
    _answered(second, day + dt.timedelta(111), (True,), answer_on=day + dt.timedelta(113))
    # Sent after the close: neither.
    _answered(first, day + dt.timedelta(120), (True,), answer_on=day + dt.timedelta(120))

    figures = engagement_retention(engagements=[engagement])

    assert figures["refreshers_sent"] == 5
    assert figures["people_sent"] == 2
    assert (figures["people"], figures["answers"], figures["correct"]) == (2, 8, 6)
    assert figures["share"] == pytest.approx(6 / 8)
    assert [(p["period"], p["answered"], p["correct"]) for p in figures["points"]] == [
        (0, 6, 5),  # days 4 and 6: weeks 1 to 2
        (1, 2, 1),  # day 17: weeks 3 to 4
    ]
    assert figures["points"][1]["from_day"] == 14
    assert figures["points"][1]["to_day"] == 27
    assert figures["few"]  # 8 answers from 2 people
    assert figures["window_from"] == COURSE_DAY.isoformat()
    assert figures["window_to"] == (COURSE_DAY + dt.timedelta(weeks=16)).isoformat()


@pytest.mark.django_db
def test_without_a_follow_up_questionnaire_its_usual_close_is_used(client_org):
    engagement = make_engagement(client_org, days=[COURSE_DAY - dt.timedelta(1), COURSE_DAY])
    certificate = make_certificate(
        StaffMemberFactory(organisation=client_org), completed_on=COURSE_DAY, engagement=engagement
    )
    close = timezone.localdate(default_close(COURSE_DAY))
    _answered(certificate, close - dt.timedelta(2), (True,), answer_on=close - dt.timedelta(1))
    _answered(certificate, close + dt.timedelta(6), (True,), answer_on=close + dt.timedelta(6))
    figures = engagement_retention(engagements=[engagement])
    assert (figures["refreshers_sent"], figures["answers"]) == (1, 1)
    assert figures["window_from"] == COURSE_DAY.isoformat()  # the course's last day
    assert figures["window_to"] == close.isoformat()


@pytest.mark.django_db
def test_nothing_sent_and_sent_but_unanswered_are_told_apart(client_org):
    engagement = make_engagement(client_org, days=[COURSE_DAY])
    certificate = make_certificate(
        StaffMemberFactory(organisation=client_org), completed_on=COURSE_DAY, engagement=engagement
    )
    nothing = engagement_retention(engagements=[engagement])
    assert (nothing["refreshers_sent"], nothing["answers"], nothing["points"]) == (0, 0, [])
    assert nothing["share"] is None
    assert retention_paragraphs(nothing)[0].startswith("No refreshers were sent")

    _answered(certificate, COURSE_DAY + dt.timedelta(7), (True,), answer_on=None)
    unanswered = engagement_retention(engagements=[engagement])
    assert (unanswered["refreshers_sent"], unanswered["answers"]) == (1, 0)
    assert retention_paragraphs(unanswered) == [
        "1 refresher was sent to 1 person between the course and the follow-up, but none had "
        "been answered, so there is nothing to show yet."
    ]
    assert retention_chart(unanswered) is None


@pytest.mark.django_db
def test_an_engagement_with_no_days_has_nothing(client_org):
    engagement = make_engagement(client_org, days=[])
    assert engagement_retention(engagements=[engagement])["refreshers_sent"] == 0


@pytest.mark.django_db
def test_one_query_however_many_engagements_people_and_answers(
    client_org, django_assert_num_queries
):
    small = make_engagement(client_org, days=[COURSE_DAY])
    large = make_engagement(client_org, days=[COURSE_DAY])
    second = make_engagement(client_org, days=[COURSE_DAY + dt.timedelta(days=7)])
    for engagement, people in ((small, 1), (large, 6), (second, 3)):
        for _ in range(people):
            person = StaffMemberFactory(organisation=client_org)
            certificate = make_certificate(person, completed_on=COURSE_DAY, engagement=engagement)
            _answered(
                certificate,
                COURSE_DAY + dt.timedelta(8),
                (True, False),
                answer_on=COURSE_DAY + dt.timedelta(9),
            )
    for engagements in ([small], [large, second]):
        with django_assert_num_queries(1):
            engagement_retention(engagements=engagements)
    assert engagement_retention(engagements=[large, second])["answers"] == 18


# The figures and words (pure) -----------------------------------------------------------------

answers_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 200), st.booleans()), max_size=80
)


@given(answers=answers_strategy, period_days=st.integers(1, 60))
def test_the_figures_add_up_and_the_words_always_say_what_they_cannot_show(answers, period_days):
    sent = {index: person for index, (person, _d, _r) in enumerate(answers)}
    figures = retention_figures(answers=answers, sent=sent, period_days=period_days)
    assert sum(p["answered"] for p in figures["points"]) == figures["answers"] == len(answers)
    assert sum(p["correct"] for p in figures["points"]) == figures["correct"]
    assert [p["period"] for p in figures["points"]] == sorted(
        {p["period"] for p in figures["points"]}
    )
    for point in figures["points"]:
        assert point["from_day"] <= point["to_day"] == point["from_day"] + period_days - 1
        assert 0 <= point["share"] <= 1
    assert figures["few"] == (
        len(answers) < FEW_ANSWERS or len({p for p, _d, _r in answers}) < FEW_PEOPLE
    )
    words = retention_paragraphs(figures)
    if answers:
        assert words[-1] == RETENTION_WHAT_IT_SHOWS
        assert f"answered {len(answers)} refresher question" in words[0]
        assert any("treat them with caution" in w for w in words) == (
            figures["few"] or any(p["few"] for p in figures["points"])
        )
    else:
        assert len(words) == 1
        assert "nothing to show" in words[0]


def test_the_words_compare_the_first_and_last_periods_and_say_it_is_recall_not_behaviour():
    points = [
        {
            "period": 0,
            "from_day": 0,
            "to_day": 13,
            "answered": 40,
            "correct": 36,
            "share": 0.9,
            "few": False,
        },
        {
            "period": 7,
            "from_day": 98,
            "to_day": 111,
            "answered": 40,
            "correct": 28,
            "share": 0.7,
            "few": False,
        },
    ]
    figures = {
        "period_days": 14,
        "refreshers_sent": 50,
        "people_sent": 12,
        "people": 12,
        "answers": 80,
        "correct": 64,
        "share": 0.8,
        "few": False,
        "points": points,
    }
    words = retention_paragraphs(figures)
    assert words[0] == (
        "Between the course and the follow-up, 12 people answered 80 refresher questions, and "
        "80% of the answers were right."
    )
    assert words[1] == (
        "In weeks 1 to 2 after the course 90% were right (n = 40 answers); in weeks 15 to 16, "
        "70% (n = 40)."
    )
    assert "caution" not in " ".join(words)
    assert "does not show what they do at work" in words[-1]
    chart = retention_chart(figures)
    assert chart is not None
    assert chart.rows == [
        ("Weeks 1 to 2", "40", "36", "90%"),
        ("Weeks 15 to 16", "40", "28", "70%"),
    ]
    assert 'role="img"' in chart.svg
    assert "1–2: 90%" in chart.svg  # the description reads out every value


# On the report ------------------------------------------------------------------------------


def _engagement_with_refreshers(organisation: Any) -> Engagement:
    """The report fixtures' engagement (follow-up closing 110 days after 1 March 2026), with
    certificates and refreshers answered by its people."""
    engagement = engagement_with_answers(organisation, people=4)
    for index, enrolment in enumerate(
        Enrolment.objects.filter(engagement=engagement).select_related("staff_member")
    ):
        certificate = _certificate_for(enrolment)
        for week in range(4):
            day = TRAINED_ON + dt.timedelta(days=3 + 7 * week)
            rights = (True, index % 2 == 0, week < 2)
            _answered(certificate, day, rights, answer_on=day + dt.timedelta(days=1))
    return engagement


@pytest.mark.django_db
def test_the_report_shows_retention_with_its_chart_and_honest_words(
    client, client_org, client_admin
):
    engagement = _engagement_with_refreshers(client_org)
    client.force_login(client_admin)
    page = client.get(reverse("evaluation:impact_report", args=[engagement.pk]))
    html = page.content.decode()
    assert "Retention between the course and the follow-up" in html
    assert "4 people answered 48 refresher questions" in html
    assert "treat them with caution" in html  # four people are few
    assert "does not show what they do at work" in html
    assert 'id="retention-heading"' in html
    assert "Weeks 1 to 2" in html  # the chart's table


@pytest.mark.django_db
def test_the_report_says_when_no_refreshers_were_sent(client, client_org, client_admin):
    engagement = engagement_with_answers(client_org, people=2)
    client.force_login(client_admin)
    html = client.get(reverse("evaluation:impact_report", args=[engagement.pk])).content.decode()
    assert "Retention between the course and the follow-up" in html
    assert "No refreshers were sent to the people on this course" in html
    assert 'id="retention-heading"' not in html  # no chart without answers


@pytest.mark.django_db
def test_the_pdf_prints_the_retention_section(client, client_org, client_manager):
    engagement = _engagement_with_refreshers(client_org)
    client.force_login(client_manager)
    response = client.get(reverse("evaluation:impact_report_pdf", args=[engagement.pk]))
    text = " ".join(pdf_text(response.content).split())
    assert "Retention between the course and the follow-up" in text
    assert "Refresher answers right, by time since the course" in text
    assert "Weeks 1 to 2" in text  # the table, printed in full


@pytest.mark.django_db
def test_an_issued_report_keeps_its_retention_figures(client_org):
    engagement = _engagement_with_refreshers(client_org)
    report = impact_report_issue(engagement=engagement)
    assert report.data["retention"]["answers"] == 48
    # Later answers change the live figures, not the issued ones.
    person = StaffMember.objects.filter(enrolments__engagement=engagement).first()
    certificate = person.certificates.get()
    _answered(
        certificate,
        TRAINED_ON + dt.timedelta(days=60),
        (True,),
        answer_on=TRAINED_ON + dt.timedelta(days=60),
    )
    report.refresh_from_db()
    assert report.data["retention"]["answers"] == 48
    assert impact_report_data(engagements=[engagement])["retention"]["answers"] == 49
    text = " ".join(pdf_text(report.pdf.read()).split())
    assert "4 people answered 48 refresher questions" in text


@pytest.mark.django_db
def test_a_report_issued_before_refreshers_existed_leaves_the_section_out(client_org, provider):
    engagement = engagement_with_answers(client_org, people=2)
    data = impact_report_data(engagements=[engagement])
    del data["retention"]
    context = report_context(data)
    assert context["retention"] is None
    assert context["retention_chart"] is None
    html = render_to_string(
        "evaluation/report/_report.html",
        {
            **context,
            "organisation": client_org,
            "provider": provider,
            "pdf": True,
            "produced_on": timezone.localdate(),
            "engagement": engagement,
        },
    )
    assert "Knowledge and confidence" in html
    assert "Retention between the course" not in html
