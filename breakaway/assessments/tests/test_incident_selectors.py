import datetime as dt

import pytest

from breakaway.assessments.incident_selectors import NOT_RECORDED, incident_counts
from breakaway.assessments.tests.incident_factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_counts_group_incidents_by_when_where_and_what(client_org, other_client):
    IncidentFactory(organisation=client_org, when=dt.datetime(2026, 3, 9, 19, 30))  # Monday
    IncidentFactory(
        organisation=client_org, when=dt.datetime(2026, 3, 10, 20, 5), category="verbal_abuse"
    )
    IncidentFactory(
        organisation=client_org,
        when=dt.datetime(2026, 4, 2, 7, 0),
        location_type="unrecognised",
        location="Lift lobby",
    )
    IncidentFactory(organisation=other_client, when=dt.datetime(2026, 3, 9, 19, 30))
    counts = incident_counts(
        organisation=client_org, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31)
    )
    assert counts.total == 3
    assert counts.by_hour[19] == 1
    assert counts.by_hour[20] == 1
    assert counts.by_hour[7] == 1
    assert list(counts.by_weekday) == [1, 1, 0, 1, 0, 0, 0]
    assert dict(counts.by_month) == {"2026-03": 2, "2026-04": 1}
    assert dict(counts.by_category) == {"physical_assault": 2, "verbal_abuse": 1}
    assert dict(counts.by_location) == {"corridor": 2, "unrecognised": 1}
    assert counts.flashpoints[("corridor", "18-24", "physical_assault")] == 1
    assert counts.flashpoints[("unrecognised", "06-12", "physical_assault")] == 1


def test_the_period_is_inclusive_and_the_previous_period_is_counted(client_org):
    for day in (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 31),
        dt.date(2026, 2, 1),
    ):
        IncidentFactory(organisation=client_org, when=dt.datetime.combine(day, dt.time(12, 0)))
    counts = incident_counts(
        organisation=client_org, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31)
    )
    assert counts.total == 2
    assert counts.previous_total == 2


def test_the_trend_is_left_out_when_the_log_does_not_reach_the_previous_period(client_org):
    IncidentFactory(organisation=client_org, when=dt.datetime(2026, 1, 15, 12, 0))
    counts = incident_counts(
        organisation=client_org, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31)
    )
    assert counts.previous_total is None


def test_riddor_reportable_counts_marked_long_absence_and_death(client_org):
    IncidentFactory(organisation=client_org, riddor=True)
    IncidentFactory(organisation=client_org, days_lost=8)
    IncidentFactory(organisation=client_org, days_lost=7)
    IncidentFactory(organisation=client_org, harm="death")
    counts = incident_counts(organisation=client_org)
    assert counts.riddor_reportable == 3


def test_unknown_times_are_counted_apart_and_unrecorded_values_are_named(client_org):
    IncidentFactory(organisation=client_org, hour=None, harm="", harm_raw="", site="")
    counts = incident_counts(organisation=client_org)
    assert counts.unknown_time == 1
    assert sum(counts.by_hour) == 0
    assert dict(counts.by_harm) == {NOT_RECORDED: 1}
    assert dict(counts.by_site) == {NOT_RECORDED: 1}


def test_the_default_period_is_two_years_up_to_the_latest_incident(client_org):
    IncidentFactory(organisation=client_org, when=dt.datetime(2026, 6, 30, 9, 0))
    IncidentFactory(organisation=client_org, when=dt.datetime(2024, 6, 30, 9, 0))
    counts = incident_counts(organisation=client_org)
    assert counts.period_to == dt.date(2026, 6, 30)
    assert counts.period_from == dt.date(2024, 7, 1)
    assert counts.total == 1


def test_counting_takes_four_queries_whatever_the_number_of_incidents(
    client_org, django_assert_num_queries
):
    IncidentFactory.create_batch(3, organisation=client_org)
    with django_assert_num_queries(4):
        incident_counts(
            organisation=client_org, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31)
        )
    IncidentFactory.create_batch(30, organisation=client_org, when=dt.datetime(2026, 5, 5, 3, 0))
    with django_assert_num_queries(4):
        incident_counts(
            organisation=client_org, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31)
        )
