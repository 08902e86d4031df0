"""Composing courses for real clients from the shipped catalogue: command, API, storage."""

import json

import pytest
from django.core.management import call_command

from breakaway.accounts.services import api_token_create
from breakaway.assessments.tests.factories import NeedsAssessmentFactory
from breakaway.assessments.tests.incident_factories import IncidentFactory
from breakaway.catalogue.content import load_catalogue
from breakaway.catalogue.models import ModuleVersion
from breakaway.courses.models import CourseDesign

pytestmark = pytest.mark.django_db

CONTRACT = {
    "modules",
    "timetable",
    "contact_minutes",
    "attendees_per_trainer",
    "groups",
    "risk_areas",
}


@pytest.fixture(autouse=True)
def shipped(db):
    load_catalogue()


def _design(capsys, *args):
    code = 0
    try:
        call_command("design_course", *map(str, args), "--json")
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(capsys.readouterr().out)


def _incidents(organisation, n, **values):
    IncidentFactory.create_batch(n, organisation=organisation, **values)


def test_the_command_prints_the_contract_fields(capsys, client_org):
    NeedsAssessmentFactory(organisation=client_org, complete=True, status="submitted")
    code, course = _design(
        capsys, "--organisation", client_org.slug, "--length", "1-day", "--headcount", 30
    )
    assert code == 0
    assert course.keys() >= CONTRACT
    assert sum(g["attendees"] for g in course["groups"]) == 30
    assert course["contact_minutes"] == sum(m["minutes"] for m in course["modules"])
    assert {e["kind"] for e in course["timetable"]} >= {"module", "break", "lunch"}
    mandatory = set(
        ModuleVersion.objects.current()
        .filter(is_mandatory=True)
        .values_list("module__code", flat=True)
    )
    assert mandatory <= {m["code"] for m in course["modules"]}


def test_a_verbal_client_gets_a_less_physical_course_than_a_grabbing_one(
    capsys, client_org, other_client
):
    _incidents(
        client_org, 60, category="verbal_abuse", category_raw="Verbal abuse", assault_form=""
    )
    _incidents(
        client_org, 20, category="threatening_behaviour", category_raw="Threats", assault_form=""
    )
    _incidents(
        other_client, 50, category="physical_assault", assault_form="grab", assault_form_raw="Grab"
    )
    _incidents(
        other_client,
        30,
        category="physical_assault",
        assault_form="strangle",
        assault_form_raw="Headlock",
        harm="moderate",
    )
    _code, verbal = _design(
        capsys, "--organisation", client_org.slug, "--length", "3h", "--headcount", 12
    )
    _code, physical = _design(
        capsys, "--organisation", other_client.slug, "--length", "3h", "--headcount", 12
    )
    assert {m["code"] for m in verbal["modules"]} != {m["code"] for m in physical["modules"]}
    assert max(m["intensity"] for m in verbal["modules"]) < max(
        m["intensity"] for m in physical["modules"]
    )
    covered = {a["id"] for a in physical["risk_areas"] if a["covered_by"]}
    assert {"grabs_and_holds", "strangles_and_headlocks"} <= covered


def test_the_intensity_cap_is_respected(capsys, client_org):
    _incidents(
        client_org, 40, category="physical_assault", assault_form="grab", assault_form_raw="Grab"
    )
    code, course = _design(
        capsys,
        "--organisation",
        client_org.slug,
        "--length",
        "1-day",
        "--headcount",
        10,
        "--max-intensity",
        1,
    )
    assert code == 0
    assert max(m["intensity"] for m in course["modules"]) <= 1


def test_a_length_too_short_for_the_mandatory_modules_exits_2(capsys, client_org):
    ModuleVersion.objects.current().filter(is_mandatory=True).update(typical_minutes=150)
    code, out = _design(
        capsys, "--organisation", client_org.slug, "--length", "3h", "--headcount", 10
    )
    assert code == 2
    assert "mandatory" in out["errors"][0]


def test_the_command_lists_bad_arguments(capsys):
    code, out = _design(capsys, "--organisation", "nowhere", "--length", "week", "--headcount", 0)
    assert code == 2
    assert len(out["errors"]) == 3


def test_the_api_composes_and_stores_a_design(client, designer, client_org):
    _token, secret = api_token_create(user=designer, name="t")
    response = client.post(
        "/api/v1/course-designs",
        {"organisation": client_org.slug, "length": "half-day", "headcount": 20},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201
    body = response.json()
    assert body.keys() >= CONTRACT | {"id", "version"}
    design = CourseDesign.objects.get(pk=body["id"])
    assert design.versions.get().course["modules"] == body["modules"]


def test_the_api_answers_422_when_the_course_cannot_fit(client, designer, client_org):
    ModuleVersion.objects.current().filter(is_mandatory=True).update(typical_minutes=150)
    _token, secret = api_token_create(user=designer, name="t")
    response = client.post(
        "/api/v1/course-designs",
        {"organisation": client_org.slug, "length": "3h", "headcount": 20},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422
    assert not CourseDesign.objects.exists()
