"""Starting, saving, sending and reviewing a needs assessment."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError

from breakaway.assessments.models import NeedsAssessment
from breakaway.assessments.questionnaire import (
    PAGE_TIME_CAP_SECONDS,
    SectionStatus,
    page_token,
    progress,
)
from breakaway.assessments.services import (
    AssessmentIncompleteError,
    assessment_review,
    assessment_save_section,
    assessment_start,
    assessment_submit,
)
from breakaway.assessments.tests.factories import NeedsAssessmentFactory, complete_answers
from breakaway.core.models import AuditEntry
from breakaway.enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def _save(assessment, section_id, page_id, answers, user, token=None):
    return assessment_save_section(
        assessment=assessment,
        section_id=section_id,
        page_id=page_id,
        answers=answers,
        saved_by=user,
        shown_token=token,
    )


def _statuses(assessment):
    return {s.section.id: s.status for s in progress(assessment).sections}


# Starting --------------------------------------------------------------------------------------


def test_start_creates_an_assessment_for_the_client_and_records_who(client_org, client_manager):
    enquiry = EnquiryFactory(client=client_org)

    assessment, created = assessment_start(organisation=client_org, started_by=client_manager)

    assert created
    assert (assessment.organisation, assessment.started_by) == (client_org, client_manager)
    assert assessment.status == NeedsAssessment.Status.IN_PROGRESS
    assert assessment.enquiry == enquiry
    assert AuditEntry.objects.filter(action="assessment.start", object_id=str(assessment.pk))


def test_start_resumes_the_assessment_in_progress_instead_of_starting_another(
    client_org, client_manager, advisor
):
    first, _ = assessment_start(organisation=client_org, started_by=client_manager)

    again, created = assessment_start(organisation=client_org, started_by=advisor)

    assert (again, created) == (first, False)
    assert NeedsAssessment.objects.filter(organisation=client_org).count() == 1


def test_start_begins_a_new_assessment_once_the_last_one_was_sent(client_org, client_manager):
    NeedsAssessmentFactory(organisation=client_org, status=NeedsAssessment.Status.SUBMITTED)

    _assessment, created = assessment_start(organisation=client_org, started_by=client_manager)

    assert created
    assert NeedsAssessment.objects.filter(organisation=client_org).count() == 2


def test_start_is_refused_for_a_provider_that_does_not_train_its_own_staff(provider, advisor):
    with pytest.raises(ValidationError):
        assessment_start(organisation=provider, started_by=advisor)


# Saving as you go ------------------------------------------------------------------------------


def test_saving_one_page_keeps_its_answers_and_marks_the_section_in_progress(client_manager):
    assessment = NeedsAssessmentFactory()

    _save(assessment, "organisation", "sector", {"sector": "education"}, client_manager)

    assessment.refresh_from_db()
    assert assessment.answers == {"organisation": {"sector": "education"}}
    statuses = _statuses(assessment)
    assert statuses["organisation"] == SectionStatus.IN_PROGRESS
    assert statuses["people"] == SectionStatus.NOT_STARTED


def test_pages_of_a_section_are_merged_and_complete_it(client_manager):
    assessment = NeedsAssessmentFactory()

    _save(assessment, "organisation", "sector", {"sector": "education"}, client_manager)
    _save(assessment, "organisation", "setting", {"setting": "A primary school"}, client_manager)
    _save(assessment, "organisation", "size", {"sites": 1, "headcount": 45}, client_manager)

    assessment.refresh_from_db()
    assert assessment.answers["organisation"] == {
        "sector": "education",
        "setting": "A primary school",
        "sites": 1,
        "headcount": 45,
    }
    assert _statuses(assessment)["organisation"] == SectionStatus.COMPLETED


def test_a_partial_page_is_saved_and_the_assessment_can_be_resumed_later(client_manager, advisor):
    assessment = NeedsAssessmentFactory()
    _save(assessment, "organisation", "size", {"sites": 3}, client_manager)

    resumed = NeedsAssessment.objects.get(pk=assessment.pk)
    _save(resumed, "organisation", "size", {"sites": 3, "headcount": 200}, advisor)

    resumed.refresh_from_db()
    assert resumed.answers["organisation"] == {"sites": 3, "headcount": 200}


def test_saving_a_page_again_replaces_only_that_pages_answers(client_manager):
    assessment = NeedsAssessmentFactory(complete=True)

    _save(assessment, "flashpoints", "situations", {"flashpoints": ["bad_news"]}, client_manager)

    assessment.refresh_from_db()
    assert assessment.answers["flashpoints"] == {"flashpoints": ["bad_news"]}
    assert assessment.answers["people"] == complete_answers()["people"]


def test_clearing_every_answer_of_a_section_makes_it_not_started_again(client_manager):
    assessment = NeedsAssessmentFactory(answers={"people": {"service_user_other": "Visitors"}})

    _save(assessment, "people", "groups", {}, client_manager)

    assessment.refresh_from_db()
    assert "people" not in assessment.answers
    assert _statuses(assessment)["people"] == SectionStatus.NOT_STARTED


def test_saving_writes_an_audit_entry_with_the_section_before_and_after(client_manager):
    assessment = NeedsAssessmentFactory()

    _save(assessment, "standards", "standards", {"standards": ["rrn"]}, client_manager)

    entry = AuditEntry.objects.get(action="assessment.save_answers")
    assert entry.actor == client_manager
    assert entry.before == {"section": "standards", "answers": {}}
    assert entry.after["answers"] == {"standards": ["rrn"]}


def test_saving_refuses_answers_that_belong_to_another_page(client_manager):
    assessment = NeedsAssessmentFactory()

    with pytest.raises(ValidationError):
        _save(assessment, "organisation", "sector", {"headcount": 10}, client_manager)


def test_saving_refuses_answers_the_page_would_not_accept(client_manager):
    assessment = NeedsAssessmentFactory()

    with pytest.raises(ValidationError):
        _save(assessment, "standards", "standards", {"standards": ["none", "rrn"]}, client_manager)
    with pytest.raises(ValidationError):
        _save(assessment, "organisation", "sector", {"sector": "space-travel"}, client_manager)
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_saving_refuses_an_unknown_page(client_manager):
    assessment = NeedsAssessmentFactory()

    with pytest.raises(ValidationError):
        _save(assessment, "organisation", "no-such-page", {}, client_manager)


def test_a_sent_assessment_cannot_be_changed(client_manager):
    assessment = NeedsAssessmentFactory(complete=True, status=NeedsAssessment.Status.SUBMITTED)

    with pytest.raises(ValidationError):
        _save(assessment, "organisation", "sector", {"sector": "education"}, client_manager)


# Time spent -------------------------------------------------------------------------------------


def test_time_from_showing_a_page_to_saving_it_is_added(client_manager):
    assessment = NeedsAssessmentFactory(active_seconds=100)
    token = page_token(assessment.pk, "organisation", "sector", now=NOON)

    with time_machine.travel(NOON + dt.timedelta(seconds=95), tick=False):
        _save(assessment, "organisation", "sector", {"sector": "education"}, client_manager, token)

    assessment.refresh_from_db()
    assert assessment.active_seconds == 195


def test_time_on_one_page_is_capped_so_a_lunch_break_does_not_count(client_manager):
    assessment = NeedsAssessmentFactory()
    token = page_token(assessment.pk, "organisation", "sector", now=NOON)

    with time_machine.travel(NOON + dt.timedelta(hours=1), tick=False):
        _save(assessment, "organisation", "sector", {"sector": "education"}, client_manager, token)

    assessment.refresh_from_db()
    assert assessment.active_seconds == PAGE_TIME_CAP_SECONDS == 15 * 60


def test_time_is_not_counted_without_a_token(client_manager):
    assessment = NeedsAssessmentFactory()

    _save(assessment, "organisation", "sector", {"sector": "education"}, client_manager, None)

    assessment.refresh_from_db()
    assert assessment.active_seconds == 0


@pytest.mark.parametrize(
    "forge",
    [
        "a forged signature",
        "another page",
        "another assessment",
        "a future time",
        "a token from another purpose",
    ],
)
def test_time_is_not_counted_for_a_forged_or_mismatched_token(client_manager, forge):
    assessment = NeedsAssessmentFactory()
    token = {
        "a forged signature": page_token(assessment.pk, "organisation", "sector", now=NOON)[:-3]
        + "abc",
        "another page": page_token(assessment.pk, "organisation", "size", now=NOON),
        "another assessment": page_token(assessment.pk + 1, "organisation", "sector", now=NOON),
        "a future time": page_token(
            assessment.pk, "organisation", "sector", now=NOON + dt.timedelta(minutes=5)
        ),
        "a token from another purpose": signing.dumps(
            {"a": assessment.pk, "p": "organisation/sector", "t": 0}
        ),
    }[forge]

    with time_machine.travel(NOON + dt.timedelta(minutes=2), tick=False):
        _save(assessment, "organisation", "sector", {"sector": "education"}, client_manager, token)

    assessment.refresh_from_db()
    assert assessment.active_seconds == 0
    assert assessment.answers == {"organisation": {"sector": "education"}}


# Sending ----------------------------------------------------------------------------------------


def test_sending_is_refused_while_required_sections_are_missing_and_names_them(client_manager):
    answers = complete_answers()
    del answers["staff"]
    answers["training"] = {"training": ["breakaway"]}
    assessment = NeedsAssessmentFactory(answers=answers)

    with pytest.raises(AssessmentIncompleteError) as refused:
        assessment_submit(assessment=assessment, submitted_by=client_manager)

    assert [s.id for s in refused.value.sections] == ["staff", "training"]
    assert "Staff groups, Existing training" in refused.value.messages[0]
    assessment.refresh_from_db()
    assert assessment.status == NeedsAssessment.Status.IN_PROGRESS


def test_sending_does_not_wait_for_the_optional_incident_data_section(client_manager):
    answers = complete_answers()
    del answers["incident_data"]
    assessment = NeedsAssessmentFactory(answers=answers)

    assessment_submit(assessment=assessment, submitted_by=client_manager)

    assert assessment.status == NeedsAssessment.Status.SUBMITTED


def test_sending_a_complete_assessment_records_who_and_when(client_manager):
    assessment = NeedsAssessmentFactory(complete=True, active_seconds=1130)

    with time_machine.travel(NOON, tick=False):
        assessment_submit(assessment=assessment, submitted_by=client_manager)

    assessment.refresh_from_db()
    assert assessment.status == NeedsAssessment.Status.SUBMITTED
    assert (assessment.submitted_by, assessment.submitted_at) == (client_manager, NOON)
    entry = AuditEntry.objects.get(action="assessment.submit")
    assert entry.after == {"status": "submitted", "active_seconds": 1130}


def test_an_assessment_cannot_be_sent_twice(client_manager):
    assessment = NeedsAssessmentFactory(complete=True)
    assessment_submit(assessment=assessment, submitted_by=client_manager)

    with pytest.raises(ValidationError):
        assessment_submit(assessment=assessment, submitted_by=client_manager)


def test_skipping_the_refresh_date_when_staff_have_had_no_training_still_completes_it(
    client_manager,
):
    answers = complete_answers()
    answers["training"] = {"training": ["none"], "refresher_interval": "12"}
    assessment = NeedsAssessmentFactory(answers=answers)

    assert _statuses(assessment)["training"] == SectionStatus.COMPLETED
    assessment_submit(assessment=assessment, submitted_by=client_manager)


# Reviewing --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["advisor", "provider_admin", "superuser"], indirect=True)
def test_sales_staff_mark_a_sent_assessment_reviewed_with_notes(persona):
    assessment = NeedsAssessmentFactory(complete=True, status=NeedsAssessment.Status.SUBMITTED)

    with time_machine.travel(NOON, tick=False):
        assessment_review(
            assessment=assessment,
            reviewed_by=persona,
            advisor_notes="  Night staff on Ward 3 most at risk.  ",
            mark_reviewed=True,
        )

    assessment.refresh_from_db()
    assert assessment.status == NeedsAssessment.Status.REVIEWED
    assert assessment.advisor_notes == "Night staff on Ward 3 most at risk."
    assert (assessment.reviewed_by, assessment.reviewed_at) == (persona, NOON)
    assert AuditEntry.objects.filter(action="assessment.review", actor=persona).exists()


@pytest.mark.parametrize(
    "persona", ["client_admin", "client_manager", "designer", "trainer"], indirect=True
)
def test_only_sales_staff_may_review(persona):
    assessment = NeedsAssessmentFactory(complete=True, status=NeedsAssessment.Status.SUBMITTED)

    with pytest.raises(PermissionDenied):
        assessment_review(
            assessment=assessment, reviewed_by=persona, advisor_notes="", mark_reviewed=True
        )

    assessment.refresh_from_db()
    assert assessment.status == NeedsAssessment.Status.SUBMITTED


def test_advisors_keep_notes_during_a_call_before_the_assessment_is_sent(advisor):
    assessment = NeedsAssessmentFactory()

    assessment_review(assessment=assessment, reviewed_by=advisor, advisor_notes="Call on Tuesday")

    assessment.refresh_from_db()
    assert assessment.advisor_notes == "Call on Tuesday"
    assert assessment.status == NeedsAssessment.Status.IN_PROGRESS
    assert AuditEntry.objects.filter(action="assessment.notes").count() == 1


def test_an_assessment_not_yet_sent_cannot_be_marked_reviewed(advisor):
    assessment = NeedsAssessmentFactory(complete=True)

    with pytest.raises(ValidationError):
        assessment_review(
            assessment=assessment, reviewed_by=advisor, advisor_notes="", mark_reviewed=True
        )


def test_saving_the_same_notes_again_writes_no_audit_entry(advisor):
    assessment = NeedsAssessmentFactory(advisor_notes="Same")

    assessment_review(assessment=assessment, reviewed_by=advisor, advisor_notes="Same")

    assert not AuditEntry.objects.filter(action__startswith="assessment.").exists()
