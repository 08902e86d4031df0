"""Fuzzing the file importers: incident exports, staff lists and roster lists.

Whatever the bytes, opening a file either gives a table or raises `UnusableFile` with a
message; parsing a table either reads every row (each rejected row naming its row and
column) or raises the mapping error listing its problems. Nothing else escapes.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breakaway.assessments import incident_import as ii
from breakaway.core.tests.fuzz.strategies import (
    FUZZ,
    FUZZ_SLOW,
    attempt,
    csv_text,
    file_bytes,
    json_values,
    text,
    workbook_cells,
)
from breakaway.delivery import roster_import, staff_import

INCIDENT_HEADERS = [
    "Ref",
    "Incident date",
    "Date",
    "Time",
    "Location",
    "Site",
    "Category",
    "Days lost",
    "RIDDOR",
    "Description",
    "Harm",
]
STAFF_HEADERS = [
    "Employee Number",
    "First Name",
    "Last Name",
    "Full Name",
    "Email Address",
    "Position Title",
    "Site",
    "Team",
    "Start Date",
    "Leaving Date",
]
NAMES = [".csv", ".xlsx", ".xls", ".txt", ".ods", ""]


@contextmanager
def _written(data: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        yield path


def _mapping(fields: tuple[str, ...], headers: list[str]) -> st.SearchStrategy:
    """None (the proposed mapping), a plausible one, or any JSON object."""
    plausible = st.dictionaries(
        st.sampled_from(fields), st.one_of(st.sampled_from(headers), text), max_size=5
    )
    return st.one_of(st.none(), plausible, st.dictionaries(text, json_values, max_size=3))


def _problems_are_text(problems: list) -> None:
    assert problems
    assert all(isinstance(p, str) and p.strip() for p in problems), problems


def _check_incident_rows(table: ii.Table, mapping: object) -> None:
    run, error = attempt(lambda: ii.parse(table, mapping, keep_descriptions=True), ii.MappingError)
    if error is not None:
        _problems_are_text(error.problems)
        return
    items = list(run)
    assert run.rows == len(items) == run.valid_rows + run.rejected_rows + run.duplicate_rows
    for item in items:
        assert item.row >= 1
        if isinstance(item, ii.RejectedRow):
            assert item.errors
            for error in item.errors:
                assert error.row == item.row
                assert isinstance(error.column, str)
                assert error.error


@FUZZ
@given(
    data=file_bytes(INCIDENT_HEADERS),
    suffix=st.sampled_from(NAMES),
    mapping=_mapping(ii.FIELDS, INCIDENT_HEADERS),
)
def test_any_incident_file_is_read_or_refused_with_a_message(data, suffix, mapping):
    with _written(data, suffix) as path:
        chosen = mapping if isinstance(mapping, dict) else None
        table, unusable = attempt(lambda: ii.open_table(path, mapping=chosen), ii.UnusableFile)
        if unusable is not None:
            assert unusable.message.strip()
            return
        _check_incident_rows(table, mapping)


@FUZZ
@given(
    rows=st.lists(st.lists(workbook_cells, max_size=8), max_size=15),
    mapping=_mapping(ii.FIELDS, INCIDENT_HEADERS),
)
def test_any_cells_in_an_incident_table_are_read_or_the_mapping_refused(rows, mapping):
    # Workbooks give cells of any type (numbers, dates, booleans), not only text.
    table = ii.table_from_rows([INCIDENT_HEADERS, *rows])
    _check_incident_rows(table, mapping)


def _check_staff(table: ii.Table, mapping: object) -> None:
    parsed, error = attempt(
        lambda: staff_import.parse(table, mapping), staff_import.StaffMappingError
    )
    if error is not None:
        _problems_are_text(error.problems)
        return
    for rejected in parsed.rejected:
        assert rejected.errors
        for error in rejected.errors:
            assert error.row == rejected.row
            assert error.column
            assert error.error
    numbers = [row.row for row in parsed.rows] + [r.row for r in parsed.rejected]
    assert len(numbers) == len(set(numbers))


@FUZZ
@given(
    data=file_bytes(STAFF_HEADERS),
    suffix=st.sampled_from(NAMES),
    mapping=_mapping(staff_import.FIELDS, STAFF_HEADERS),
)
def test_any_staff_file_is_read_or_refused_with_a_message(data, suffix, mapping):
    with _written(data, suffix) as path:
        chosen = mapping if isinstance(mapping, dict) else None
        table, unusable = attempt(
            lambda: staff_import.open_staff_table(path, mapping=chosen), ii.UnusableFile
        )
        if unusable is not None:
            assert unusable.message.strip()
            return
        _check_staff(table, mapping)


@FUZZ
@given(
    rows=st.lists(st.lists(workbook_cells, max_size=11), max_size=15),
    mapping=_mapping(staff_import.FIELDS, STAFF_HEADERS),
)
def test_any_cells_in_a_staff_table_are_read_or_the_mapping_refused(rows, mapping):
    table = ii.table_from_rows([STAFF_HEADERS, *rows])
    _check_staff(table, mapping)


@FUZZ_SLOW
@given(rows=st.lists(st.lists(st.one_of(text, st.integers(), st.floats()), max_size=6), max_size=8))
def test_any_cells_in_a_real_workbook_are_read_or_refused(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [STAFF_HEADERS[:6], *rows]:
        sheet.append([_printable(c) for c in row])
    content = io.BytesIO()
    book.save(content)
    with _written(content.getvalue(), ".xlsx") as path:
        table, unusable = attempt(lambda: staff_import.open_staff_table(path), ii.UnusableFile)
        if unusable is None:
            _check_staff(table, None)
        else:
            assert unusable.message.strip()
    lines, error = attempt(
        lambda: roster_import.read_roster_file("list.xlsx", content.getvalue()),
        roster_import.UnreadableList,
    )
    if error is None:
        _check_roster(lines)
    else:
        assert str(error)


def _printable(cell: object) -> object:
    # openpyxl refuses control characters in cells; Excel cannot hold them either.
    if isinstance(cell, str):
        return "".join(ch for ch in cell if ch >= " " or ch in "\t\n")
    return cell


def _check_roster(lines: list[roster_import.RosterLine]) -> None:
    rows = [line.row for line in lines]
    assert rows == sorted(rows)
    assert len(rows) == len(set(rows))
    for line in lines:
        assert line.identifier.strip()
        assert line.kind in {"email", "number", "bad-email"}
        assert (line.kind == "email") == bool(line.email)


@FUZZ
@given(content=st.one_of(text, csv_text(["Employee number", "Group"])))
def test_any_pasted_roster_text_is_read_line_by_line(content):
    lines, error = attempt(
        lambda: roster_import.read_roster_text(content), roster_import.UnreadableList
    )
    if error is None:
        _check_roster(lines)
    else:
        assert str(error)


@FUZZ
@given(
    data=file_bytes(["Employee number", "E-mail", "Group"]),
    name=st.sampled_from(["list.csv", "list.txt", "list.tsv", "list", "list.xlsx", "list.pdf"]),
)
def test_any_uploaded_roster_file_is_read_or_refused_with_a_message(data, name):
    lines, error = attempt(
        lambda: roster_import.read_roster_file(name, data), roster_import.UnreadableList
    )
    if error is None:
        _check_roster(lines)
    else:
        assert str(error)


@pytest.mark.parametrize("content", [b"x" * 200_000, b'10234567\n"' + b"x" * 140_000])
def test_a_roster_file_with_a_cell_longer_than_csv_allows_is_refused_with_a_message(content):
    # Found by fuzzing: csv.Error escaped read_roster_file (a 500 on the roster upload page).
    with pytest.raises(roster_import.UnreadableList, match="could not read the file as CSV"):
        roster_import.read_roster_file("list.csv", content)
