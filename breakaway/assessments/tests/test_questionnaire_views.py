"""The needs-assessment pages: filling in, saving as you go, checking, sending, reviewing."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from breakaway.accounts.tests.factories import ClientFactory
from breakaway.assessments.models import NeedsAssessment
from breakaway.assessments.questionnaire import SECTIONS
from breakaway.assessments.tests.factories import NeedsAssessmentFactory, complete_answers

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
ALL_PAGES = [(section.id, page.id) for section in SECTIONS for page in section.pages]


def _url(name, **kwargs):
    return reverse(f"assessments:{name}", kwargs=kwargs)


def _page(assessment, section, page, check=False):
    url = _url("assessment_page", pk=assessment.pk, section=section, page=page)
    return url + ("?from=check" if check else "")


@pytest.fixture
def assessment(client_org):
    return NeedsAssessmentFactory(organisation=client_org)


@pytest.fixture
def complete(client_org):
    return NeedsAssessmentFactory(organisation=client_org, complete=True)


@pytest.fixture
def signed_in(client, client_manager):
    client.force_login(client_manager)
    return client


# Question pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("section", "page"), ALL_PAGES)
def test_each_question_page_shows_its_questions_and_both_save_buttons(
    signed_in, assessment, section, page
):
    response = signed_in.get(_page(assessment, section, page))

    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    for field in form.visible_fields():
        assert str(field.label) in html or field.widget_type == "hidden"
    assert "Save and continue" in html
    assert "Save and come back later" in html
    assert 'name="shown"' in html


def test_radios_and_checkboxes_are_fieldsets_with_a_legend(signed_in, assessment):
    html = signed_in.get(_page(assessment, "environments", "places")).content.decode()

    assert re.search(r'<fieldset class="fieldset" id="id_environments"', html)
    assert "<legend" in html
    assert "Where do your staff work?" in html


def test_the_sector_and_headcount_we_know_are_suggested(signed_in, assessment, client_org):
    response = signed_in.get(_page(assessment, "organisation", "sector"))

    assert response.context["form"]["sector"].value() == client_org.sector
    size = signed_in.get(_page(assessment, "organisation", "size"))
    assert size.context["form"]["headcount"].value() == 1200


def test_an_invalid_answer_shows_the_error_summary_and_is_not_saved(signed_in, assessment):
    response = signed_in.post(
        _page(assessment, "organisation", "size"),
        {"sites": "lots", "headcount": "", "action": "continue"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_sites"' in html
    assert "Enter the number of sites as a whole number, like 3" in html
    assert "Enter the number of staff" in html
    assert re.search(r"<title>\s*Error:", html)
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_an_unchosen_radio_links_the_error_to_its_first_choice(signed_in, assessment):
    response = signed_in.post(_page(assessment, "environments", "lone-working"), {})

    assert 'href="#id_lone_working_0"' in response.content.decode()


def test_save_and_come_back_later_keeps_a_partial_page(signed_in, assessment):
    response = signed_in.post(
        _page(assessment, "organisation", "size"), {"sites": "3", "action": "save"}, follow=True
    )

    assert response.redirect_chain[-1][0] == _url("assessment_detail", pk=assessment.pk)
    assert "Your answers are saved" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.answers == {"organisation": {"sites": 3}}


def test_save_and_come_back_later_still_refuses_nonsense(signed_in, assessment):
    response = signed_in.post(
        _page(assessment, "organisation", "size"), {"sites": "lots", "action": "save"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    # Both questions still read as ones to answer, though a draft may leave them blank.
    assert "(optional)" not in html
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_continue_goes_to_the_next_question_and_from_the_last_to_the_task_list(
    signed_in, assessment
):
    first = signed_in.post(
        _page(assessment, "organisation", "sector"), {"sector": "education", "action": "continue"}
    )
    assert first["Location"] == _page(assessment, "organisation", "setting")

    last = signed_in.post(
        _page(assessment, "organisation", "size"),
        {"sites": "1", "headcount": "45", "action": "continue"},
    )
    assert last["Location"] == _url("assessment_detail", pk=assessment.pk)


def test_a_change_from_check_your_answers_returns_there(signed_in, complete):
    response = signed_in.post(
        _page(complete, "flashpoints", "situations", check=True),
        {"flashpoints": ["bad_news"], "action": "continue"},
    )

    assert response["Location"] == _url("assessment_check", pk=complete.pk)


def test_a_change_that_opens_a_new_question_asks_it_before_returning_to_check(
    signed_in, client_org
):
    answers = complete_answers()
    answers["training"] = {"training": ["none"], "refresher_interval": "12"}
    assessment = NeedsAssessmentFactory(organisation=client_org, answers=answers)

    response = signed_in.post(
        _page(assessment, "training", "current", check=True),
        {"training": ["breakaway"], "action": "continue"},
    )

    assert response["Location"] == _page(assessment, "training", "refreshed", check=True)


def test_a_question_that_does_not_apply_is_skipped(signed_in, client_org):
    assessment = NeedsAssessmentFactory(
        organisation=client_org, answers={"training": {"training": ["none"]}}
    )

    response = signed_in.get(_page(assessment, "training", "refreshed"))

    assert response["Location"] == _page(assessment, "training", "interval")


def test_add_another_group_saves_and_shows_one_more_row(signed_in, assessment):
    response = signed_in.post(
        _page(assessment, "staff", "groups"),
        {
            "rows": "2",
            "group_1_name": "Ward nurses",
            "group_1_headcount": "120",
            "group_1_shifts": "shifts",
            "group_2_name": "Porters",
            "action": "add",
        },
    )

    assert response["Location"] == _page(assessment, "staff", "groups") + "#group-3"
    assessment.refresh_from_db()
    assert [g["name"] for g in assessment.answers["staff"]["staff_groups"]] == [
        "Ward nurses",
        "Porters",
    ]
    html = signed_in.get(_page(assessment, "staff", "groups")).content.decode()
    assert 'id="group-3"' in html
    assert 'id="group-4"' not in html
    assert re.search(r'name="rows" value="3"', html)
    # Each row is a question to answer, even though a blank one is simply skipped.
    assert "(optional)" not in html


def test_time_on_a_page_counts_from_when_it_was_first_shown(signed_in, assessment):
    url = _page(assessment, "organisation", "sector")
    with time_machine.travel(NOON, tick=False):
        shown = signed_in.get(url).context["shown"]
    with time_machine.travel(NOON + dt.timedelta(seconds=30), tick=False):
        invalid = signed_in.post(url, {"shown": shown, "action": "continue"})
    # The page shown again with its error carries the same start time.
    assert invalid.context["shown"] == shown
    with time_machine.travel(NOON + dt.timedelta(seconds=50), tick=False):
        signed_in.post(url, {"shown": shown, "sector": "education", "action": "continue"})

    assessment.refresh_from_db()
    assert assessment.active_seconds == 50


def test_a_forged_page_time_is_not_counted(signed_in, assessment):
    signed_in.post(
        _page(assessment, "organisation", "sector"),
        {"shown": "eyJ0IjogMH0:forged:signature", "sector": "education", "action": "continue"},
    )

    assessment.refresh_from_db()
    assert assessment.answers == {"organisation": {"sector": "education"}}
    assert assessment.active_seconds == 0


def test_an_unknown_page_is_not_found(signed_in, assessment):
    assert signed_in.get(_page(assessment, "organisation", "nope")).status_code == 404
    assert signed_in.get(_page(assessment, "nope", "sector")).status_code == 404


def test_a_sent_assessment_can_no_longer_be_changed(signed_in, client_org):
    sent = NeedsAssessmentFactory(
        organisation=client_org, complete=True, status=NeedsAssessment.Status.SUBMITTED
    )

    for response in [
        signed_in.get(_page(sent, "organisation", "sector")),
        signed_in.post(_page(sent, "organisation", "sector"), {"sector": "education"}),
        signed_in.get(_url("assessment_check", pk=sent.pk)),
    ]:
        assert response["Location"] == _url("assessment_detail", pk=sent.pk)
    sent.refresh_from_db()
    assert sent.answers["organisation"]["sector"] == "nhs-mental-health"


# The task list, checking and sending ------------------------------------------------------------


def test_the_task_list_shows_each_sections_status_and_the_progress(signed_in, client_org):
    answers = {"organisation": complete_answers()["organisation"], "people": {"x": 1}}
    assessment = NeedsAssessmentFactory(organisation=client_org, answers=answers)

    html = signed_in.get(_url("assessment_detail", pk=assessment.pk)).content.decode()

    assert "1 of 11 sections completed" in html
    assert '<progress class="progress__bar"' in html
    assert html.count(">Completed<") == 1
    assert html.count(">In progress<") == 2  # the section, and the assessment's own status
    assert html.count(">Not started<") == 9
    assert "Cannot send yet" in html


def test_check_your_answers_has_change_links_and_a_send_button_when_complete(signed_in, complete):
    html = signed_in.get(_url("assessment_check", pk=complete.pk)).content.decode()

    assert _page(complete, "organisation", "sector", check=True) + "#id_sector" in html
    assert "Send the needs assessment" in html
    assert "Ward nurses: 120 staff, shifts including nights" in html


def test_check_your_answers_says_what_is_missing_instead_of_offering_to_send(signed_in, assessment):
    html = signed_in.get(_url("assessment_check", pk=assessment.pk)).content.decode()

    assert "You cannot send the assessment yet" in html
    assert "Send the needs assessment" not in html


def test_sending_an_incomplete_assessment_says_which_sections_are_missing(signed_in, client_org):
    answers = complete_answers()
    del answers["policies"]
    assessment = NeedsAssessmentFactory(organisation=client_org, answers=answers)

    response = signed_in.post(_url("assessment_submit", pk=assessment.pk))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Complete these sections before you send the assessment" in html
    assert f'href="{_page(assessment, "policies", "policies")}">Policies in place</a>' in html
    assessment.refresh_from_db()
    assert assessment.status == NeedsAssessment.Status.IN_PROGRESS


def test_sending_a_complete_assessment_shows_how_long_it_took(signed_in, complete):
    complete.active_seconds = 1130
    complete.save()

    response = signed_in.post(_url("assessment_submit", pk=complete.pk), follow=True)

    html = response.content.decode()
    assert "You have sent the needs assessment" in html
    assert "It took about 19 minutes." in html
    assert "Advisor’s review" not in html
    complete.refresh_from_db()
    assert complete.status == NeedsAssessment.Status.SUBMITTED


def test_submit_accepts_only_posts(signed_in, complete):
    assert signed_in.get(_url("assessment_submit", pk=complete.pk)).status_code == 405


# Starting ---------------------------------------------------------------------------------------


def test_a_client_starts_an_assessment_and_starting_again_resumes_it(signed_in, client_org):
    first = signed_in.post(_url("assessment_start", slug=client_org.slug))
    again = signed_in.post(_url("assessment_start", slug=client_org.slug), follow=True)

    assessment = NeedsAssessment.objects.get(organisation=client_org)
    assert first["Location"] == _url("assessment_detail", pk=assessment.pk)
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "carried on with the assessment already started" in again.content.decode()


def test_the_start_page_offers_to_continue_the_assessment_in_progress(signed_in, assessment):
    html = signed_in.get(
        _url("assessment_start", slug=assessment.organisation.slug)
    ).content.decode()

    assert "Continue the needs assessment" in html
    assert _url("assessment_detail", pk=assessment.pk) in html


def test_an_advisor_chooses_a_client_and_starts_its_assessment(
    client, advisor, client_org, other_client
):
    client.force_login(advisor)
    NeedsAssessmentFactory(organisation=client_org)

    chooser = client.get(_url("assessment_choose_client")).content.decode()
    assert client_org.name in chooser
    assert other_client.name in chooser
    assert chooser.count("Assessment in progress") == 1
    found = client.get(_url("assessment_choose_client"), {"q": "hillcrest"}).content.decode()
    assert other_client.name in found
    assert client_org.name not in found

    client.post(_url("assessment_start", slug=other_client.slug))

    started = NeedsAssessment.objects.get(organisation=other_client)
    assert started.started_by == advisor


def test_an_advisor_can_fill_in_a_page_for_the_client(client, advisor, assessment):
    client.force_login(advisor)

    client.post(
        _page(assessment, "standards", "standards"), {"standards": ["cstf"], "action": "continue"}
    )

    assessment.refresh_from_db()
    assert assessment.answers == {"standards": {"standards": ["cstf"]}}


# Reviewing --------------------------------------------------------------------------------------


def test_an_advisor_adds_notes_and_marks_a_sent_assessment_reviewed(client, advisor, client_org):
    sent = NeedsAssessmentFactory(
        organisation=client_org, complete=True, status=NeedsAssessment.Status.SUBMITTED
    )
    client.force_login(advisor)
    assert (
        "Save and mark as reviewed"
        in client.get(_url("assessment_detail", pk=sent.pk)).content.decode()
    )

    response = client.post(
        _url("assessment_review", pk=sent.pk),
        {"advisor_notes": "Focus on night shifts.", "action": "review"},
    )

    assert response["Location"] == _url("assessment_detail", pk=sent.pk) + "#review"
    sent.refresh_from_db()
    assert (sent.status, sent.advisor_notes, sent.reviewed_by) == (
        "reviewed",
        "Focus on night shifts.",
        advisor,
    )


def test_marking_an_unsent_assessment_reviewed_shows_the_problem(client, advisor, assessment):
    client.force_login(advisor)

    response = client.post(
        _url("assessment_review", pk=assessment.pk), {"advisor_notes": "x", "action": "review"}
    )

    assert response.status_code == 400
    assert "has not sent this assessment yet" in response.content.decode()


@pytest.mark.parametrize("persona", ["client_admin", "client_manager"], indirect=True)
def test_client_staff_cannot_review_or_see_the_advisors_notes(client, persona, client_org):
    sent = NeedsAssessmentFactory(
        organisation=client_org,
        complete=True,
        status=NeedsAssessment.Status.SUBMITTED,
        advisor_notes="Private note",
    )
    client.force_login(persona)

    html = client.get(_url("assessment_detail", pk=sent.pk)).content.decode()
    response = client.post(_url("assessment_review", pk=sent.pk), {"action": "review"})

    assert "Private note" not in html
    assert response.status_code == 403


# Who may see what -------------------------------------------------------------------------------


def _routes(assessment):
    page = _page(assessment, "organisation", "sector")
    return [
        ("get", _url("assessment_list")),
        ("get", _url("assessment_choose_client")),
        ("get", _url("assessment_start", slug=assessment.organisation.slug)),
        ("post", _url("assessment_start", slug=assessment.organisation.slug)),
        ("get", _url("assessment_detail", pk=assessment.pk)),
        ("get", page),
        ("post", page),
        ("get", _url("assessment_check", pk=assessment.pk)),
        ("post", _url("assessment_submit", pk=assessment.pk)),
        ("post", _url("assessment_review", pk=assessment.pk)),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, complete):
    for method, url in _routes(complete):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    complete.refresh_from_db()
    assert complete.status == NeedsAssessment.Status.IN_PROGRESS


@pytest.mark.parametrize("persona", ["designer", "trainer"], indirect=True)
def test_designers_and_trainers_are_forbidden(client, persona, complete):
    client.force_login(persona)

    for method, url in _routes(complete):
        assert getattr(client, method)(url).status_code == 403, url
    complete.refresh_from_db()
    assert complete.status == NeedsAssessment.Status.IN_PROGRESS


def test_another_clients_staff_get_not_found(client, other_client_admin, complete):
    client.force_login(other_client_admin)

    for method, url in _routes(complete)[2:-1]:
        assert getattr(client, method)(url).status_code == 404, url
    complete.refresh_from_db()
    assert complete.status == NeedsAssessment.Status.IN_PROGRESS
    assert not NeedsAssessment.objects.filter(organisation__slug="hillcrest-academy").exists()


def test_another_providers_advisor_gets_not_found(client, complete):
    from breakaway.accounts.models import Role
    from breakaway.accounts.tests.factories import ProviderFactory, UserFactory

    stranger = UserFactory(
        membership__organisation=ProviderFactory(name="Elsewhere Training"),
        membership__role=Role.ADVISOR,
    )
    client.force_login(stranger)

    assert client.get(_url("assessment_detail", pk=complete.pk)).status_code == 404
    assert client.get(_page(complete, "organisation", "sector")).status_code == 404


def test_the_list_shows_a_client_only_its_own_assessments(signed_in, client_org, other_client):
    NeedsAssessmentFactory(organisation=client_org)
    NeedsAssessmentFactory(organisation=other_client)

    response = signed_in.get(_url("assessment_list"))

    assert [a.organisation for a in response.context["assessments"]] == [client_org]
    assert "Start or continue your needs assessment" in response.content.decode()


def test_the_list_shows_sales_staff_every_clients_assessments(
    client, advisor, client_org, other_client
):
    NeedsAssessmentFactory(organisation=client_org)
    NeedsAssessmentFactory(organisation=other_client)
    client.force_login(advisor)

    response = client.get(_url("assessment_list"))

    assert {a.organisation for a in response.context["assessments"]} == {client_org, other_client}
    assert "Start a needs assessment for a client" in response.content.decode()


def test_the_list_takes_the_same_queries_for_3_and_30_assessments(
    client, advisor, django_assert_num_queries
):
    client.force_login(advisor)
    provider = advisor.memberships.get().organisation
    for total in (3, 30):
        while NeedsAssessment.objects.count() < total:
            NeedsAssessmentFactory(
                organisation=ClientFactory(provider=provider),
                complete=True,
                started_by=advisor,
                status=NeedsAssessment.Status.SUBMITTED,
                submitted_by=advisor,
            )
        # Session, user, memberships, the count for the pages, the page of assessments.
        with django_assert_num_queries(5):
            response = client.get(_url("assessment_list"))
        assert len(response.context["rows"]) == total


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("client_manager", True), ("advisor", True), ("trainer", False), ("designer", False)],
    indirect=["persona"],
)
def test_the_navigation_and_home_page_link_to_the_assessments(client, persona, shown):
    client.force_login(persona)

    response = client.get(reverse("portal:home"))

    labels = [item["label"] for item in response.context["nav_items"]]
    assert ("Needs assessments" in labels) is shown
    assert (_url("assessment_list") in response.content.decode()) is shown
