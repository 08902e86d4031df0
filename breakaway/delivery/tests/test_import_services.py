import datetime as dt
import json

import pytest
from django.core.management import call_command

from breakaway.accounts.models import Site
from breakaway.core.models import AuditEntry
from breakaway.delivery.import_services import staff_import
from breakaway.delivery.models import StaffImport, StaffMember
from breakaway.delivery.tests import staff_fixtures as fx
from breakaway.delivery.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def run(organisation, path, **options):
    return staff_import(organisation=organisation, path=path, today=TODAY, **options)


def test_first_import_adds_everyone_and_links_known_sites(tmp_path, client_org):
    site = Site.objects.create(organisation=client_org, name="Riverside Hospital")
    result = run(client_org, fx.esr_csv(tmp_path))
    assert (result.rows, result.created, result.written) == (4, 4, True)
    jane = StaffMember.objects.get(employee_number="10234567")
    assert jane.email == "jane.smith@nhs.net"
    assert jane.site == site
    assert jane.team == "123 Ward A"
    assert jane.role_key == "staff nurse"
    ann = StaffMember.objects.get(employee_number="10234569")
    assert ann.site is None
    assert ann.site_label == "Oakfield Unit"


def test_reimporting_the_same_extract_changes_nothing(tmp_path, client_org):
    path = fx.esr_csv(tmp_path)
    run(client_org, path)
    before = list(StaffMember.objects.values())
    result = run(client_org, path)
    assert (result.created, result.updated, result.archived, result.unchanged) == (0, 0, 0, 4)
    assert list(StaffMember.objects.values()) == before


def test_a_newer_extract_adds_starters_updates_changes_and_archives_leavers(tmp_path, client_org):
    run(client_org, fx.esr_csv(tmp_path))
    rows = [list(r) for r in fx.ESR_ROWS]
    rows[0][4] = "Ward Sister"  # promoted
    rows[1][8] = "28/02/2026"  # left yesterday
    rows[2][8] = "31/03/2026"  # leaving next month: still here
    rows.append(["10234571", "Nowak", "Piotr", "p.nowak@nhs.net", "Porter", "Estates",
                 "Riverside Hospital", "01/03/2026", ""])  # fmt: skip
    result = run(client_org, fx.esr_csv(tmp_path, rows, name="newer.csv"))
    assert (result.created, result.updated, result.archived, result.unchanged) == (1, 2, 1, 1)
    chidi = StaffMember.objects.get(employee_number="10234568")
    assert chidi.archived_at is not None
    assert chidi.archive_reason == "left"
    assert StaffMember.objects.get(employee_number="10234567").role == "Ward Sister"
    entry = AuditEntry.objects.get(action="staff_member.import_update", object_id=str(chidi.pk))
    assert entry.before == {"leaving_date": None, "archived_at": None, "archive_reason": ""}


def test_people_added_by_email_are_matched_ignoring_case(tmp_path, client_org):
    person = StaffMemberFactory(
        organisation=client_org, employee_number="", email="jane.smith@nhs.net"
    )
    result = run(client_org, fx.esr_csv(tmp_path, fx.ESR_ROWS[:1]))
    assert (result.created, result.updated) == (0, 1)
    person.refresh_from_db()
    assert person.employee_number == "10234567"
    assert person.first_name == "Jane"


def test_invalid_rows_mean_nothing_is_written(tmp_path, client_org):
    rows = [*fx.ESR_ROWS, ["10234567", "Jones", "Bob", "", "Porter", "", "", "", ""]]
    result = run(client_org, fx.esr_csv(tmp_path, rows))
    assert result.is_invalid
    assert not StaffMember.objects.exists()
    assert result.rejected == [
        {
            "row": 9,
            "column": "Employee Number",
            "value": "10234567",
            "error": result.rejected[0]["error"],
        }
    ]
    assert result.created == 4  # what it would have done
    assert not StaffImport.objects.exists()


def test_skip_invalid_writes_the_valid_rows_and_records_the_rejected(
    tmp_path, client_org, client_admin
):
    rows = [*fx.ESR_ROWS, ["", "Nobody", "", "bad@", "Porter", "", "", "", ""]]
    result = run(
        client_org, fx.esr_csv(tmp_path, rows), skip_invalid=True, imported_by=client_admin
    )
    assert result.written
    assert StaffMember.objects.count() == 4
    record = StaffImport.objects.get()
    assert (record.status, record.created, record.rejected_rows) == ("done", 4, 1)
    assert record.rejected[0]["row"] == 9
    assert record.created_by == client_admin
    assert AuditEntry.objects.filter(action="staff_import.done", actor=client_admin).exists()


def test_a_dry_run_writes_nothing_but_counts_the_same(tmp_path, client_org):
    path = fx.esr_csv(tmp_path)
    dry = run(client_org, path, dry_run=True)
    assert not StaffMember.objects.exists()
    assert not dry.written
    real = run(client_org, path)
    assert dry.to_dict() | {"dry_run": False, "written": True} == real.to_dict()


def test_an_xlsx_extract_imports_like_the_csv(tmp_path, client_org):
    result = run(client_org, fx.esr_xlsx(tmp_path))
    assert result.created == 4
    again = run(client_org, fx.esr_csv(tmp_path))
    assert again.unchanged == 4


# ------------------------------------------------------------------------------------------
# The command


def command(*args):
    return call_command("import_staff", *map(str, args), "--json")


def test_command_prints_the_promised_json(tmp_path, client_org, capsys):
    command(fx.esr_csv(tmp_path), "--organisation", client_org.slug)
    report = json.loads(capsys.readouterr().out)
    assert {"rows", "created", "updated", "unchanged", "archived", "rejected"} <= set(report)
    assert (report["rows"], report["created"], report["rejected"]) == (4, 4, [])


def test_command_exits_2_with_the_rejected_rows_and_writes_nothing(tmp_path, client_org, capsys):
    rows = [*fx.ESR_ROWS, ["9", "", "", "x@y.org", "", "", "", "", ""]]
    with pytest.raises(SystemExit) as exit_:
        command(fx.esr_csv(tmp_path, rows), "--organisation", client_org.slug)
    assert exit_.value.code == 2
    report = json.loads(capsys.readouterr().out)
    assert report["rejected"][0]["row"] == 9
    assert report["rejected"][0]["column"] == "First Name"
    assert not StaffMember.objects.exists()


def test_command_skip_invalid_exits_0(tmp_path, client_org, capsys):
    rows = [*fx.ESR_ROWS, ["9", "", "", "x@y.org", "", "", "", "", ""]]
    command(fx.esr_csv(tmp_path, rows), "--organisation", client_org.slug, "--skip-invalid")
    assert json.loads(capsys.readouterr().out)["created"] == 4
    assert StaffMember.objects.count() == 4


def test_command_dry_run_writes_nothing(tmp_path, client_org, capsys):
    command(fx.esr_csv(tmp_path), "--organisation", client_org.slug, "--dry-run")
    assert json.loads(capsys.readouterr().out)["created"] == 4
    assert not StaffMember.objects.exists()


def test_command_exits_1_for_a_file_that_is_not_a_staff_list(tmp_path, client_org, capsys):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4 not a spreadsheet")
    with pytest.raises(SystemExit) as exit_:
        command(path, "--organisation", client_org.slug)
    assert exit_.value.code == 1
    assert "PDF" in json.loads(capsys.readouterr().out)["errors"][0]


def test_command_takes_a_mapping_file(tmp_path, client_org, capsys):
    path = fx.esr_csv(
        tmp_path,
        [["Smith", "Jane", "JS1"]],
        headers=["Family", "Given", "Ref"],
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"last_name": "Family", "first_name": "Given", "employee_number": "Ref"})
    )
    command(path, "--organisation", client_org.slug, "--mapping", mapping)
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert StaffMember.objects.get().employee_number == "JS1"


def test_command_refuses_a_mapping_to_a_missing_column(tmp_path, client_org, capsys):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"first_name": "Forename", "last_name": "Surname"}))
    with pytest.raises(SystemExit) as exit_:
        command(fx.esr_csv(tmp_path), "--organisation", client_org.slug, "--mapping", mapping)
    assert exit_.value.code == 2
    assert "Forename" in json.loads(capsys.readouterr().out)["errors"][0]
