"""The API and the profile command: the contract fields, 202 jobs, tenancy."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from breakaway.accounts.services import api_token_create
from breakaway.assessments.models import Incident
from breakaway.assessments.tests.factories import NeedsAssessmentFactory
from breakaway.assessments.tests.incident_factories import IncidentFactory

pytestmark = pytest.mark.django_db

EXPORT = (
    b"Incident Ref,Date of incident,Time,Location,Incident Category\r\n"
    b"A1,03/03/2026,19:30,Ward corridor,Physical assault\r\n"
    b"A2,31/02/2026,10:00,Bedroom,Verbal abuse\r\n"
    b"A3,05/03/2026,08:00,Reception,Verbal abuse\r\n"
)

PROFILE_KEYS = {
    "total",
    "by_category",
    "by_location",
    "by_hour",
    "by_weekday",
    "by_month",
    "riddor_reportable",
    "rate_per_100_staff_year",
    "flashpoints",
}


def bearer(user):
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _upload(client, organisation, headers, **form):
    return client.post(
        f"/api/v1/organisations/{organisation.slug}/incidents/import",
        {"file": SimpleUploadedFile("export.csv", EXPORT, "text/csv"), **form},
        **headers,
    )


def test_an_import_answers_202_and_its_job_holds_the_command_json(
    client, client_admin, client_org, django_capture_on_commit_callbacks
):
    headers = bearer(client_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, client_org, headers, skip_invalid="true")
    assert response.status_code == 202
    job = client.get(response.json()["url"], **headers).json()
    assert job["status"] == "done"
    assert {"rows": 3, "imported": 2, "duplicates": 0}.items() <= job["result"].items()
    assert job["result"]["rejected"][0]["row"] == 3
    assert Incident.objects.filter(organisation=client_org).count() == 2


def test_an_import_with_errors_and_no_skip_writes_nothing(
    client, client_admin, client_org, django_capture_on_commit_callbacks
):
    headers = bearer(client_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, client_org, headers)
    job = client.get(response.json()["url"], **headers).json()
    assert job["status"] == "invalid"
    assert job["result"]["imported"] == 0
    assert not Incident.objects.exists()


def test_an_import_with_a_mapping_that_is_not_json_is_refused(client, client_admin, client_org):
    response = _upload(client, client_org, bearer(client_admin), mapping="{nope")
    assert response.status_code == 422


def test_another_clients_import_job_answers_404(
    client, client_admin, other_client_admin, client_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, client_org, bearer(client_admin))
    assert client.get(response.json()["url"], **bearer(other_client_admin)).status_code == 404


def test_the_incident_profile_api_gives_the_contract_fields(client, advisor, client_org):
    IncidentFactory(organisation=client_org, when=dt.datetime(2026, 3, 3, 19, 30))
    response = client.get(
        f"/api/v1/organisations/{client_org.slug}/incident-profile",
        {"date_from": "2026-01-01", "date_to": "2026-12-31"},
        **bearer(advisor),
    )
    assert response.status_code == 200
    body = response.json()
    assert body.keys() >= PROFILE_KEYS
    assert body["total"] == 1
    assert len(body["by_hour"]) == 24
    assert len(body["by_weekday"]) == 7


def test_the_incident_profile_api_refuses_a_backwards_period(client, advisor, client_org):
    response = client.get(
        f"/api/v1/organisations/{client_org.slug}/incident-profile",
        {"date_from": "2026-12-31", "date_to": "2026-01-01"},
        **bearer(advisor),
    )
    assert response.status_code == 422


def test_the_risk_profile_api_scores_every_area(client, client_admin, client_org):
    assessment = NeedsAssessmentFactory(organisation=client_org, complete=True)
    IncidentFactory(organisation=client_org, assault_form="grab", assault_form_raw="Grab")
    response = client.get(
        f"/api/v1/needs-assessments/{assessment.pk}/risk-profile", **bearer(client_admin)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["overall_level"] in {"low", "medium", "high"}
    assert len(body["areas"]) == 10
    assert "not a validated instrument" in body["disclaimer"]


def test_the_profile_command_prints_the_contract_fields(capsys, client_org):
    IncidentFactory(organisation=client_org, when=dt.datetime(2026, 3, 3, 19, 30), riddor=True)
    call_command(
        "incident_profile",
        "--organisation",
        client_org.slug,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--json",
    )
    body = json.loads(capsys.readouterr().out)
    assert body.keys() >= PROFILE_KEYS
    assert body["total"] == 1
    assert body["riddor_reportable"] == 1
    assert body["by_month"]["2026-03"] == 1
    # 1 incident, 1200 staff, a 365-day period: 1 / 1200 × 100 × 365 / 365.
    assert body["rate_per_100_staff_year"] == pytest.approx(0.08, abs=0.005)


def test_the_profile_command_lists_bad_dates(capsys, client_org):
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "incident_profile", "--organisation", client_org.slug, "--from", "27/11/2026", "--json"
        )
    assert exit_.value.code == 2
    assert "YYYY-MM-DD" in json.loads(capsys.readouterr().out)["errors"][0]
