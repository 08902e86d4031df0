"""Importing incident exports into the database: classification, duplicates, all or nothing."""

import csv
import datetime as dt
import json

import pytest
from django.core.management import call_command

from breakaway.assessments import incident_import
from breakaway.assessments.incident_services import InvalidMapping, incidents_import
from breakaway.assessments.models import Incident, ValueMapping
from breakaway.assessments.tests import incident_fixtures as fixtures
from breakaway.core.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADER = [
    "Incident Ref",
    "Date of incident",
    "Time",
    "Location (exact)",
    "Incident Category",
    "Result / harm",
    "Details",
]


def _export(tmp_path, rows, name="export.csv"):
    return fixtures.write_csv(
        tmp_path, name, [["Incidents report"], [], HEADER, *rows, ["Total: 3"]]
    )


GOOD = [
    ["A1", "03/03/2026", "19:30", "Ward corridor", "Physical assault", "Low", "Mr Smith hit me"],
    ["A2", "04/03/2026", "02:10", "Bedroom", "Verbal abuse", "No harm", ""],
    ["A3", "05/03/2026", "", "Flat 4, Eden Street", "Weird local code", "Moderate", ""],
]


def test_an_export_is_imported_with_our_codes_beside_the_raw_values(tmp_path, client_org):
    result = incidents_import(organisation=client_org, path=_export(tmp_path, GOOD))
    assert (result.rows, result.imported, result.duplicates, result.rejected) == (3, 3, 0, [])
    first = Incident.objects.get(reference="A1")
    assert first.category == "physical_assault"
    assert first.location_type == "corridor"
    assert first.harm == "low"
    assert first.occurred_on == dt.date(2026, 3, 3)
    assert (first.hour, first.weekday) == (19, 1)
    assert first.occurred_at == dt.datetime(2026, 3, 3, 19, 30, tzinfo=dt.UTC)
    unknown = Incident.objects.get(reference="A3")
    assert unknown.category == "unrecognised"
    assert unknown.category_raw == "Weird local code", "unknown values are kept, never dropped"
    assert unknown.hour is None
    assert result.unmapped_values["category"] == ["Weird local code"]


def test_descriptions_are_not_stored_unless_asked_for(tmp_path, client_org, other_client):
    incidents_import(organisation=client_org, path=_export(tmp_path, GOOD))
    assert Incident.objects.get(reference="A1").description == ""
    incidents_import(
        organisation=other_client, path=_export(tmp_path, GOOD), keep_descriptions=True
    )
    assert (
        Incident.objects.get(organisation=other_client, reference="A1").description
        == "Mr Smith hit me"
    )


def test_reimporting_the_same_export_imports_nothing_new(tmp_path, client_org):
    path = _export(tmp_path, GOOD)
    incidents_import(organisation=client_org, path=path)
    again = incidents_import(organisation=client_org, path=path)
    assert (again.imported, again.duplicates) == (0, 3)
    assert Incident.objects.count() == 3


def test_a_reference_repeated_in_the_file_is_a_duplicate(tmp_path, client_org):
    rows = [*GOOD, ["A1", "09/03/2026", "10:00", "Bedroom", "Physical assault", "Low", ""]]
    result = incidents_import(organisation=client_org, path=_export(tmp_path, rows))
    assert (result.imported, result.duplicates) == (3, 1)


def test_the_same_reference_in_another_organisation_is_not_a_duplicate(
    tmp_path, client_org, other_client
):
    incidents_import(organisation=client_org, path=_export(tmp_path, GOOD))
    result = incidents_import(organisation=other_client, path=_export(tmp_path, GOOD))
    assert result.imported == 3


BAD = [
    ["B1", "31/02/2025", "10:00", "Bedroom", "Physical assault", "Low", ""],
    ["B2", "", "10:00", "Bedroom", "Physical assault", "Low", ""],
    ["B3", "01/03/2025", "25:61", "Bedroom", "Physical assault", "Low", ""],
]


def test_any_invalid_row_means_nothing_is_written(tmp_path, client_org):
    result = incidents_import(organisation=client_org, path=_export(tmp_path, [*GOOD, *BAD]))
    assert Incident.objects.count() == 0
    assert result.imported == 0
    assert result.written is False
    assert [(e["row"], e["column"], e["value"]) for e in result.rejected] == [
        (7, "Date of incident", "31/02/2025"),
        (8, "Date of incident", ""),
        (9, "Time", "25:61"),
    ]
    assert all(e["error"] for e in result.rejected)


def test_skip_invalid_imports_the_valid_rows_and_writes_the_rejects(tmp_path, client_org):
    rejects = tmp_path / "rejects.csv"
    result = incidents_import(
        organisation=client_org,
        path=_export(tmp_path, [*GOOD, *BAD]),
        skip_invalid=True,
        rejects_path=rejects,
    )
    assert result.imported == 3
    assert Incident.objects.count() == 3
    with rejects.open(encoding="utf-8") as handle:
        written = list(csv.reader(handle))
    assert written[0] == ["row", *HEADER, "errors"]
    assert [r[0] for r in written[1:]] == ["7", "8", "9"]
    assert "Date of incident" in written[1][-1]


def test_a_dry_run_reports_and_writes_nothing(tmp_path, client_org):
    result = incidents_import(organisation=client_org, path=_export(tmp_path, GOOD), dry_run=True)
    assert (result.rows, result.imported, result.would_import) == (3, 0, 3)
    assert not Incident.objects.exists()
    assert not AuditEntry.objects.filter(action="incidents.import").exists()


def test_the_clients_own_value_mapping_wins_over_the_taxonomy(tmp_path, client_org):
    ValueMapping.objects.create(
        organisation=client_org,
        field="category",
        raw_value="weird local code",
        code="threatening_behaviour",
    )
    incidents_import(organisation=client_org, path=_export(tmp_path, GOOD))
    assert Incident.objects.get(reference="A3").category == "threatening_behaviour"


def test_a_mapping_naming_a_missing_header_is_refused(tmp_path, client_org):
    with pytest.raises(InvalidMapping) as error:
        incidents_import(
            organisation=client_org,
            path=_export(tmp_path, GOOD),
            mapping={"occurred_on": "When it happened"},
        )
    assert "When it happened" in " ".join(error.value.problems)


def test_a_file_that_is_not_a_spreadsheet_is_unusable(tmp_path, client_org):
    with pytest.raises(incident_import.UnusableFile):
        incidents_import(organisation=client_org, path=fixtures.pdf_renamed(tmp_path))


def test_an_import_is_audited_without_its_contents(tmp_path, client_org, advisor):
    incidents_import(organisation=client_org, path=_export(tmp_path, GOOD), imported_by=advisor)
    entry = AuditEntry.objects.get(action="incidents.import")
    assert entry.actor == advisor
    assert entry.after == {"rows": 3, "imported": 3, "duplicates": 0}


@pytest.mark.parametrize(
    "builder",
    [
        fixtures.datix_export,
        fixtures.semicolon_cp1252,
        fixtures.tab_utf8_bom,
        fixtures.xlsx_real_datetimes,
        fixtures.xlsx_text_dates,
        fixtures.iso_dates,
        fixtures.excel_serials,
        fixtures.quoted_multiline,
    ],
)
def test_every_shape_of_export_imports_whole(tmp_path, client_org, builder):
    path = builder(tmp_path)
    result = incidents_import(organisation=client_org, path=path, skip_invalid=True)
    assert result.rows > 0
    assert result.imported + result.duplicates + result.rejected_rows == result.rows
    assert Incident.objects.filter(organisation=client_org).count() == result.imported


# The command ----------------------------------------------------------------------------------


def _command(capsys, *args):
    code = 0
    try:
        call_command("import_incidents", *map(str, args), "--json")
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(capsys.readouterr().out)


def test_the_command_prints_the_contract_fields(tmp_path, capsys, client_org):
    code, out = _command(capsys, _export(tmp_path, GOOD), "--organisation", client_org.slug)
    assert code == 0
    assert {"rows": 3, "imported": 3, "duplicates": 0, "rejected": []}.items() <= out.items()


def test_the_command_exits_2_with_every_error_and_writes_nothing(tmp_path, capsys, client_org):
    code, out = _command(
        capsys, _export(tmp_path, [*GOOD, *BAD]), "--organisation", client_org.slug
    )
    assert code == 2
    assert len(out["rejected"]) == 3
    assert {"row", "column", "value", "error"} == set(out["rejected"][0])
    assert not Incident.objects.exists()


def test_the_command_with_skip_invalid_exits_0(tmp_path, capsys, client_org):
    rejects = tmp_path / "out.csv"
    code, out = _command(
        capsys,
        _export(tmp_path, [*GOOD, *BAD]),
        "--organisation",
        client_org.slug,
        "--skip-invalid",
        "--rejects",
        rejects,
    )
    assert code == 0
    assert out["imported"] == 3
    assert rejects.exists()


def test_the_command_exits_1_for_a_file_that_is_not_a_spreadsheet(tmp_path, capsys, client_org):
    for builder in (fixtures.pdf_renamed, fixtures.empty_file, fixtures.random_binary):
        code, out = _command(capsys, builder(tmp_path), "--organisation", client_org.slug)
        assert code == 1, builder.__name__
        assert out["errors"][0]


def test_the_command_reads_a_mapping_file(tmp_path, capsys, client_org):
    path = fixtures.write_csv(
        tmp_path, "odd.csv", [["When", "What"], ["03/03/2026 10:00", "Assault"]]
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"occurred_at": "When", "category": "What"}))
    code, out = _command(capsys, path, "--organisation", client_org.slug, "--mapping", mapping)
    assert (code, out["imported"]) == (0, 1)
    assert Incident.objects.get().category == "physical_assault"


def test_the_command_dry_run_writes_nothing(tmp_path, capsys, client_org):
    code, out = _command(
        capsys, _export(tmp_path, GOOD), "--organisation", client_org.slug, "--dry-run"
    )
    assert code == 0
    assert out["would_import"] == 3
    assert not Incident.objects.exists()


def test_the_command_refuses_an_unknown_organisation(tmp_path, capsys):
    code, out = _command(capsys, _export(tmp_path, GOOD), "--organisation", "nowhere")
    assert code == 2
    assert "nowhere" in out["errors"][0]
