"""Subject access: the ZIP's files and contents, written whole, audited, and who may have it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from breakaway.core.models import AuditEntry
from breakaway.privacy.export import subject_access_data
from breakaway.privacy.tests.privacy_fixtures import PDF, person_with_everything

pytestmark = pytest.mark.django_db

FILES = {
    "person.json", "enrolments.json", "attendance.json", "competence.json",
    "training_incidents.json", "certificates.json", "questionnaire_responses.json",
    "refreshers.json", "lesson_progress.json", "health_screening.json", "personal_links.json",
    "audit_entries.json",
}  # fmt: skip


def _zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_command_writes_every_kind_of_data_and_the_pdfs(client_org, tmp_path, trainer):
    held = person_with_everything(client_org, viewer=trainer)
    out = tmp_path / "jane.zip"
    stdout = io.StringIO()
    call_command(
        "subject_access_export", "--staff-member", str(held.person.pk), str(out), "--json",
        stdout=stdout,
    )  # fmt: skip
    result = json.loads(stdout.getvalue())
    files = _zip(out.read_bytes())
    assert set(files) == FILES | {f"certificates/{held.certificate.code}.pdf"}
    assert sorted(result["files"]) == sorted(files)
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    assert files[f"certificates/{held.certificate.code}.pdf"] == PDF
    data = {name: json.loads(body) for name, body in files.items() if name.endswith(".json")}
    assert data["person.json"]["email"] == "jane.smith@example.org"
    assert data["person.json"]["employee_number"] == "E1001"
    assert data["attendance.json"][0]["note"] == "Arrived from nights"
    assert data["certificates.json"][0]["code"] == held.certificate.code
    assert data["health_screening.json"][0]["adjustments"] == "Bad knee"
    assert data["refreshers.json"]["answers"][0]["chosen"] == "Step back"
    assert data["lesson_progress.json"][0]["right"] == 2
    assert "token_hash" not in data["personal_links.json"][0]
    audit = {entry["what"]: entry for entry in data["audit_entries.json"]}
    assert audit["staff_member.update"]["before"] == {"first_name": "Janet", "team": "Ward 6"}
    # Special-category entries say who read what and when, never recorded values.
    assert audit["screening.view"]["who"] == str(trainer)
    assert audit["screening.view"]["after"] is None
    entry = AuditEntry.objects.get(action="privacy.subject_access_export")
    assert entry.object_id == str(held.person.pk)
    assert entry.actor is None


def test_the_command_refuses_to_overwrite_and_an_unknown_person(client_org, tmp_path):
    held = person_with_everything(client_org)
    out = tmp_path / "jane.zip"
    out.write_bytes(b"earlier")
    with pytest.raises(SystemExit):
        call_command(
            "subject_access_export", "--staff-member", str(held.person.pk), str(out),
            stderr=io.StringIO(),
        )  # fmt: skip
    assert out.read_bytes() == b"earlier"
    with pytest.raises(SystemExit):
        call_command(
            "subject_access_export", "--staff-member", "999999", str(tmp_path / "x.zip"),
            stderr=io.StringIO(),
        )  # fmt: skip


def test_screening_answers_are_left_out_once_deleted(client_org):
    held = person_with_everything(client_org)
    held.screening.delete()
    assert subject_access_data(staff_member=held.person)["health_screening.json"] == []


def test_the_clients_administrator_downloads_the_zip(client, client_org, client_admin):
    held = person_with_everything(client_org)
    client.force_login(client_admin)
    response = client.post(reverse("privacy:export", args=[held.person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "person.json" in _zip(response.content)
    entry = AuditEntry.objects.get(action="privacy.subject_access_export")
    assert entry.actor == client_admin


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_client_admin", 404), ("client_manager", 403), ("advisor", 403), ("trainer", 403)],
)
def test_nobody_else_gets_the_zip(client, client_org, request, persona, status):
    held = person_with_everything(client_org)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("privacy:export", args=[held.person.pk])).status_code == status
    assert not AuditEntry.objects.filter(action="privacy.subject_access_export").exists()
