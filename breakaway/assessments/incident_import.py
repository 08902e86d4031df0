"""Reading, mapping and checking incident exports (CSV or Excel) from clients' incident systems.

Pure Python: no Django here. The importer (`incident_services`) classifies the raw values
with `taxonomy.classify`, drops references the database already has and writes the rows.

Real exports are messy, so this module:

* reads CSV in any common encoding (UTF-8 with or without a BOM, UTF-16, Windows-1252) and
  delimiter (comma, semicolon, tab, pipe), streaming it through `csv.reader`; and Excel
  workbooks (.xlsx, .xlsm, and through calamine also .xls and .ods) with real date cells;
* finds the header row below any report titles, and treats totals, counts, "Report
  generated …" lines and blank rows as the export's furniture, not incidents;
* maps columns onto our fields from their headers (`propose_mapping`), or from a person's
  choice (`check_mapping` says what is wrong with it);
* reads UK dates (day first; ISO when the year comes first), times, Excel serial numbers,
  and turns the local Europe/London wall-clock time into an aware UTC datetime;
* checks every row and names the row (as a spreadsheet numbers it), the column (the file's
  own header), the value and what to write instead.

    table = open_table(path)                 # raises UnusableFile
    mapping = propose_mapping(table.headers)  # or a person's choice
    problems = check_mapping(mapping, table.headers)
    run = parse(table, mapping)
    for item in run:                          # ParsedRow | RejectedRow | DuplicateRow
        ...
    run.furniture_rows, run.rows, run.valid_rows, run.rejected_rows, run.duplicate_rows
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import count
from operator import itemgetter
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

__all__ = [
    "FIELDS",
    "DuplicateRow",
    "MappingError",
    "ParseRun",
    "ParsedRow",
    "RejectedRow",
    "RowError",
    "Table",
    "UnusableFile",
    "check_mapping",
    "open_table",
    "parse",
    "propose_mapping",
    "table_from_rows",
]

LONDON: Final = ZoneInfo("Europe/London")

# Our fields, in the order a person is shown them.
FIELDS: Final = (
    "reference",
    "occurred_at",
    "occurred_on",
    "occurred_time",
    "site",
    "location",
    "location_type",
    "category",
    "subcategory",
    "harm",
    "assault_form",
    "perpetrator_type",
    "days_lost",
    "riddor",
    "description",
)
DATE_FIELDS: Final = ("occurred_at", "occurred_on")

# What a person calls each field in a message.
FIELD_LABELS: Final = {
    "reference": "reference",
    "occurred_at": "date and time of the incident",
    "occurred_on": "date of the incident",
    "occurred_time": "time of the incident",
    "site": "site",
    "location": "location",
    "location_type": "location type",
    "category": "category",
    "subcategory": "sub-category",
    "harm": "harm",
    "assault_form": "assault form",
    "perpetrator_type": "perpetrator",
    "days_lost": "days lost",
    "riddor": "RIDDOR",
    "description": "description",
}

# The model's column sizes: longer references are errors, longer raw text is cut.
MAX_REFERENCE: Final = 100
MAX_TEXT: Final = 200

SAMPLE_BYTES: Final = 64 * 1024
HEADER_SEARCH_ROWS: Final = 50
EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 2100
# Excel serial numbers are only read as dates between 1 January 1950 and 31 December 2100:
# a small number in a date column ("12") is a mistake, not 12 January 1900.
SERIAL_MIN: Final = 18264.0
SERIAL_MAX: Final = 73416.0
EXCEL_EPOCH: Final = date(1899, 12, 30)


class UnusableFile(Exception):  # noqa: N818 - reads as "raise UnusableFile(message)"
    """The file cannot be read as an incident export; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class MappingError(ValueError):
    """A mapping that does not fit the file; `problems` lists what is wrong, for a person."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


# --------------------------------------------------------------------------------------------
# Results


@dataclass(slots=True)
class ParsedRow:
    """One valid incident row. Raw values are as written (stripped); the caller classifies."""

    row: int
    reference: str
    occurred_at: datetime  # aware, UTC
    occurred_on: date  # local (Europe/London) date
    hour: int | None  # local hour 0-23; None when the file gives a date but no time
    weekday: int  # 0 = Monday
    site: str
    location: str
    location_type_raw: str  # the location type column, or the location when there is none
    category_raw: str
    subcategory: str
    harm_raw: str
    assault_form_raw: str
    perpetrator_type_raw: str
    days_lost: int | None
    riddor: bool | None
    description: str  # "" unless parse(keep_descriptions=True)


@dataclass(frozen=True, slots=True)
class RowError:
    """What is wrong with one cell: row as a spreadsheet numbers it, the file's header text."""

    row: int
    column: str
    value: str
    error: str


@dataclass(slots=True)
class RejectedRow:
    """A data row with one or more errors. `cells` line up with `Table.headers` (as text);
    the description's cell is blanked unless descriptions are kept."""

    row: int
    errors: list[RowError]
    cells: list[str]


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    """A row whose reference an earlier valid row of the same file already had."""

    row: int
    reference: str
    first_row: int


# --------------------------------------------------------------------------------------------
# Header recognition

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise_header(text: str) -> str:
    """Lower case without accents, "&" as "and", punctuation as spaces, camelCase split."""
    text = _CAMEL.sub(" ", str(text)).casefold().replace("&", " and ")
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# Whole normalised headers, best first: when two columns name the same field, the one whose
# name comes earlier here wins (then the leftmost).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": _names(
        "incident reference, incident ref, incident ref no, incident reference number, "
        "incident id, incident number, incident no, datix id, datix ref, datix reference, "
        "datix number, datix no, reference, reference number, reference no, ref, ref no, "
        "ref number, id, record id, record number, record no, report id, report number, "
        "report reference, event id, event reference, event number, case id, case number, "
        "case reference, log number, log no, log id, form id, form number, web reference, "
        "web ref, ir number, ir no, number, no"
    ),
    "occurred_at": _names(
        "date time of incident, date and time of incident, incident date time, "
        "incident date and time, incident datetime, date time incident occurred, "
        "date and time incident occurred, date time occurred, date and time occurred, "
        "date time of event, date and time of event, event date time, event date and time, "
        "date time of occurrence, date time, date and time, datetime, occurred, occurred at, "
        "when occurred, when it happened, when, timestamp, incident timestamp"
    ),
    "occurred_on": _names(
        "incident date, date of incident, date incident occurred, incident occurred date, "
        "date occurred, occurred on, occurrence date, date of occurrence, event date, "
        "date of event, inc date, date of assault, assault date, date"
    ),
    "occurred_time": _names(
        "incident time, time of incident, time incident occurred, time occurred, "
        "occurrence time, time of occurrence, event time, time of event, inc time, "
        "time of assault, assault time, approximate time, approx time, time"
    ),
    "site": _names(
        "site, site name, hospital, hospital site, hospital name, premises, establishment, "
        "building, campus, base, school, school name, care home, home, home name, service, "
        "service name, location site, site location, trust site, facility, property"
    ),
    "location": _names(
        "location exact, exact location, specific location, location, incident location, "
        "location of incident, location details, location description, where, "
        "where did it happen, where it happened, ward, ward name, ward unit, ward or unit, "
        "ward department, ward or department, ward and department, unit, unit name, "
        "department, dept, area, room, place"
    ),
    "location_type": _names(
        "location type, type of location, location category, location kind, location group, "
        "location type of, place type, area type, type of area, environment, setting"
    ),
    "category": _names(
        "incident category, category, category of incident, incident type, type of incident, "
        "incident category type, main category, primary category, category 1, event type, "
        "type of event, incident classification, classification, nature of incident, "
        "incident nature, type, cause group"
    ),
    "subcategory": _names(
        "subcategory, sub category, incident subcategory, incident sub category, sub type, "
        "subtype, incident subtype, incident sub type, category 2, secondary category, "
        "category detail, detail, sub cause, cause, cause 1"
    ),
    "harm": _names(
        "harm, degree of harm, actual harm, harm level, level of harm, harm grade, "
        "harm caused, result harm, harm result, outcome harm, severity, actual severity, "
        "severity of harm, harm severity, injury severity, severity of injury, "
        "degree of injury, level of injury, injury level, result, outcome, impact, "
        "actual impact, consequence, actual consequence, injury"
    ),
    "assault_form": _names(
        "assault form, assault type, type of assault, nature of assault, form of assault, "
        "method of assault, assault method, means of assault, assault nature, how assaulted, "
        "type of violence, violence type, nature of violence, mechanism of injury, "
        "mechanism, means, method"
    ),
    "perpetrator_type": _names(
        "perpetrator, perpetrator type, type of perpetrator, perpetrator category, "
        "alleged perpetrator, assailant, assailant type, type of assailant, aggressor, "
        "aggressor type, offender, offender type, person type, perpetrator person type, "
        "person responsible, perpetrated by, assaulted by, by whom"
    ),
    "days_lost": _names(
        "days lost, days absent, days off, days off work, working days lost, work days lost, "
        "number of days lost, no of days lost, number of days absent, days lost from work, "
        "lost days, lost time days, days sick, sick days, sickness days, days of absence, "
        "absence days, days absence, days away from work, time lost, lost time, absence"
    ),
    "riddor": _names(
        "riddor, riddor reportable, riddor reported, reported to riddor, riddor status, "
        "riddor report, riddor yes no, reportable to hse, reported to hse, hse reportable"
    ),
    "description": _names(
        "description, incident description, description of incident, brief description, "
        "full description, description of what happened, description of event, "
        "event description, details, incident details, details of incident, what happened, "
        "narrative, incident narrative, summary, incident summary, brief summary, account, "
        "free text, notes, comments"
    ),
}

_EXACT: dict[str, tuple[str, int]] = {}
for _field, _field_names in _SYNONYMS.items():
    for _rank, _name in enumerate(_field_names):
        _EXACT.setdefault(_name, (_field, _rank))

# Dates and times that are not when the incident happened.
_NOT_OCCURRED = frozenset(
    _names(
        "reported, report, reporting, submitted, entered, created, opened, closed, closure, "
        "approved, review, reviewed, modified, updated, received, logged, notified, birth, "
        "dob, run, printed, generated, completed, due, target, investigation, admission, "
        "admitted, discharge, discharged, start, end, finish, signed, lost, taken, spent, "
        "last, first, next, action"
    )
)
_NOT_REFERENCE = frozenset(
    _names(
        "patient, nhs, staff, employee, person, mrn, hospital, user, payroll, service, "
        "member, pupil, student, client, resident"
    )
)
_HEURISTIC_RANK: Final = 1000


def recognise_header(header: str) -> tuple[str, int] | None:
    """(our field, rank) for a header, or None. A lower rank is a better name for the field."""
    text = normalise_header(header)
    if not text:
        return None
    found = _EXACT.get(text)
    if found:
        return found
    bare = normalise_header(_PARENS.sub(" ", str(header)))
    if bare and bare != text:
        found = _EXACT.get(bare)
        if found:
            return found[0], found[1] + 1
        inside = " ".join(m.strip("()[] ") for m in _PARENS.findall(str(header)))
        combined = normalise_header(f"{bare} {inside}")
        found = _EXACT.get(combined)
        if found:
            return found[0], found[1] + 1
    guess = _guess(set(text.split()), text)
    return (guess, _HEURISTIC_RANK) if guess else None


def _guess(words: set[str], text: str) -> str | None:
    # Word rules for headers no synonym names, most specific first.
    if "riddor" in text:
        return "riddor"
    if "days" in words and words & {"lost", "absent", "absence", "off", "sick", "sickness"}:
        return "days_lost"
    if not words & _NOT_OCCURRED:
        if "date" in words and "time" in words:
            return "occurred_at"
        if "date" in words or "dated" in words:
            return "occurred_on"
        if "time" in words:
            return "occurred_time"
    if words & {"perpetrator", "assailant", "aggressor", "offender", "perpetrators"}:
        return "perpetrator_type"
    if "assault" in words and words & {"type", "nature", "form", "method", "kind", "means"}:
        return "assault_form"
    if words & {"subcategory", "subtype"} or (
        "sub" in words and words & {"category", "type", "group"}
    ):
        return "subcategory"
    if words & {"harm", "severity"} and not words & {"potential", "risk", "likelihood"}:
        return "harm"
    if "location" in words and words & {"type", "category", "kind", "group"}:
        return "location_type"
    if words & {"location", "ward", "unit", "department"}:
        return "location"
    if words & {"category", "classification"}:
        return "category"
    if words & {"description", "narrative", "details", "summary"} and not words & {
        "patient",
        "person",
        "contact",
        "staff",
    }:
        return "description"
    if words & {"ref", "reference", "id"} and not words & _NOT_REFERENCE:
        return "reference"
    if words & {"site", "hospital", "premises", "establishment"}:
        return "site"
    return None


def propose_mapping(
    headers: Sequence[str], overrides: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """Our field → the file's header, recognised from the headers' names.

    Each header serves one field; when two name the same field the better name wins, then the
    leftmost. `overrides` (a person's choices) replace what was recognised: a field given a
    header takes it (from whichever field had it), a field given "" or None is left out.
    """
    best: dict[str, tuple[int, int, str]] = {}
    for position, header in enumerate(headers):
        found = recognise_header(header)
        if found is None:
            continue
        name, rank = found
        if name not in best or (rank, position) < best[name][:2]:
            best[name] = (rank, position, header)
    mapping = {name: best[name][2] for name in FIELDS if name in best}
    _settle_dates(mapping)
    if overrides:
        chosen = {name: header for name, header in overrides.items() if header}
        taken = set(chosen.values())
        mapping = {
            name: header
            for name, header in mapping.items()
            if name not in overrides and header not in taken
        }
        if "occurred_at" in chosen:
            mapping.pop("occurred_on", None)
            mapping.pop("occurred_time", None)
        elif "occurred_on" in chosen:
            mapping.pop("occurred_at", None)
        mapping.update(chosen)
        order = {name: position for position, name in enumerate(FIELDS)}
        mapping = dict(sorted(mapping.items(), key=lambda item: order.get(item[0], len(order))))
    return mapping


def _settle_dates(mapping: dict[str, str]) -> None:
    # One date column: occurred_at (date and time in one cell) or occurred_on (+ a time column).
    if "occurred_at" in mapping and "occurred_on" in mapping:
        if "occurred_time" in mapping:
            del mapping["occurred_at"]
        else:
            del mapping["occurred_on"]
    if "occurred_at" in mapping and "occurred_time" in mapping:
        mapping["occurred_on"] = mapping.pop("occurred_at")


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(f"“{item}”" for item in items)


def _header_index(headers: Sequence[str]) -> dict[str, int]:
    # Exact header text first, then the normalised form (the first column of that name).
    index: dict[str, int] = {}
    for position, header in enumerate(headers):
        index.setdefault(header, position)
    for position, header in enumerate(headers):
        index.setdefault("\0" + normalise_header(header), position)
    return index


def _find_column(index: Mapping[str, int], header: str) -> int | None:
    found = index.get(header)
    if found is None:
        found = index.get("\0" + normalise_header(header))
    return found


def check_mapping(mapping: Mapping[str, Any], headers: Sequence[str]) -> list[str]:
    """What is wrong with a mapping (our field → the file's header), for a person; [] if fine."""
    problems: list[str] = []
    index = _header_index(headers)
    there = _quoted(h for h in headers if h)
    used: dict[int, str] = {}
    for name, header in mapping.items():
        if name not in FIELDS:
            problems.append(
                f"“{name}” is not one of our fields. The fields are: {', '.join(FIELDS)}."
            )
            continue
        if header is None or header == "":
            continue
        if not isinstance(header, str):
            problems.append(f"The column for {name} should be a header's text, not {header!r}.")
            continue
        position = _find_column(index, header)
        if position is None:
            problems.append(
                f"There is no column “{header}” in this file (chosen for {name}). "
                f"Its columns are: {there}."
            )
            continue
        if position in used:
            problems.append(
                f"The column “{header}” is chosen for both {used[position]} and {name}: "
                "choose it for one of them."
            )
            continue
        used[position] = name
    chosen = {name for name, header in mapping.items() if name in FIELDS and header}
    if "occurred_at" in chosen and "occurred_on" in chosen:
        problems.append(
            "Choose the date column once: as occurred_at (date and time in one column) or as "
            "occurred_on (with occurred_time for a separate time column), not both."
        )
    elif not chosen & set(DATE_FIELDS):
        problems.append(
            "Choose the column that holds the date of the incident (occurred_at, or occurred_on "
            f"with occurred_time for a separate time column). The file's columns are: {there}."
        )
    if "occurred_time" in chosen and "occurred_at" in chosen:
        problems.append(
            "A separate time column goes with occurred_on, the date column: choose the date "
            "column as occurred_on instead of occurred_at."
        )
    return problems


# --------------------------------------------------------------------------------------------
# Tables


class Table:
    """A file's table of incidents below its header row.

    `headers` are the header row's cells as text (outer spaces trimmed, runs of spaces made
    one; a blank header reads "(column C)"; a repeated one gets " (2)", " (3)"), `header_row`
    is its row number as a spreadsheet shows it (1-based), `size_hint` estimates the data
    rows (for a progress bar). `rows()` streams `(row_number, cells)` for every row below the
    header, furniture included; it can be called again to read from the top.
    """

    kind: str
    headers: list[str]
    header_row: int
    size_hint: int
    # The first column with a header: a row whose only values sit in or before it is furniture.
    first_column: int
    # True when every cell is a str (CSV); Excel cells can be numbers, dates and times.
    text_only: bool = True

    def rows(self) -> Iterator[tuple[int, list[Any]]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        """Let go of the file's resources (a workbook held in memory)."""

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind} header_row={self.header_row} {self.headers}>"


class CsvTable(Table):
    """A delimited text file, read in text mode with its detected encoding and delimiter."""

    def __init__(
        self,
        path: Path,
        *,
        encoding: str,
        delimiter: str,
        headers: list[str],
        header_row: int,
        size_hint: int,
        first_column: int,
    ) -> None:
        self.kind = "csv"
        self.path = path
        self.encoding = encoding
        self.delimiter = delimiter
        self.headers = headers
        self.header_row = header_row
        self.size_hint = size_hint
        self.first_column = first_column
        self.text_only = True

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        with self.path.open(encoding=self.encoding, errors=_DECODE_ERRORS, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                for _ in range(self.header_row):
                    if next(reader, None) is None:
                        return
                yield from zip(count(self.header_row + 1), reader)
            except csv.Error as error:
                raise UnusableFile(_csv_error_message(error, reader.line_num)) from error


class SheetTable(Table):
    """A worksheet (or any rows in memory), read row by row from its first row."""

    def __init__(
        self,
        rows: Sequence[Sequence[Any]] | Any,
        *,
        kind: str,
        headers: list[str],
        header_row: int,
        size_hint: int,
        first_column: int,
        sheet: str | None = None,
        merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
        column_offset: int = 0,
        workbook: Any = None,
    ) -> None:
        self.kind = kind
        self._source = rows
        self.headers = headers
        self.header_row = header_row
        self.size_hint = size_hint
        self.first_column = first_column
        self.sheet = sheet
        self.text_only = False
        self._workbook = workbook
        # A cell merged down several rows (a site written once for a group of rows) is read
        # as the merged value on every row it covers. Rows and columns count from 0 here.
        self._tops: dict[int, list[int]] = {}
        self._fills: dict[int, list[tuple[int, int]]] = {}
        for (top, left), (bottom, _right) in merged or ():
            column = left - column_offset
            if bottom > top >= header_row and column >= 0:
                self._tops.setdefault(top, []).append(column)
                for below in range(top + 1, bottom + 1):
                    self._fills.setdefault(below, []).append((column, top))

    def _iter_source(self) -> Iterator[Sequence[Any]]:
        source = self._source
        return iter(source.iter_rows() if hasattr(source, "iter_rows") else source)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        tops, fills = self._tops, self._fills
        merged_values: dict[tuple[int, int], Any] = {}
        for index, cells in enumerate(self._iter_source()):
            row = list(cells)
            if index in tops:
                for column in tops[index]:
                    if column < len(row):
                        merged_values[(index, column)] = row[column]
            if index in fills:
                for column, top in fills[index]:
                    if column < len(row) and _blank(row[column]):
                        row[column] = merged_values.get((top, column), row[column])
            if index >= self.header_row:
                yield index + 1, row

    def close(self) -> None:
        if self._workbook is not None:
            close = getattr(self._workbook, "close", None)
            if close:
                close()
            self._workbook = None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def table_from_rows(
    rows: Sequence[Sequence[Any]], *, mapping: Mapping[str, Any] | None = None
) -> Table:
    """A table from rows in memory (as a sheet would give them): for tests and previews."""
    rows = [list(r) for r in rows]
    found = _find_header(rows[:HEADER_SEARCH_ROWS], mapping)
    if found is None:
        raise UnusableFile(_no_header_message(rows[:HEADER_SEARCH_ROWS], mapping))
    index, headers, first = found
    return SheetTable(
        rows,
        kind="rows",
        headers=headers,
        header_row=index + 1,
        size_hint=max(0, len(rows) - index - 1),
        first_column=first,
    )


# --------------------------------------------------------------------------------------------
# Opening a file: what kind is it?


def open_table(path: str | Path, *, mapping: Mapping[str, Any] | None = None) -> Table:
    """Open an incident export, whatever its name says: CSV (any common encoding and
    delimiter) or an Excel/OpenDocument workbook.

    The header row is the first row (of the first 50) naming a date column and at least one
    other field we know; with a person's `mapping`, the first row holding all its headers.
    Raises `UnusableFile` with a message for a person when the file is not a usable export.
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except OSError as error:
        raise UnusableFile(f"We could not open “{name}”: {error.strerror or error}.") from error
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UnusableFile(
            f"“{name}” is empty. Export the incident log again from your incident system "
            "(as CSV or Excel) and upload that file."
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _open_workbook(path, "zip", mapping)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _open_workbook(path, "ole", mapping)
    if head.lstrip().startswith(b"%PDF"):
        raise UnusableFile(
            f"“{name}” is a PDF document, not a spreadsheet: we cannot read incidents from a "
            "PDF. Export the incident log from your incident system as CSV or Excel instead."
        )
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype", b"<html", b"<?xml", b"<table", b"<head")):
        raise UnusableFile(
            f"“{name}” is a web page or XML document, not a CSV or Excel file (some systems "
            "save these with an .xls name). Open it in Excel and save it as an Excel workbook "
            "(.xlsx) or as CSV, then upload that."
        )
    if stripped.startswith(b"{\\rtf"):
        raise UnusableFile(
            f"“{name}” is a Rich Text document, not a spreadsheet. Export the incident log "
            "as CSV or Excel and upload that."
        )
    encoding = _detect_encoding(head)
    if encoding is None:
        raise UnusableFile(_binary_message(name))
    return _open_csv(path, head, size, encoding, mapping)


def _binary_message(name: str) -> str:
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        return (
            f"“{name}” is named like an Excel workbook but its contents are not one: it may be "
            "damaged, or another kind of file renamed. Open it in Excel and save it again as "
            "an Excel workbook (.xlsx) or as CSV, then upload that."
        )
    return (
        f"“{name}” is not a spreadsheet: its contents are not text or an Excel workbook. "
        "Export the incident log from your incident system as CSV or Excel and upload that."
    )


# Decoding: bytes that are not valid in the detected encoding are read as Windows-1252 (and
# the five bytes it leaves undefined as Latin-1), so a file that mixes UTF-8 with a pasted-in
# "£" still reads, and reading never fails half way through a file.
_DECODE_ERRORS: Final = "breakaway-cp1252"


def _decode_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="breakaway-latin1"), error.end


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("breakaway-latin1", _latin1_fallback)
codecs.register_error(_DECODE_ERRORS, _decode_fallback)

_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def _detect_encoding(head: bytes) -> str | None:
    """The sample's encoding, or None when it is binary rather than text."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:4096]
    if sample.count(0):
        # UTF-16 without a BOM: every other byte is zero in ASCII text.
        evens, odds = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odds > 0.4 * half and evens < 0.05 * half:
            return "utf-16-le"
        if evens > 0.4 * half and odds < 0.05 * half:
            return "utf-16-be"
        return None
    controls = sum(1 for byte in sample if byte in _CONTROL or byte == 0x7F)
    if controls > max(2, len(sample) // 200):
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _csv_error_message(error: csv.Error, line: int) -> str:
    text = str(error)
    if "field larger" in text:
        return (
            f"Around line {line} a quotation mark is opened and never closed, so the rest of "
            "the file reads as one cell. Open the file in a spreadsheet program, check that "
            "line, and save it again as CSV."
        )
    if "NUL" in text:
        return (
            f"Line {line} holds binary data (NUL characters), so this is not a plain CSV file. "
            "Export the incident log again as CSV or Excel and upload that."
        )
    return f"The CSV file cannot be read at line {line}: {text}. Export it again and upload that."


_DELIMITERS: Final = (",", ";", "\t", "|")


def _open_csv(
    path: Path, head: bytes, size: int, encoding: str, mapping: Mapping[str, Any] | None
) -> CsvTable:
    decoder = codecs.getincrementaldecoder(encoding)(errors=_DECODE_ERRORS)
    complete = size <= len(head)
    text = decoder.decode(head, final=complete)
    best: tuple[tuple[int, float, int], str, int, list[str], int] | None = None
    samples: dict[str, list[list[str]]] = {}
    for delimiter in _DELIMITERS:
        records = _sample_records(text, delimiter, complete)
        samples[delimiter] = records
        found = _find_header(records[:HEADER_SEARCH_ROWS], mapping)
        if found is None:
            continue
        index, headers, first = found
        mapped = sum(1 for h in headers if recognise_header(h))
        width = sum(1 for h in headers if h and not h.startswith("(column "))
        following = records[index + 1 : index + 21]
        fits = sum(1 for r in following if len(r) >= width) / max(1, len(following))
        score = (mapped, fits, -_DELIMITERS.index(delimiter))
        if best is None or score > best[0]:
            best = (score, delimiter, index, headers, first)
    if best is None:
        widest = max(samples.values(), key=lambda rs: max((len(r) for r in rs[:20]), default=0))
        raise UnusableFile(_no_header_message(widest[:HEADER_SEARCH_ROWS], mapping, path.name))
    _, delimiter, index, headers, first = best
    return CsvTable(
        path,
        encoding=encoding,
        delimiter=delimiter,
        headers=headers,
        header_row=index + 1,
        size_hint=_csv_size_hint(text, head, size, delimiter, index, complete),
        first_column=first,
    )


def _sample_records(text: str, delimiter: str, complete: bool) -> list[list[str]]:
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            records.append(record)
            if len(records) > 4 * HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass
    if not complete and records and len(records) > 1:
        records.pop()  # probably cut short by the sample's end
    return records


def _csv_size_hint(
    text: str, head: bytes, size: int, delimiter: str, header_index: int, complete: bool
) -> int:
    """Data rows, counted when the sample is the whole file, else estimated from row length."""
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    after_header = 0
    rows = 0
    nonblank = 0
    try:
        for number, record in enumerate(reader):
            if number == header_index:
                after_header = stream.tell()
            elif number > header_index:
                rows += 1
                nonblank += any(cell.strip() for cell in record)
    except csv.Error:
        pass
    if complete:
        return nonblank
    if rows <= 1:
        return 0
    rows -= 1  # the last record in the sample may be cut short
    chars = stream.tell() - after_header
    bytes_per_char = len(head) / max(1, len(text))
    per_row = max(1.0, chars * bytes_per_char / (rows + 1))
    header_bytes = after_header * bytes_per_char
    return max(rows, round((size - header_bytes) / per_row))


def _open_workbook(path: Path, container: str, mapping: Mapping[str, Any] | None) -> Table:
    name = path.name
    kind = "xls" if container == "ole" else "xlsx"
    if container == "zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError) as error:
            raise UnusableFile(
                f"“{name}” looks like an Excel workbook but is damaged (it is not a complete "
                "zip archive). Open it in Excel and save it again, or export it again as CSV."
            ) from error
        if "content.xml" in names:
            kind = "ods"
        elif "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            what = "a zip archive"
            if any(n.startswith("word/") for n in names):
                what = "a Word document"
            elif any(n.startswith("ppt/") for n in names):
                what = "a PowerPoint presentation"
            raise UnusableFile(
                f"“{name}” is {what}, not a spreadsheet. Export the incident log from your "
                "incident system as CSV or Excel and upload that."
            )
    try:
        import python_calamine
    except ImportError as error:  # pragma: no cover - a runtime dependency
        message = "Excel files cannot be read here: python-calamine is not installed."
        raise UnusableFile(message) from error
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(os.fspath(path))
    except Exception as error:  # calamine raises its own and plain errors alike
        if container == "ole":
            raise UnusableFile(
                f"“{name}” is an old-style Excel file (.xls) that we cannot read, or a "
                "password-protected workbook. Open it in Excel, remove any password, and save "
                "it as an Excel workbook (.xlsx) or as CSV, then upload that."
            ) from error
        raise UnusableFile(
            f"“{name}” is a workbook we cannot read ({error}). Open it in Excel and save it "
            "again as an Excel workbook (.xlsx) or as CSV, then upload that."
        ) from error
    tried: list[str] = []
    first_rows: list[list[Any]] = []
    for position, sheet_name in enumerate(workbook.sheet_names):
        try:
            sheet = workbook.get_sheet_by_index(position)
        except Exception:  # noqa: S112 - a chart sheet or a damaged one: try the next sheet
            continue
        tried.append(sheet_name)
        top = _head_rows(sheet)
        if not first_rows:
            first_rows = top
        found = _find_header(top, mapping)
        if found is None:
            continue
        index, headers, first = found
        merged = getattr(sheet, "merged_cell_ranges", None) or ()
        start = getattr(sheet, "start", None) or (0, 0)
        return SheetTable(
            sheet,
            kind=kind,
            headers=headers,
            header_row=index + 1,
            size_hint=max(0, int(getattr(sheet, "height", 0)) + int(start[0]) - index - 1),
            first_column=first,
            sheet=sheet_name,
            merged=list(merged),
            column_offset=int(start[1]),
            workbook=workbook,
        )
    close = getattr(workbook, "close", None)
    if close:
        close()
    message = _no_header_message(first_rows, mapping, name)
    if len(tried) > 1:
        message += f" We looked in every sheet: {_quoted(tried)}."
    raise UnusableFile(message)


def _head_rows(sheet: Any) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for cells in sheet.iter_rows():
        rows.append(list(cells))
        if len(rows) >= HEADER_SEARCH_ROWS:
            break
    return rows


# --------------------------------------------------------------------------------------------
# The header row


def _header_text(value: Any) -> str:
    return " ".join(_cell_text(value).split())


def _find_header(
    rows: Sequence[Sequence[Any]], mapping: Mapping[str, Any] | None
) -> tuple[int, list[str], int] | None:
    """(0-based index, headers, first column with a header) of the header row, or None."""
    wanted: set[str] = set()
    if mapping:
        wanted = {
            normalise_header(h)
            for name, h in mapping.items()
            if isinstance(h, str) and h and name in FIELDS
        }
    for index, row in enumerate(rows):
        texts = [_header_text(c) for c in row]
        if sum(1 for t in texts if t) < 2:
            continue
        if any(_looks_like_value(c) for c in row):
            continue
        if wanted:
            present = {normalise_header(t) for t in texts}
            if not wanted <= present:
                continue
        else:
            names = {found[0] for t in texts if (found := recognise_header(t))}
            if not names & set(DATE_FIELDS) or len(names) < 2:
                continue
        return index, _unique_headers(texts), next(i for i, t in enumerate(texts) if t)
    return None


def _looks_like_value(cell: Any) -> bool:
    # A header row holds names: a date or a number in it means it is a row of data.
    if isinstance(cell, datetime | date | time | timedelta):
        return True
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return True
    if isinstance(cell, str):
        text = cell.strip()
        if text[:1].isdigit():
            result = _read_date_text(text)
            return isinstance(result, tuple)
    return False


def _column_name(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _unique_headers(texts: list[str]) -> list[str]:
    while texts and not texts[-1]:
        texts = texts[:-1]
    headers: list[str] = []
    seen: dict[str, int] = {}
    for position, text in enumerate(texts):
        name = text or f"(column {_column_name(position)})"
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        headers.append(name)
    return headers


def _no_header_message(
    rows: Sequence[Sequence[Any]], mapping: Mapping[str, Any] | None, name: str = "the file"
) -> str:
    label = f"“{name}”" if name != "the file" else name
    first = next((r for r in rows if any(not _blank(c) for c in r)), None)
    shown = ""
    if first is not None:
        cells = [_header_text(c) for c in first if not _blank(c)][:8]
        shown = f" Its first row reads: {_quoted(c[:40] for c in cells)}."
    if mapping:
        wanted = [h for n, h in mapping.items() if isinstance(h, str) and h and n in FIELDS]
        return (
            f"We could not find a row of column headings in {label} holding all the columns "
            f"you chose ({_quoted(wanted)}) in its first {HEADER_SEARCH_ROWS} rows.{shown} "
            "Check the file is the incident export and the column names match it exactly."
        )
    return (
        f"We could not find the row of column headings in {label}. We looked at the first "
        f"{HEADER_SEARCH_ROWS} rows for one naming the incident date (like “Incident date” or "
        "“Date”) and at least one other column we know (like “Ref”, “Location” or "
        f"“Category”).{shown} Check this is the incident export; if its columns have other "
        "names, choose the columns yourself."
    )


# --------------------------------------------------------------------------------------------
# Cells as text


def _cell_text(value: Any) -> str:
    """A cell as text: numbers without a needless ".0", dates and times the UK way."""
    if value is None:
        return ""
    cls = value.__class__
    if cls is str:
        return value  # type: ignore[no-any-return]
    if cls is float:
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if cls is bool:
        return "TRUE" if value else "FALSE"
    if cls is int:
        return str(value)
    if cls is datetime:
        if value.second or value.microsecond:
            return value.strftime("%d/%m/%Y %H:%M:%S")
        return value.strftime("%d/%m/%Y %H:%M")
    if cls is date:
        return value.strftime("%d/%m/%Y")
    if cls is time:
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return str(value)


# --------------------------------------------------------------------------------------------
# Dates and times

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_DATE_RE: Final = re.compile(
    r"""
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?          # a weekday, ignored
    (?:
        (?P<y1>\d{4})\s*(?P<s1>[-/.])\s*(?P<m1>\d{1,2})\s*(?P=s1)\s*(?P<d1>\d{1,2})
      | (?P<d2>\d{1,2})\s*(?P<s2>[-/.])\s*(?P<m2>\d{1,2})\s*(?P=s2)\s*(?P<y2>\d{4}|\d{2})
      | (?P<d3>\d{1,2})(?:st|nd|rd|th)?[\s./-]*(?P<mon3>[a-z]{3,9})\.?[\s./,-]*(?P<y3>\d{4}|\d{2})
      | (?P<mon4>[a-z]{3,9})\.?\s+(?P<d4>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{4})
      | (?P<y5>(?:19|20)\d{2})(?P<m5>[01]\d)(?P<d5>[0-3]\d)
    )
    (?:(?:\s*[T,]\s*|\s+(?:at\s+)?|\s*-\s*)(?P<time>\S.*))?
    """,
    re.X | re.I | re.A,
)
_TIME_RE: Final = re.compile(
    r"""
    (?P<h>\d{1,2})
    (?:
        (?:[:.h]\s?(?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:[.,]\d+)?)?)
      | (?P<m2>\d{2})
    )?
    \s*(?P<ampm>[ap]\.?\s?m\.?)?
    \s*(?P<hrs>hrs?|hours|h)?
    \s*(?P<tz>z|utc|gmt|bst|[+-]\d{2}:?\d{2})?
    """,
    re.X | re.I | re.A,
)
_NUMBER_RE: Final = re.compile(r"\d+(?:\.\d+)?", re.A)

DATE_EXAMPLE: Final = "27/11/2026"


def _bad_date(value: str) -> str:
    return f"{value} is not a date: write it as day/month/year, like {DATE_EXAMPLE}"


def _bad_time(value: str) -> str:
    return f"{value} is not a time: write it as hours:minutes on the 24-hour clock, like 14:05"


MISSING_DATE: Final = (
    f"The date is missing: write the date of the incident as day/month/year, like {DATE_EXAMPLE}"
)

When = tuple[date, time | None]


def _make_date(year: int, month: int, day: int) -> date | None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _two_digit_year(text: str) -> int:
    # As Excel reads them: 00-29 are 2000-2029, 30-99 are 1930-1999.
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


@lru_cache(maxsize=1 << 16)
def _read_date_text(raw: str) -> When | str:
    """A date cell's text → (date, time or None), or a message saying what is wrong."""
    s = raw.strip()
    if not s:
        return MISSING_DATE
    if len(s) == 10 and s.isascii():
        # The common cases without a regex: dd/mm/yyyy (or - or .) and yyyy-mm-dd.
        c2, c5 = s[2], s[5]
        if c2 == c5 and c2 in "/-." and s[:2].isdigit() and s[3:5].isdigit() and s[6:].isdigit():
            found = _make_date(int(s[6:]), int(s[3:5]), int(s[:2]))
            return (found, None) if found else _bad_date(s)
        if s[4] == s[7] == "-" and s[:4].isdigit() and s[5:7].isdigit() and s[8:].isdigit():
            found = _make_date(int(s[:4]), int(s[5:7]), int(s[8:]))
            return (found, None) if found else _bad_date(s)
    return _read_date_slow(s)


def _read_date_slow(s: str) -> When | str:
    if _NUMBER_RE.fullmatch(s):
        return _from_serial(float(s), s)
    match = _DATE_RE.fullmatch(s)
    if match is None:
        return _bad_date(s)
    g = match.groupdict()
    if g["y1"]:
        found = _make_date(int(g["y1"]), int(g["m1"]), int(g["d1"]))
    elif g["d2"]:
        found = _make_date(_two_digit_year(g["y2"]), int(g["m2"]), int(g["d2"]))
    elif g["d3"]:
        month = _MONTHS.get(g["mon3"].casefold())
        found = _make_date(_two_digit_year(g["y3"]), month, int(g["d3"])) if month else None
    elif g["d4"]:
        month = _MONTHS.get(g["mon4"].casefold())
        found = _make_date(int(g["y4"]), month, int(g["d4"])) if month else None
    else:
        found = _make_date(int(g["y5"]), int(g["m5"]), int(g["d5"]))
    if found is None:
        return _bad_date(s)
    if g["time"] is None:
        return found, None
    at = _read_clock(g["time"])
    if at is None:
        example = f"{DATE_EXAMPLE} 14:05"
        return (
            f"{s} has a time that is not a time ({g['time']}): write the time as "
            f"hours:minutes on the 24-hour clock, like {example}"
        )
    return found, at


def _from_serial(number: float, text: str) -> When | str:
    if not SERIAL_MIN <= number < SERIAL_MAX:
        return _bad_date(text)
    days = int(number)
    seconds = round((number - days) * 86400)
    if seconds >= 86400:
        days, seconds = days + 1, 0
    found = EXCEL_EPOCH + timedelta(days=days)
    if seconds == 0 and number == days:
        return found, None
    return found, time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _read_clock(text: str) -> time | None:
    """A time of day written as text, or None. Keeps an explicit offset ("Z", "+01:00")."""
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        return None
    g = match.groupdict()
    minute_text = g["m"] or g["m2"]
    if minute_text is None and not (g["ampm"] or g["hrs"]):
        return None
    hour, minute = int(g["h"]), int(minute_text or 0)
    second = int(g["s"] or 0)
    if g["ampm"]:
        if not 1 <= hour <= 12 and not (hour == 0 and g["ampm"][0] in "aA"):
            return None
        hour = hour % 12 + (12 if g["ampm"][0] in "pP" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone: tzinfo | None = None
    if g["tz"]:
        zone = _zone(g["tz"])
        if zone is None:
            return None
    return time(hour, minute, second, tzinfo=zone)


def _zone(text: str) -> tzinfo | None:
    name = text.casefold()
    if name in ("z", "utc", "gmt"):
        return UTC
    if name == "bst":
        return timezone(timedelta(hours=1))
    digits = name[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if name[0] == "-" else offset)


@lru_cache(maxsize=4096)
def _read_time_text(raw: str) -> time | str | None:
    """A time cell's text → time, None when blank, or a message saying what is wrong."""
    s = raw.strip()
    if not s:
        return None
    at = _read_clock(s)
    if at is not None:
        return at
    if _NUMBER_RE.fullmatch(s):
        # An Excel time (a fraction of a day), or a whole date-time serial.
        number = float(s)
        fraction = number - int(number)
        if number < 1 or SERIAL_MIN <= number < SERIAL_MAX:
            seconds = round(fraction * 86400) % 86400
            return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        return _bad_time(s)
    # "30/12/1899 14:05": how Access and some exports write a time on its own.
    match = _DATE_RE.fullmatch(s)
    if match and match["time"]:
        at = _read_clock(match["time"])
        if at is not None:
            return at
    return _bad_time(s)


def _read_date_value(value: Any) -> When | str:
    """A date cell from a workbook: a real date, date-time, serial number or text."""
    cls = value.__class__
    if cls is str:
        return _read_date_text(value)
    if cls is datetime:
        value = _nearest_second(value)
        found = _make_date(value.year, value.month, value.day)
        if found is None:
            return _bad_date(_cell_text(value))
        return found, value.timetz()
    if cls is date:
        found = _make_date(value.year, value.month, value.day)
        return (found, None) if found else _bad_date(_cell_text(value))
    if value is None:
        return MISSING_DATE
    if cls is float or cls is int:
        return _from_serial(float(value), _cell_text(value))
    return _bad_date(_cell_text(value))


def _read_time_value(value: Any) -> time | str | None:
    """A time cell from a workbook: a real time, a date-time (its time), a fraction or text."""
    cls = value.__class__
    if cls is str:
        return _read_time_text(value)
    if value is None:
        return None
    if cls is time:
        moment = _nearest_second(datetime.combine(EXCEL_EPOCH, value))
        return moment.timetz() if moment.date() == EXCEL_EPOCH else time(23, 59, 59)
    if cls is datetime:
        return _nearest_second(value).timetz()
    if cls is timedelta:
        seconds = round(value.total_seconds())
        if 0 <= seconds < 86400:
            return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        return _bad_time(_cell_text(value))
    if cls is float or cls is int:
        return _read_time_text(_cell_text(value))
    return _bad_time(_cell_text(value))


def _nearest_second(value: datetime) -> datetime:
    # Excel keeps times as fractions of a day: 14:05 can come back as 14:04:59.999.
    if value.microsecond:
        whole = value.replace(microsecond=0)
        return whole + timedelta(seconds=1) if value.microsecond >= 500_000 else whole
    return value


@lru_cache(maxsize=8192)
def _steady_offset(day: date) -> timedelta | None:
    """London's UTC offset for the whole of `day`, or None on the days the clocks change."""
    start = datetime(day.year, day.month, day.day, tzinfo=LONDON).utcoffset()
    end = datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=LONDON).utcoffset()
    return start if start == end else None


def local_to_utc(day: date, at: time | None) -> tuple[datetime, date, int | None, int]:
    """A local wall-clock reading → (aware UTC datetime, local date, local hour, weekday).

    A time the spring clock change skips moves forward an hour (01:30 → 02:30 BST); one the
    autumn change repeats is its first occurrence (BST). No time is local midnight, hour None.
    An explicit offset on the time ("Z", "+01:00") is honoured.
    """
    if at is not None and at.tzinfo is not None:
        instant = datetime.combine(day, at).astimezone(UTC)
        local = instant.astimezone(LONDON)
        return instant, local.date(), local.hour, local.weekday()
    offset = _steady_offset(day)
    if offset is not None:
        if at is None:
            return (
                datetime(day.year, day.month, day.day, tzinfo=UTC) - offset,
                day,
                None,
                day.weekday(),
            )
        return datetime.combine(day, at, UTC) - offset, day, at.hour, day.weekday()
    local = datetime.combine(day, at or time()).replace(tzinfo=LONDON, fold=0)
    instant = local.astimezone(UTC)
    back = instant.astimezone(LONDON)
    return instant, back.date(), (back.hour if at is not None else None), back.weekday()


# --------------------------------------------------------------------------------------------
# Other values


_BLANKISH: Final = frozenset(
    {"n/a", "na", "n.a.", "-", "--", "unknown", "not known", "tbc", "tbd", "not applicable"}
)


@lru_cache(maxsize=1024)
def _read_days(raw: str) -> int | str | None:
    s = raw.strip()
    folded = s.casefold()
    if not folded or folded in _BLANKISH:
        return None
    if folded in ("none", "nil", "no", "zero"):
        return 0
    match = re.fullmatch(r"(-?)\s*(\d+(?:\.\d+)?)\s*(?:days?|d)?", folded, re.A)
    if match is None:
        return (
            f"“{s}” is not a number of days: write the days lost as a whole number, like 3 "
            "(0 if none)"
        )
    if match[1]:
        return (
            f"{s} is a negative number of days: write the days lost as a whole number, "
            "0 or more, like 3"
        )
    number = float(match[2])
    if not number.is_integer():
        return f"{s} is not a whole number of days: round it to whole days, like 3"
    if number > 36600:
        return f"{s} days is more than anyone could lose: check the number, like 3"
    return int(number)


def _riddor_words() -> dict[str, bool | None]:
    words: dict[str, bool | None] = {}
    for phrase in (
        "yes",
        "y",
        "true",
        "1",
        "reportable",
        "riddor reportable",
        "reported",
        "riddor reported",
        "yes reportable",
        "yes reported",
        "yes riddor",
        "yes riddor reportable",
        "reported to hse",
        "reportable to hse",
    ):
        words[phrase] = True
    for phrase in (
        "no",
        "n",
        "false",
        "f",
        "0",
        "not reportable",
        "non reportable",
        "nonreportable",
        "not riddor reportable",
        "no not reportable",
        "no non reportable",
        "not reported",
        "no not reported",
        "not riddor",
        "no riddor",
    ):
        words[phrase] = False
    for phrase in ("", "n a", "na", "unknown", "not known", "tbc", "pending", "not applicable"):
        words[phrase] = None
    return words


_RIDDOR: Final = _riddor_words()


@lru_cache(maxsize=256)
def _read_riddor(raw: str) -> bool | str | None:
    key = " ".join(_NON_ALNUM.sub(" ", raw.casefold()).split())
    if key in _RIDDOR:
        return _RIDDOR[key]
    return (
        f"“{raw.strip()}” is not a RIDDOR answer we can read: write yes or no (or leave it "
        "blank if not known)"
    )


# --------------------------------------------------------------------------------------------
# Furniture: report titles, totals and footers are not incidents

_FURNITURE_LABEL: Final = re.compile(
    r"""
    (?:grand\s+|sub[\s-]?)?totals?\b
    | count\b
    | (?:number|no\.?)\s+of\s+(?:records|incidents|rows|events|reports|results)\b
    | \d+\s+(?:records?|incidents?|rows?|events?|results?)\b
    | (?:records?|rows?|results?|incidents?)\s*(?:found|returned|listed|shown)?\s*[:=]
    | (?:report\s+)?(?:generated|printed|produced|exported|extracted|run)\b
    | report\s+(?:date|run|title|name|criteria|parameters|created)\b
    | (?:date|time)\s+(?:generated|printed|run|produced|exported)\b
    | run\s+(?:on|by|date|at)\b
    | page\s+\d
    | end\s+of\s+(?:report|data|file|list|records)
    | filters?\b | criteria\b | parameters?\b | data\s+as\s+at\b
    """,
    re.X | re.I,
)

_FURNITURE, _TAIL, _DATA = 0, 1, 2


# --------------------------------------------------------------------------------------------
# Parsing


_TEXT_FIELDS: Final = (
    "reference",
    "site",
    "location",
    "location_type",
    "category",
    "subcategory",
    "harm",
    "assault_form",
    "perpetrator_type",
    "description",
    "days_lost",
    "riddor",
)


def parse(
    table: Table, mapping: Mapping[str, Any] | None = None, *, keep_descriptions: bool = False
) -> ParseRun:
    """Read and check every data row of `table` with `mapping` (our field → header).

    Returns an iterator of `ParsedRow`, `RejectedRow` and `DuplicateRow`, one per data row, in
    the file's order; its counts (`rows`, `valid_rows`, `rejected_rows`, `duplicate_rows`,
    `furniture_rows`) are complete once it is exhausted. A mapping of None is the proposed one.
    Raises `MappingError` when the mapping does not fit the table.
    """
    return ParseRun(table, mapping, keep_descriptions=keep_descriptions)


@dataclass
class ParseRun:
    """One pass over a table's rows; iterate it once."""

    table: Table
    mapping: Mapping[str, Any] | None = None
    keep_descriptions: bool = False
    rows: int = 0  # data rows considered: valid + rejected + duplicates
    valid_rows: int = 0
    rejected_rows: int = 0
    duplicate_rows: int = 0
    furniture_rows: int = 0
    columns: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        headers = self.table.headers
        chosen = dict(propose_mapping(headers) if self.mapping is None else self.mapping)
        problems = check_mapping(chosen, headers)
        if problems:
            raise MappingError(problems)
        index = _header_index(headers)
        self.mapping = {k: v for k, v in chosen.items() if v}
        for name, header in self.mapping.items():
            position = _find_column(index, header)
            if position is not None:  # check_mapping made sure
                self.columns[name] = position
        self._iterator: Iterator[ParsedRow | RejectedRow | DuplicateRow] | None = None

    def __iter__(self) -> Iterator[ParsedRow | RejectedRow | DuplicateRow]:
        # The generator itself, so a for loop pays no extra call a row.
        if self._iterator is None:
            self._iterator = self._run()
        return self._iterator

    def __next__(self) -> ParsedRow | RejectedRow | DuplicateRow:
        return next(iter(self))

    # The work. Written for speed: ~1,000,000 rows a minute with the database writes, so the
    # common row (a date that reads, no errors) takes no regex, and values repeat through caches.
    def _run(self) -> Iterator[ParsedRow | RejectedRow | DuplicateRow]:
        table = self.table
        columns = self.columns
        headers = table.headers
        date_field = "occurred_at" if "occurred_at" in columns else "occurred_on"
        date_col = columns[date_field]
        time_col = columns.get("occurred_time", -1)
        # Unmapped fields read index -1: each row gets a blank cell appended at its end.
        text_getter = itemgetter(*(columns.get(name, -1) for name in _TEXT_FIELDS))
        need = max(len(headers), *(c + 1 for c in columns.values())) + 1
        has_location_type = "location_type" in columns
        keep = self.keep_descriptions
        description_col = columns.get("description", -1)
        first_column = table.first_column
        mapped_after_first = frozenset(c for c in columns.values() if c > first_column)
        text_only = table.text_only
        seen: dict[str, int] = {}
        pending: list[tuple[int, list[str], Any, Any, When | str]] = []
        read_date_text = _read_date_text
        read_time_text = _read_time_text
        read_days = _read_days
        read_riddor = _read_riddor
        to_utc = local_to_utc
        parsed_row = ParsedRow

        def build(
            row: int, cells: list[str], date_value: Any, time_value: Any, when: When | str
        ) -> ParsedRow | RejectedRow | DuplicateRow:
            (
                reference,
                site,
                location,
                location_type,
                category,
                subcategory,
                harm,
                assault_form,
                perpetrator,
                description,
                days_text,
                riddor_text,
            ) = text_getter(cells)
            reference = reference.strip()
            if reference:
                first = seen.get(reference)
                if first is not None:
                    self.duplicate_rows += 1
                    return DuplicateRow(row, reference, first)
            errors: list[RowError] | None = None
            if when.__class__ is tuple:
                day, at = when  # type: ignore[misc]
            else:
                errors = [RowError(row, headers[date_col], _shown(date_value), when)]  # type: ignore[arg-type]
                day = at = None
            if time_col >= 0:
                if time_value.__class__ is str:
                    clock = read_time_text(time_value)
                else:
                    clock = _read_time_value(time_value)
                if clock.__class__ is str:
                    error = RowError(row, headers[time_col], _shown(time_value), clock)  # type: ignore[arg-type]
                    errors = [*errors, error] if errors else [error]
                elif clock is not None:
                    at = clock  # type: ignore[assignment]
            days = read_days(days_text)
            if days.__class__ is str:
                error = RowError(row, headers[columns["days_lost"]], days_text.strip(), days)  # type: ignore[arg-type]
                errors = [*errors, error] if errors else [error]
            riddor = read_riddor(riddor_text)
            if riddor.__class__ is str:
                error = RowError(row, headers[columns["riddor"]], riddor_text.strip(), riddor)  # type: ignore[arg-type]
                errors = [*errors, error] if errors else [error]
            if len(reference) > MAX_REFERENCE:
                error = RowError(
                    row,
                    headers[columns["reference"]],
                    reference,
                    f"The reference is longer than {MAX_REFERENCE} characters: check this is "
                    "the incident's reference column",
                )
                errors = [*errors, error] if errors else [error]
            if errors:
                self.rejected_rows += 1
                shown = cells[: len(headers)]
                if not keep and 0 <= description_col < len(shown):
                    shown = list(shown)
                    shown[description_col] = ""
                return RejectedRow(row, errors, shown)
            occurred_at, occurred_on, hour, weekday = to_utc(day, at)  # type: ignore[arg-type]
            location = location.strip()
            if reference:
                seen[reference] = row
            self.valid_rows += 1
            return parsed_row(
                row,
                reference,
                occurred_at,
                occurred_on,
                hour,
                weekday,
                site.strip()[:MAX_TEXT],
                location[:MAX_TEXT],
                (location_type.strip() if has_location_type else location)[:MAX_TEXT],
                category.strip()[:MAX_TEXT],
                subcategory.strip()[:MAX_TEXT],
                harm.strip()[:MAX_TEXT],
                assault_form.strip()[:MAX_TEXT],
                perpetrator.strip()[:MAX_TEXT],
                days,  # type: ignore[arg-type]
                riddor,  # type: ignore[arg-type]
                description.strip() if keep else "",
            )

        def kind_of(cells: list[str], date_value: Any) -> int:
            # Only for rows whose date does not read: is it furniture, a tail candidate, data?
            filled = [i for i, c in enumerate(cells) if c and not c.isspace()]
            if not filled:
                return _FURNITURE
            if _FURNITURE_LABEL.match(cells[filled[0]].strip()):
                return _FURNITURE
            if _cell_text(date_value).strip()[:1].isdigit():
                return _DATA  # a date that does not read is an error, wherever it is
            if filled[-1] <= first_column:
                return _FURNITURE
            if not any(i in mapped_after_first for i in filled):
                return _TAIL
            return _DATA

        for row, cells in table.rows():
            if text_only:
                cells.append("")
                if len(cells) < need:
                    cells[-1:] = [""] * (need - len(cells) + 1)
                date_value = cells[date_col]
                when = read_date_text(date_value)
                time_value = cells[time_col] if time_col >= 0 else ""
            else:
                raw = cells
                cells = [c if c.__class__ is str else _cell_text(c) for c in raw]
                cells.append("")
                if len(cells) < need:
                    cells[-1:] = [""] * (need - len(cells) + 1)
                date_value = raw[date_col] if date_col < len(raw) else ""
                when = _read_date_value(date_value)
                time_value = (raw[time_col] if time_col < len(raw) else "") if time_col >= 0 else ""
            if when.__class__ is str:
                kind = kind_of(cells, date_value)
                if kind == _FURNITURE:
                    self.furniture_rows += 1
                    continue
                if kind == _TAIL:
                    pending.append((row, cells, date_value, time_value, when))
                    continue
            if pending:
                for waiting in pending:
                    self.rows += 1
                    yield build(*waiting)
                pending.clear()
            self.rows += 1
            yield build(row, cells, date_value, time_value, when)
        # Rows after the last real row are the export's footer.
        self.furniture_rows += len(pending)


def _shown(value: Any) -> str:
    return _cell_text(value).strip()
