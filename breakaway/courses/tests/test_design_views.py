"""The course design pages: list, new, detail with versions, and the editor with its checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breakaway.accounts.tests.factories import ClientFactory
from breakaway.assessments.tests.factories import NeedsAssessmentFactory
from breakaway.catalogue.content import load_catalogue
from breakaway.core.models import AuditEntry
from breakaway.courses import views_designs
from breakaway.courses.composer import ArrangementDoesNotFit, CourseDoesNotFit
from breakaway.courses.models import CourseDesign
from breakaway.courses.selectors import version_diff
from breakaway.courses.services import course_design_create, course_design_revise

pytestmark = pytest.mark.django_db

# The shipped catalogue's 3-hour proposal for a client with a needs assessment.
PROPOSED = [
    ("duty-of-care", 30),
    ("law-and-force", 45),
    ("scenario-rehearsal", 60),
    ("after-an-incident", 30),
]


@pytest.fixture(autouse=True)
def shipped(db):
    load_catalogue()


@pytest.fixture
def design(client_org):
    NeedsAssessmentFactory(organisation=client_org, complete=True, status="submitted")
    return course_design_create(organisation=client_org, created_by=None, length="3h", headcount=20)


def post_data(modules, **extra):
    data = {}
    for index, (code, minutes) in enumerate(modules):
        data[f"module-{index}-code"] = code
        data[f"module-{index}-minutes"] = str(minutes)
    return data | extra


def test_the_composer_proposal_is_what_the_tests_expect(design):
    course = design.versions.get().course
    assert [(m["code"], m["minutes"]) for m in course["modules"]] == PROPOSED


# ---------------------------------------------------------------------------- the list


def test_the_list_shows_every_design_newest_first(client, trainer, design, client_org):
    later = course_design_create(
        organisation=client_org, created_by=None, length="half-day", headcount=8
    )
    client.force_login(trainer)
    response = client.get(reverse("courses:design_list"))
    assert response.status_code == 200
    assert list(response.context["designs"]) == [later, design]
    assert b"Design a course" not in response.content  # trainers read, they do not design


def test_the_list_costs_the_same_queries_for_3_designs_as_for_30(client, designer, provider):
    client.force_login(designer)
    organisations = [ClientFactory(provider=provider) for _ in range(30)]

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("courses:design_list")).status_code == 200
        return len(context.captured_queries)

    for organisation in organisations[:3]:
        course_design_create(organisation=organisation, created_by=None, length="3h", headcount=5)
    three = queries()
    for organisation in organisations[3:]:
        course_design_create(organisation=organisation, created_by=None, length="3h", headcount=5)
    assert queries() == three


# ---------------------------------------------------------------------------- a new design


def test_a_designer_creates_a_design_and_sees_version_1(client, designer, client_org):
    NeedsAssessmentFactory(organisation=client_org, complete=True, status="submitted")
    client.force_login(designer)
    response = client.post(
        reverse("courses:design_new"),
        {"organisation": client_org.pk, "length": "1-day", "headcount": 24, "max_intensity": "2"},
    )
    design = CourseDesign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:design_detail", kwargs={"pk": design.pk})
    version = design.versions.get()
    assert version.inputs["max_intensity"] == 2
    assert max(m["intensity"] for m in version.course["modules"]) <= 2
    assert design.created_by == designer


def test_a_course_that_does_not_fit_is_shown_in_the_error_summary(
    client, designer, client_org, monkeypatch
):
    def does_not_fit(**kwargs):
        raise CourseDoesNotFit("The mandatory modules do not fit in a 3-hour course.")

    monkeypatch.setattr(views_designs, "course_design_create", does_not_fit)
    client.force_login(designer)
    response = client.post(
        reverse("courses:design_new"),
        {"organisation": client_org.pk, "length": "3h", "headcount": 10},
    )
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"The mandatory modules do not fit in a 3-hour course." in response.content


def test_the_new_design_form_says_what_is_missing(client, designer):
    client.force_login(designer)
    response = client.post(reverse("courses:design_new"), {"headcount": "lots"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose the client the course is for" in content
    assert "Choose how long the course is" in content
    assert "Enter the number of staff as a whole number, like 24" in content


def test_only_the_providers_clients_can_be_chosen(client, designer, client_org):
    stranger = ClientFactory()  # another provider's client
    client.force_login(designer)
    response = client.get(reverse("courses:design_new"))
    choices = list(response.context["form"].fields["organisation"].queryset)
    assert client_org in choices
    assert stranger not in choices


# ---------------------------------------------------------------------------- the detail


def test_the_detail_shows_modules_timetable_groups_and_risk_areas(client, trainer, design):
    client.force_login(trainer)
    response = client.get(reverse("courses:design_detail", kwargs={"pk": design.pk}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The law on self-defence and reasonable force at work" in content
    assert "09:00" in content
    assert "Break" in content
    assert "Group 2: 10 attendees, 1 trainer" in content
    assert "Risk areas" in content
    assert "Change the course" not in content  # trainers may not edit


def test_an_unknown_version_is_not_found(client, designer, design):
    client.force_login(designer)
    url = reverse("courses:design_detail", kwargs={"pk": design.pk})
    assert client.get(f"{url}?version=9").status_code == 404


def test_another_providers_design_is_not_found(client, designer):
    stranger = ClientFactory()
    other = course_design_create(organisation=stranger, created_by=None, length="3h", headcount=5)
    client.force_login(designer)
    assert client.get(reverse("courses:design_detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("courses:design_edit", kwargs={"pk": other.pk})).status_code == 404


# ---------------------------------------------------------------------------- the editor


def test_the_editor_lists_the_current_modules_in_hidden_and_number_inputs(client, designer, design):
    client.force_login(designer)
    response = client.get(reverse("courses:design_edit", kwargs={"pk": design.pk}))
    content = response.content.decode()
    assert 'name="module-0-code"' in content
    assert 'value="duty-of-care"' in content
    assert 'name="module-2-minutes"' in content
    assert "All the rules are met" in content
    assert "You have not changed anything yet." in content
    assert 'value="remove:0"' not in content  # duty of care is mandatory
    assert 'value="remove:2"' in content
    assert "Save as version 2" in content


def test_the_check_returns_the_problems_for_htmx(client, designer, design):
    client.force_login(designer)
    modules = [*PROPOSED[:2], ("scenario-rehearsal", 90), PROPOSED[3]]
    response = client.post(
        reverse("courses:design_check", kwargs={"pk": design.pk}),
        post_data(modules),
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "1 rule is broken" in content
    assert "The modules take 195 minutes of teaching, 25 more than a 3-hour course holds" in content


def test_the_check_says_all_the_rules_are_met_with_the_timetable_and_groups(
    client, designer, design
):
    client.force_login(designer)
    modules = [*PROPOSED[:2], ("scenario-rehearsal", 65), PROPOSED[3]]
    response = client.post(
        reverse("courses:design_check", kwargs={"pk": design.pk}), post_data(modules)
    )
    content = response.content.decode()
    assert "All the rules are met" in content
    assert "170 of the 170 teaching minutes" in content
    assert "09:00 to 12:00, 1 break" in content
    assert "Groups: 2, at most 12 attendees per trainer, 2 trainers in all." in content


def test_a_move_returns_the_whole_editor_in_the_new_order(client, designer, design):
    client.force_login(designer)
    response = client.post(
        reverse("courses:design_check", kwargs={"pk": design.pk}),
        post_data(PROPOSED, action="down:2"),
    )
    content = response.content.decode()
    assert 'id="editor"' in content
    rows = response.context["arrangement"].codes
    assert rows == ["duty-of-care", "law-and-force", "after-an-incident", "scenario-rehearsal"]
    assert "scenario-rehearsal (scenarios) comes after after-an-incident (review)" in content


def test_without_javascript_the_buttons_post_to_the_editor(client, designer, design):
    client.force_login(designer)
    url = reverse("courses:design_edit", kwargs={"pk": design.pk})
    response = client.post(url, post_data(PROPOSED, action="up:1"))
    assert response.status_code == 200
    assert response.context["arrangement"].codes[:2] == ["law-and-force", "duty-of-care"]
    response = client.post(url, post_data(PROPOSED, action="remove:0"))
    assert len(response.context["arrangement"].rows) == 4  # mandatory: stays
    response = client.post(url, post_data(PROPOSED, action="add", **{"add-module": "lone-working"}))
    assert response.context["arrangement"].codes[-1] == "lone-working"
    content = response.content.decode()
    assert "2 rules are broken" in content  # awareness after review, and too long


def test_minutes_that_are_not_a_number_are_a_problem(client, designer, design):
    client.force_login(designer)
    data = post_data(PROPOSED) | {"module-1-minutes": "forty"}
    response = client.post(reverse("courses:design_check", kwargs={"pk": design.pk}), data)
    assert "Enter the minutes for law-and-force as a whole number, like 45." in (
        response.content.decode()
    )


def test_saving_needs_a_note_and_no_broken_rules(client, designer, design):
    client.force_login(designer)
    url = reverse("courses:design_edit", kwargs={"pk": design.pk})
    response = client.post(url, post_data(PROPOSED, action="save"))
    assert response.status_code == 400
    assert "Say what you changed" in response.content.decode()
    too_long = [*PROPOSED[:2], ("scenario-rehearsal", 120), PROPOSED[3]]
    response = client.post(url, post_data(too_long, action="save", change_note="Longer"))
    assert response.status_code == 400
    assert "Fix the broken rules" in response.content.decode()
    assert design.versions.count() == 1


def test_saving_makes_version_2_and_shows_the_diff(client, designer, design):
    client.force_login(designer)
    modules = [PROPOSED[1], PROPOSED[0], ("scenario-rehearsal", 65), PROPOSED[3]]
    response = client.post(
        reverse("courses:design_edit", kwargs={"pk": design.pk}),
        post_data(modules, action="save", change_note="Law first; longer scenarios"),
    )
    detail = reverse("courses:design_detail", kwargs={"pk": design.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{detail}?version=2"
    version = design.versions.get(number=2)
    assert version.change_note == "Law first; longer scenarios"
    assert version.created_by == designer
    assert AuditEntry.objects.filter(action="course_design.revise").count() == 1
    content = client.get(response["Location"]).content.decode()
    assert "What changed from version 1 to version 2" in content
    assert "scenario-rehearsal Scenario rehearsal built on your own flashpoints: from 60 to 65" in (
        content
    )
    assert "Teaching time: from 165 to 170 minutes." in content


# ---------------------------------------------------------------------------- service and diff


def test_revise_refuses_an_arrangement_that_breaks_a_rule(design, designer):
    with pytest.raises(ArrangementDoesNotFit) as caught:
        course_design_revise(
            design=design, modules=PROPOSED[1:], change_note="No duty of care", revised_by=designer
        )
    assert "duty-of-care is mandatory and must stay in the course" in caught.value.problems[0]
    with pytest.raises(ValidationError):
        course_design_revise(design=design, modules=PROPOSED, change_note=" ", revised_by=designer)


def test_revise_saves_nothing_when_nothing_changed(design, designer):
    version = course_design_revise(
        design=design, modules=PROPOSED, change_note="Looked again", revised_by=designer
    )
    assert version.number == 1
    assert design.versions.count() == 1


def test_the_diff_names_modules_added_removed_moved_and_retimed(design, designer):
    modules = [
        ("law-and-force", 45),
        ("duty-of-care", 30),
        ("recognising-escalation", 45),
        ("after-an-incident", 40),
    ]
    new = course_design_revise(
        design=design, modules=modules, change_note="Awareness, no scenarios", revised_by=designer
    )
    old = design.versions.get(number=1)
    texts = [(c.kind, c.text) for c in version_diff(old=old, new=new)]
    assert texts == [
        ("moved", "Moved duty-of-care Duty of care and risk management from 1st to 2nd."),
        ("added", "Added recognising-escalation Recognising escalation: the assault cycle and "
                  "early cues (45 minutes), 3rd in the course."),
        ("minutes", "after-an-incident After an incident: reporting, RIDDOR, debrief and "
                    "support: from 30 to 40 minutes."),
        ("removed", "Removed scenario-rehearsal Scenario rehearsal built on your own "
                    "flashpoints (60 minutes)."),
        ("groups", "Groups: from 2 groups (10 and 10 attendees), 2 trainers, at most 12 per "
                   "trainer to 2 groups (10 and 10 attendees), 2 trainers, at most 16 per "
                   "trainer."),
        ("teaching", "Teaching time: from 165 to 160 minutes."),
    ]  # fmt: skip
