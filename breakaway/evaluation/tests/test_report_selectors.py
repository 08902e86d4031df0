"""From stored responses to the report's figures: pairs, last answer wins, reaction, incidents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from breakaway.evaluation.incident_rates import add_months
from breakaway.evaluation.models import Phase, Response
from breakaway.evaluation.report_selectors import impact_report_data
from breakaway.evaluation.tests.report_fixtures import (
    confidence_answers,
    engagement_with_answers,
    incidents_monthly,
    versions,
)

pytestmark = pytest.mark.django_db


def _comparison(data, scale, earlier="pre", later="post"):
    for instrument in data["instruments"]:
        for c in instrument["analysis"]["comparisons"]:
            if (c["scale"], c["from"], c["to"]) == (scale, earlier, later):
                return c
    raise AssertionError(scale)


def test_confidence_and_knowledge_are_compared_over_the_same_people(client_org):
    engagement = engagement_with_answers(client_org)
    data = impact_report_data(engagements=[engagement])
    confidence = _comparison(data, "confidence")
    assert confidence["n_pairs"] == 6
    assert confidence["from_mean"] == pytest.approx(27 / 6)
    assert confidence["to_mean"] == pytest.approx(43 / 6)
    knowledge = _comparison(data, "knowledge")
    assert knowledge["mean_diff"] == pytest.approx(100 * 8 / 24)
    assert data["attendance"]["enrolled"] == data["attendance"]["completed"] == 6
    assert data["responded"] == {"pre": 6, "post": 6, "follow_up": 0}
    assert data["summary"][1].startswith("Confidence rose from 4.5 before to 7.2 out of 10")


def test_the_last_response_of_a_person_wins(client_org):
    engagement = engagement_with_answers(client_org, people=2, pre=(2,), post=(8,))
    later = Response.objects.filter(
        questionnaire__phase=Phase.POST,
        instrument_version=versions()["breakaway-confidence"],
    ).first()
    Response.objects.create(
        questionnaire=later.questionnaire,
        enrolment=later.enrolment,
        instrument_version=later.instrument_version,
        answers=confidence_answers(4),
        source=Response.Source.PAPER,
        submitted_at=later.submitted_at + dt.timedelta(hours=1),
    )
    data = impact_report_data(engagements=[engagement])
    confidence = _comparison(data, "confidence")
    assert confidence["to_mean"] == pytest.approx((8 + 4) / 2)
    assert data["instruments"][0]["analysis"]["duplicates"] == 1


def test_unsubmitted_online_answers_are_left_out(client_org):
    engagement = engagement_with_answers(client_org, people=3)
    Response.objects.filter(questionnaire__phase=Phase.POST).update(submitted_at=None)
    data = impact_report_data(engagements=[engagement])
    assert data["responded"]["post"] == 0
    assert data["reaction"] is None


def test_reaction_means_pace_and_recommendation(client_org):
    engagement = engagement_with_answers(client_org, reaction=(3, 2, 6))
    reaction = impact_report_data(engagements=[engagement])["reaction"]
    assert reaction["score"] == pytest.approx(2.5)
    assert reaction["pace"] == {"slow": 0, "right": 4, "fast": 2}
    assert reaction["recommend"]["detractors"] == 6
    assert reaction["comments"] == ["Really useful for the ward."]


def test_incident_rates_are_compared_when_the_log_covers_both_sides(client_org):
    client_org.headcount = 500
    client_org.save()
    before = {add_months("2025-03", k): 30 for k in range(12)}
    after = {add_months("2026-04", k): 20 for k in range(8)}
    incidents_monthly(client_org, {**before, **after})
    engagement = engagement_with_answers(client_org, people=2)
    incidents = impact_report_data(engagements=[engagement])["incidents"]
    assert incidents["status"] == "ok"
    assert incidents["months"] == 8  # April to November 2026 after; July 2025 to February before
    assert incidents["rate_before"] == pytest.approx(6.0)
    assert incidents["rate_after"] == pytest.approx(4.0)
    assert incidents["ratio"] == pytest.approx(2 / 3)


def test_the_report_costs_the_same_queries_however_many_people(
    client_org, django_assert_max_num_queries
):
    small = engagement_with_answers(client_org, people=2)
    large = engagement_with_answers(client_org, people=12)
    with django_assert_max_num_queries(6) as small_run:
        impact_report_data(engagements=[small])
    with django_assert_max_num_queries(6) as large_run:
        impact_report_data(engagements=[large])
    assert len(small_run.captured_queries) == len(large_run.captured_queries)


def test_several_engagements_are_reported_together(client_org):
    first = engagement_with_answers(client_org, people=2)
    second = engagement_with_answers(client_org, people=3)
    data = impact_report_data(engagements=[first, second])
    assert _comparison(data, "confidence")["n_pairs"] == 5
    assert len(data["engagements"]) == 2
    assert timezone.now()  # figures are JSON-ready
