"""The sections, their question forms, and what the answers mean for the risk profile."""

import pytest

from breakaway.assessments import forms as q
from breakaway.assessments.questionnaire import (
    SECTIONS,
    SECTIONS_BY_ID,
    SectionStatus,
    answers_summary,
    minutes_spent,
    progress,
    risk_context,
)
from breakaway.assessments.risk import RiskContext
from breakaway.assessments.tests.factories import (
    COMPLETE_ANSWERS,
    NeedsAssessmentFactory,
    complete_answers,
)

pytestmark = pytest.mark.django_db


def test_there_are_eleven_sections_in_order_each_page_with_a_required_question():
    assert [s.number for s in SECTIONS] == list(range(1, 12))
    assert set(COMPLETE_ANSWERS) == set(SECTIONS_BY_ID)
    for section in SECTIONS:
        for page in section.pages:
            # An empty page never counts as answered, so "Completed" always means answered.
            assert not page.form_class.is_complete({}), f"{section.id}/{page.id}"


def test_the_factory_answers_complete_every_section():
    assessment = NeedsAssessmentFactory.build(complete=True)

    result = progress(assessment)

    assert result.completed == result.total == 11
    assert result.ready


def test_answers_that_no_longer_pass_the_form_make_a_section_in_progress_again():
    answers = complete_answers()
    answers["people"]["service_user_groups"] = ["a_group_we_removed"]
    assessment = NeedsAssessmentFactory.build(answers=answers)

    statuses = {s.section.id: s.status for s in progress(assessment).sections}

    assert statuses["people"] == SectionStatus.IN_PROGRESS
    assert [s.id for s in progress(assessment).missing] == ["people"]


@pytest.mark.parametrize(
    ("form_class", "name"),
    [
        (q.StandardsForm, "standards"),
        (q.FlashpointsForm, "flashpoints"),
        (q.TrainingForm, "training"),
    ],
)
def test_none_of_these_cannot_be_chosen_with_anything_else(form_class, name):
    first_real_choice = next(v for v, _ in form_class.base_fields[name].choices if v != "none")
    form = form_class(data={name: ["none", first_real_choice]})

    assert not form.is_valid()
    assert "not both" in form.errors[name][0]
    assert form_class(data={name: ["none"]}).is_valid()


def test_a_draft_may_leave_questions_blank_but_not_enter_nonsense():
    assert q.SizeForm(data={"sites": "2"}, partial=True).is_valid()
    assert not q.SizeForm(data={"sites": "2"}).is_valid()

    form = q.SizeForm(data={"sites": "two"}, partial=True)

    assert not form.is_valid()
    assert form.errors["sites"] == ["Enter the number of sites as a whole number, like 3"]


def test_a_serious_incident_needs_a_description_and_a_no_clears_it():
    needs = q.SeriousIncidentsForm(data={"serious_incidents": "yes"})
    assert not needs.is_valid()
    assert "serious_incidents_description" in needs.errors

    cleared = q.SeriousIncidentsForm(
        data={"serious_incidents": "no", "serious_incidents_description": "Old text"}
    )
    assert cleared.is_valid()
    assert cleared.to_answers() == {"serious_incidents": "no"}


def test_something_else_as_the_refresher_interval_asks_how_often():
    form = q.RefresherIntervalForm(data={"refresher_interval": "other"})

    assert not form.is_valid()
    assert q.RefresherIntervalForm(
        data={"refresher_interval": "other", "refresher_interval_other": "Every 18 months"}
    ).is_valid()


@pytest.mark.parametrize(
    ("data", "error_field"),
    [
        ({}, "refreshed_month"),
        ({"refreshed_month": "3"}, "refreshed_year"),
        ({"refreshed_year": "2024"}, "refreshed_month"),
        ({"refreshed_month": "3", "refreshed_year": "1950"}, "refreshed_year"),
        ({"refreshed_month": "3", "refreshed_year": "2024", "refreshed_unknown": "on"}, None),
    ],
)
def test_the_refresh_date_needs_a_month_and_year_or_i_do_not_know(data, error_field):
    form = q.RefreshedForm(data=data)

    assert not form.is_valid()
    if error_field:
        assert error_field in form.errors
    assert q.RefreshedForm(data={"refreshed_unknown": "on"}).is_valid()
    assert q.RefreshedForm(data={"refreshed_month": "3", "refreshed_year": "2024"}).is_valid()


def test_staff_groups_need_complete_rows_and_blank_rows_are_ignored():
    form = q.StaffGroupsForm(
        data={
            "rows": "3",
            "group_1_name": "Ward nurses",
            "group_1_headcount": "120",
            "group_1_shifts": "shifts",
            "group_3_name": "Porters",
        }
    )

    assert not form.is_valid()
    assert set(form.errors) == {"group_3_headcount", "group_3_shifts"}


def test_staff_groups_are_stored_as_a_list_and_shown_again_with_a_blank_row():
    form = q.StaffGroupsForm(
        data={
            "rows": "2",
            "group_1_name": "Ward nurses",
            "group_1_headcount": "120",
            "group_1_shifts": "shifts",
        }
    )
    assert form.is_valid()
    answers = form.to_answers()
    assert answers == {
        "staff_groups": [{"name": "Ward nurses", "headcount": 120, "shift_pattern": "shifts"}]
    }

    again = q.StaffGroupsForm(initial=q.StaffGroupsForm.data_from_answers(answers))

    assert [number for number, *_ in again.row_fields] == [1, 2]
    assert again["group_1_name"].value() == "Ward nurses"


def test_staff_groups_need_at_least_one_group_and_stop_at_eight_rows():
    assert "group_1_name" in q.StaffGroupsForm(data={"rows": "2"}).errors

    form = q.StaffGroupsForm(data={"rows": "50"})

    assert len(form.row_fields) == q.MAX_STAFF_GROUPS == 8
    assert not form.can_add


def test_the_summary_shows_every_answer_in_words():
    assessment = NeedsAssessmentFactory.build(complete=True)

    summary = {s.section.id: s for s in answers_summary(assessment)}

    rows = {row.label: row.lines for _page, row in summary["staff"].rows}
    assert rows == {
        "Staff groups": [
            "Ward nurses: 120 staff, shifts including nights",
            "Reception staff: 12 staff, days only",
        ]
    }
    training = {row.label: row.lines for _page, row in summary["training"].rows}
    assert training["When the training was last refreshed"] == ["March 2024"]
    assert training["How often would you like staff to refresh this training?"] == [
        "Every 12 months"
    ]
    environments = {row.label: row.lines for _page, row in summary["environments"].rows}
    assert environments["Where do your staff work?"] == [
        "Inpatient wards",
        "Reception and waiting areas",
    ]


# What the answers mean ---------------------------------------------------------------------------


def test_risk_context_translates_the_answers(client_org):
    assessment = NeedsAssessmentFactory(organisation=client_org, complete=True)

    context = risk_context(assessment)

    assert context == RiskContext(
        sector="nhs-mental-health",
        service_user_groups=frozenset({"mental_health", "substance_use"}),
        environments=frozenset({"inpatient_ward", "reception", "home_visits"}),
        lone_working="sometimes",
        flashpoints=frozenset({"waiting_times", "refusals"}),
        restrictive_intervention_used=True,
        recent_serious_incidents=True,
        headcount=340,
    )


def test_risk_context_adds_home_visits_only_when_they_said_yes(client_org):
    answers = complete_answers()
    answers["environments"]["home_visits"] = "no"
    assessment = NeedsAssessmentFactory(organisation=client_org, answers=answers)

    assert risk_context(assessment).environments == frozenset({"inpatient_ward", "reception"})


def test_risk_context_leaves_out_none_and_unknown_codes(client_org):
    answers = complete_answers()
    answers["flashpoints"]["flashpoints"] = ["none"]
    answers["people"]["service_user_groups"] = ["children", "retired_code"]
    assessment = NeedsAssessmentFactory(organisation=client_org, answers=answers)

    context = risk_context(assessment)

    assert context.flashpoints == frozenset()
    assert context.service_user_groups == frozenset({"children"})


def test_risk_context_headcount_falls_back_to_staff_groups_then_the_organisation(client_org):
    answers = complete_answers()
    del answers["organisation"]["headcount"]
    assessment = NeedsAssessmentFactory(organisation=client_org, answers=answers)
    assert risk_context(assessment).headcount == 132

    del answers["staff"]
    assessment.answers = answers
    assert risk_context(assessment).headcount == client_org.headcount == 1200


def test_an_unanswered_assessment_gives_the_safe_defaults(client_org):
    assessment = NeedsAssessmentFactory(organisation=client_org)

    context = risk_context(assessment)

    assert context.sector == client_org.sector
    assert (context.lone_working, context.environments, context.flashpoints) == (
        "never",
        frozenset(),
        frozenset(),
    )
    assert not context.restrictive_intervention_used
    assert not context.recent_serious_incidents


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(0, 0), (20, 1), (89, 1), (91, 2), (1130, 19), (1200, 20)]
)
def test_minutes_spent_rounds_to_whole_minutes(seconds, minutes):
    assert minutes_spent(seconds) == minutes
