import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from breakaway.accounts.services import api_token_create
from breakaway.delivery.models import StaffMember
from breakaway.delivery.tests import staff_fixtures as fx
from breakaway.delivery.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def staff_url(organisation, suffix=""):
    return f"/api/v1/organisations/{organisation.slug}/staff{suffix}"


def upload(path, **fields):
    return {"file": SimpleUploadedFile(path.name, path.read_bytes(), "text/csv"), **fields}


def test_the_staff_list_comes_a_page_at_a_time(client, client_admin, client_org):
    StaffMemberFactory.create_batch(5, organisation=client_org)
    StaffMemberFactory(organisation=client_org, archived_at="2026-01-01T09:00Z")
    response = client.get(staff_url(client_org) + "?page_size=2&page=3", **bearer(client_admin))
    body = response.json()
    assert (body["count"], body["page"], body["pages"], len(body["results"])) == (5, 3, 3, 1)
    archived = client.get(staff_url(client_org) + "?archived=true", **bearer(client_admin))
    assert archived.json()["count"] == 1
    assert archived.json()["results"][0]["archived"]


def test_another_clients_staff_list_is_not_found(client, other_client_admin, client_org):
    assert client.get(staff_url(client_org), **bearer(other_client_admin)).status_code == 404


def test_import_returns_the_commands_json(client, advisor, client_org, tmp_path):
    response = client.post(
        staff_url(client_org, "/import"), upload(fx.esr_csv(tmp_path)), **bearer(advisor)
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["rows"], body["created"], body["rejected"], body["written"]) == (4, 4, [], True)
    assert StaffMember.objects.filter(organisation=client_org).count() == 4


def test_import_with_invalid_rows_answers_422_and_writes_nothing(
    client, client_admin, client_org, tmp_path
):
    rows = [*fx.ESR_ROWS, ["1", "", "", "bad@", "", "", "", "", ""]]
    response = client.post(
        staff_url(client_org, "/import"), upload(fx.esr_csv(tmp_path, rows)), **bearer(client_admin)
    )
    assert response.status_code == 422
    errors = response.json()["rejected"]
    assert {(e["row"], e["column"]) for e in errors} == {(9, "First Name"), (9, "Email Address")}
    assert not StaffMember.objects.exists()
    skipped = client.post(
        staff_url(client_org, "/import"),
        upload(fx.esr_csv(tmp_path, rows), skip_invalid="true"),
        **bearer(client_admin),
    )
    assert skipped.status_code == 200
    assert StaffMember.objects.count() == 4


def test_import_dry_run_and_mapping(client, client_admin, client_org, tmp_path):
    path = fx.esr_csv(tmp_path, [["Smith", "Jane"]], headers=["Family", "Given"], title=False)
    mapping = json.dumps({"last_name": "Family", "first_name": "Given"})
    response = client.post(
        staff_url(client_org, "/import"),
        upload(path, mapping=mapping, dry_run="true"),
        **bearer(client_admin),
    )
    assert response.json()["created"] == 1
    assert response.json()["dry_run"] is True
    assert not StaffMember.objects.exists()


def test_import_of_a_file_that_is_not_a_staff_list_answers_400(client, client_admin, client_org):
    response = client.post(
        staff_url(client_org, "/import"),
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")},
        **bearer(client_admin),
    )
    assert response.status_code == 400
    assert "PDF" in response.json()["detail"]
