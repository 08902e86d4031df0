import json

import pytest
from django.apps import apps
from django.core.management import call_command

from breakaway.accounts.models import Membership, Organisation, Role
from breakaway.core.demo import DEMO_PASSWORD
from breakaway.enquiries.models import Enquiry

pytestmark = pytest.mark.django_db


def _counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"accounts", "core", "enquiries", "assessments", "courses"}
    }


def test_seed_demo_loads_a_provider_three_clients_and_a_login_for_every_role(capsys):
    call_command("seed_demo", "--json")
    out = json.loads(capsys.readouterr().out)
    assert Organisation.objects.providers().count() == 1
    clients = Organisation.objects.filter(kind="client")
    assert {c.sector for c in clients} == {"nhs-mental-health", "social-care", "education"}
    assert {x["role"] for x in out["logins"]} == set(Role.values)
    assert Membership.objects.filter(is_safeguarding_lead=True).exists()


def test_seed_demo_logins_work_with_the_printed_password(client, capsys):
    call_command("seed_demo", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["password"] == DEMO_PASSWORD
    for login in out["logins"]:
        assert client.login(email=login["email"], password=DEMO_PASSWORD), login["email"]


def test_seed_demo_fills_every_pipeline_stage():
    call_command("seed_demo")
    assert set(Enquiry.objects.values_list("stage", flat=True)) == set(Enquiry.Stage.values)


def test_seed_demo_shows_a_submitted_needs_assessment_with_incident_data():
    from breakaway.assessments.models import Incident, NeedsAssessment

    call_command("seed_demo")
    riverside = Organisation.objects.get(slug="riverside-mental-health")
    assert NeedsAssessment.objects.get(organisation=riverside).status == "submitted"
    assert Incident.objects.filter(organisation=riverside).count() > 1000


def test_seed_demo_proposes_a_course_for_the_trust():
    from breakaway.catalogue.content import load_catalogue
    from breakaway.courses.models import CourseDesign

    load_catalogue()  # a browser test earlier in the run may have emptied it
    call_command("seed_demo")
    design = CourseDesign.objects.get(organisation__slug="riverside-mental-health")
    assert design.versions.get().course["modules"]


def test_seed_demo_changes_nothing_the_second_time():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
