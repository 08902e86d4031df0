"""Reading a client's staff list (an HR export, such as an NHS ESR extract) and working out what
an import changes. Pure Python: no Django here.

The file is opened by the incident importer's reader (`open_table`, with `STAFF` as the kind of
export): any common CSV encoding and delimiter, Excel workbooks, report titles above the header
row, and rows numbered as a spreadsheet numbers them.

    table = open_staff_table(path)              # raises UnusableFile
    mapping = propose_mapping(table.headers)    # or a person's choice
    problems = check_mapping(mapping, table.headers)
    parsed = parse(table, mapping)              # StaffRow, RejectedRow, repeated rows
    plan = plan_import(parsed.rows, existing=…, sites=…, fields=parsed.fields, today=…)

The rules:

* a row is invalid when its e-mail address is not one, it has no name, or it repeats an
  employee number that an earlier row of the file gave to a different person (the error is on
  the later row; without employee numbers, the e-mail address, then the name, is the key);
* a row repeating a person already in the file (the same employee number and name: ESR lists
  a person once per post) is "repeated" and changes nothing;
* people are matched by employee number, else by e-mail address (ignoring case) among people
  without an employee number, else (with neither) by name among people with neither;
* a match whose leaving date is today or earlier is archived; others are updated when a mapped
  field differs; rows matching no one are starters, unless they have already left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Final

from breakaway.assessments.incident_import import (
    RejectedRow,
    RowError,
    Table,
    TableSpec,
    normalise_header,
    open_table,
)
from breakaway.assessments.incident_import.headers import (
    _find_column,
    _header_index,
    _quoted,
    check_columns,
)
from breakaway.assessments.incident_import.parsing import _FURNITURE_LABEL
from breakaway.assessments.incident_import.values import (
    _BLANKISH,
    _cell_text,
    _read_date_value,
)

# Our fields, in the order a person is shown them.
FIELDS: Final = (
    "employee_number",
    "first_name",
    "last_name",
    "name",
    "email",
    "role",
    "site",
    "team",
    "start_date",
    "leaving_date",
)
NAME_FIELDS: Final = ("first_name", "last_name", "name")
DATE_FIELDS: Final = ("start_date", "leaving_date")
# The fields an import writes onto a person (`name` is split into first and last names).
PERSON_FIELDS: Final = (
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "role",
    "site",
    "team",
    "start_date",
    "leaving_date",
)

FIELD_LABELS: Final = {
    "employee_number": "employee number",
    "first_name": "first name",
    "last_name": "last name",
    "name": "full name",
    "email": "e-mail address",
    "role": "role",
    "site": "site",
    "team": "team",
    "start_date": "start date",
    "leaving_date": "leaving date",
}

# The model's column sizes: a longer employee number or e-mail address is an error, longer
# text is cut.
MAX_EMPLOYEE_NUMBER: Final = 30
MAX_EMAIL: Final = 254
MAX_NAME: Final = 100
MAX_TEXT: Final = 200


# --------------------------------------------------------------------------------------------
# Headers


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# Whole normalised headers, best first. ESR's own headers come first in each list.
_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "employee_number": _names(
        "employee number, employee no, employee num, employee id, employee ref, "
        "employee reference, emp no, emp number, emp id, staff number, staff no, staff id, "
        "staff reference, payroll number, payroll no, payroll id, personnel number, "
        "personnel no, person number, person id, esr number, esr no, esr id, worker id, "
        "worker number, id number"
    ),
    "first_name": _names(
        "first name, first names, forename, forenames, given name, given names, first, "
        "christian name, employee first name, staff first name"
    ),
    "last_name": _names(
        "last name, surname, family name, last, second name, employee last name, "
        "employee surname, staff surname"
    ),
    "name": _names(
        "full name, name, employee name, staff name, person name, employee full name, "
        "name of employee, staff member, employee, colleague, colleague name"
    ),
    "email": _names(
        "email address, email, e mail, e mail address, work email, work email address, "
        "email work, nhs mail, nhsmail, nhs email, nhsmail address, primary email, "
        "business email, contact email, email addr, mail"
    ),
    "role": _names(
        "position title, position, job title, job role, role, post, post title, job, "
        "occupation, position name, job name, designation, job description"
    ),
    "site": _names(
        "location, site, site name, location name, work location, primary location, base, "
        "work base, base location, hospital, premises, building, workplace, place of work"
    ),
    "team": _names(
        "organisation, team, team name, department, dept, department name, ward, ward name, "
        "unit, service, cost centre, directorate, division, org unit, organisation unit, "
        "organisational unit, sub organisation, area"
    ),
    "start_date": _names(
        "assignment start date, start date, date started, started, hire date, date of hire, "
        "latest hire date, latest start date, date joined, joined, joining date, "
        "date of joining, employment start date, start"
    ),
    "leaving_date": _names(
        "leaving date, leave date, date left, left, date of leaving, termination date, "
        "actual termination date, assignment end date, employment end date, end date, "
        "leaver date"
    ),
}

_EXACT: Final[dict[str, tuple[str, int]]] = {}
for _field, _field_names in _SYNONYMS.items():
    for _rank, _name in enumerate(_field_names):
        _EXACT.setdefault(_name, (_field, _rank))

_PARENS: Final = re.compile(r"\([^)]*\)|\[[^\]]*\]")
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
    if bare and bare != text and (found := _EXACT.get(bare)):
        return found[0], found[1] + 1
    guess = _guess(set(text.split()))
    return (guess, _HEURISTIC_RANK) if guess else None


def _guess(words: set[str]) -> str | None:
    # Word rules for headers no synonym names, most specific first.
    if words & {"email", "mail", "nhsmail"}:
        return "email"
    if "date" in words and words & {"start", "started", "hire", "joined", "joining"}:
        return "start_date"
    if "date" in words and words & {"leaving", "left", "termination", "end", "leaver"}:
        return "leaving_date"
    if words & {"surname"} or ("last" in words and "name" in words):
        return "last_name"
    if words & {"forename", "forenames"} or ("first" in words and "name" in words):
        return "first_name"
    if words & {"employee", "staff", "payroll", "personnel"} and words & {
        "number",
        "no",
        "id",
        "ref",
    }:
        return "employee_number"
    if words & {"position", "job", "role"}:
        return "role"
    if words & {"site", "location", "base"}:
        return "site"
    if words & {"team", "department", "ward", "unit"}:
        return "team"
    return None


def _is_header(names: set[str]) -> bool:
    return bool(names & set(NAME_FIELDS)) and len(names) >= 2


STAFF: Final = TableSpec(
    fields=FIELDS,
    recognise=recognise_header,
    is_header=_is_header,
    things="staff",
    export="the staff list",
    source="your HR system (such as ESR)",
    kind="a staff list",
    looked_for=(
        "people's names (like “First Name” and “Last Name”, or “Name”) and at least one other "
        "column we know (like “Employee Number”, “Email Address” or “Position Title”)"
    ),
)


def open_staff_table(path: str | Path, *, mapping: Mapping[str, Any] | None = None) -> Table:
    """Open a staff list (CSV or a workbook); raises `UnusableFile` for a file that is not one."""
    return open_table(path, mapping=mapping, spec=STAFF)


def propose_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Our field → the file's header, guessed from the headers' names (each column once)."""
    best: dict[str, tuple[int, int]] = {}
    for position, header in enumerate(headers):
        found = recognise_header(header)
        if found is None:
            continue
        name, rank = found
        if name not in best or (rank, position) < best[name]:
            best[name] = (rank, position)
    mapping = {name: headers[position] for name, (_rank, position) in best.items()}
    # First and last names make the full name redundant; a lone first or last name without
    # the other is more likely the full name's column misread.
    if "first_name" in mapping and "last_name" in mapping:
        mapping.pop("name", None)
    return {name: mapping[name] for name in FIELDS if name in mapping}


def check_mapping(mapping: Mapping[str, Any], headers: Sequence[str]) -> list[str]:
    """What is wrong with a mapping (our field → the file's header), for a person; [] if fine."""
    problems = check_columns(mapping, headers, FIELDS)
    chosen = {name for name, header in mapping.items() if name in FIELDS and header}
    there = _quoted(h for h in headers if h)
    if not chosen & set(NAME_FIELDS):
        problems.append(
            "Choose the columns that hold people's names: first_name and last_name, or name for "
            f"a column with the full name. The file's columns are: {there}."
        )
    return problems


# --------------------------------------------------------------------------------------------
# Values


_EMAIL: Final = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,}",
)
_TITLES: Final = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "rev", "revd"}
)
_PARTICLES: Final = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la"})


def clean_text(value: str) -> str:
    """Outer spaces trimmed, runs of spaces made one."""
    return " ".join(value.split())


def read_email(raw: str) -> str | None:
    """An e-mail address in lower case, "" when blank (or "n/a"), None when it is not one."""
    text = raw.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not text or text.casefold() in _BLANKISH or text.casefold() == "none":
        return ""
    if len(text) > MAX_EMAIL or ".." in text or not _EMAIL.fullmatch(text):
        return None
    return text.lower()


def split_name(raw: str) -> tuple[str, str]:
    """A full name → (first names, last name): "Smith, Jane" and "Dr Jane Smith" alike."""
    text = clean_text(raw)
    if "," in text:
        last, _comma, first = text.partition(",")
        return _strip_titles(first), _strip_titles(last)
    words = _strip_titles(text).split()
    if len(words) <= 1:
        return (words[0] if words else ""), ""
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in _PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def _strip_titles(text: str) -> str:
    words = text.split()
    while words and words[0].casefold().rstrip(".") in _TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1].casefold().rstrip(".") in _TITLES:
        words = words[:-1]
    return " ".join(words)


def name_key(first_name: str, last_name: str) -> str:
    """A person's name for comparing: case, accents' case and spacing ignored."""
    return " ".join(f"{first_name} {last_name}".casefold().split())


def role_key(role: str) -> str:
    """A role for matching the training matrix to people: case and spacing ignored."""
    return " ".join(role.casefold().split())


# --------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One valid row, its values cleaned; the row number is the spreadsheet's."""

    row: int
    employee_number: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str = ""
    site: str = ""
    team: str = ""
    start_date: date | None = None
    leaving_date: date | None = None

    @property
    def name_key(self) -> str:
        return name_key(self.first_name, self.last_name)

    @property
    def key(self) -> tuple[str, str]:
        """Who the row is about: employee number, else e-mail address, else name."""
        if self.employee_number:
            return ("number", self.employee_number.casefold())
        if self.email:
            return ("email", self.email)
        return ("name", self.name_key)

    def is_leaver(self, today: date) -> bool:
        return self.leaving_date is not None and self.leaving_date <= today


@dataclass(frozen=True, slots=True)
class RepeatedRow:
    """A row about a person an earlier row already gave (ESR lists a person once per post)."""

    row: int
    first_row: int


@dataclass
class ParsedStaff:
    """Every data row of a file: valid, rejected (with errors) or repeated."""

    fields: frozenset[str]  # the fields the mapping reads (name becomes first and last names)
    mapping: dict[str, str] = field(default_factory=dict)  # our field → the file's header
    rows: list[StaffRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    repeated: list[RepeatedRow] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.rows) + len(self.rejected) + len(self.repeated)

    @property
    def errors(self) -> list[RowError]:
        return [error for rejected in self.rejected for error in rejected.errors]


class StaffMappingError(ValueError):
    """A mapping that does not fit the file; `problems` lists what is wrong, for a person."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def parse(table: Table, mapping: Mapping[str, Any] | None = None) -> ParsedStaff:
    """Read and check every data row of `table` with `mapping` (our field → the file's header;
    None is the proposed one). Raises `StaffMappingError` when the mapping does not fit."""
    headers = table.headers
    chosen = dict(propose_mapping(headers) if mapping is None else mapping)
    if problems := check_mapping(chosen, headers):
        raise StaffMappingError(problems)
    index = _header_index(headers)
    columns: dict[str, int] = {}
    for name, header in chosen.items():
        if header and (position := _find_column(index, header)) is not None:
            columns[name] = position
    fields = set(columns) - {"name"}
    if "name" in columns:
        fields |= {"first_name", "last_name"}
    result = ParsedStaff(fields=frozenset(fields), mapping={k: v for k, v in chosen.items() if v})
    reader = _RowReader(headers, columns)
    # The first row of each key: (row number, name key, e-mail, valid) to tell a repeat from a
    # clash. A rejected row still claims its employee number for its person.
    seen: dict[tuple[str, str], tuple[int, str, str, bool]] = {}
    kept: dict[tuple[str, str], int] = {}  # key → position in result.rows
    for number, cells in table.rows():
        read = reader.read(number, cells)
        if read is None:
            continue
        row, errors = read
        first = seen.get(row.key) if row.name_key else None
        if first is not None and not _same_person(first, row):
            if not errors:
                errors.append(_clash(row, first[0], reader))
        elif not errors and first is not None and first[3]:
            _keep_current_post(result, kept, row, first[0])
            continue
        elif row.name_key and (first is None or (not errors and not first[3])):
            # The first row of a key claims it; a valid row replaces a rejected first one,
            # so that later repeats of the person count as repeats of the row that is kept.
            seen[row.key] = (number, row.name_key, row.email, not errors)
        if errors:
            cells_text = [_cell_text(c) for c in cells[: len(headers)]]
            result.rejected.append(RejectedRow(number, errors, cells_text))
            continue
        kept[row.key] = len(result.rows)
        result.rows.append(row)
    return result


def _same_person(first: tuple[int, str, str, bool], row: StaffRow) -> bool:
    _row, first_name_key, first_email, _valid = first
    emails_agree = not first_email or not row.email or first_email == row.email
    return first_name_key == row.name_key and emails_agree


def _keep_current_post(
    result: ParsedStaff, kept: dict[tuple[str, str], int], row: StaffRow, first_row: int
) -> None:
    """A second post of a person: the one without a leaving date describes them now."""
    position = kept.get(row.key)
    if position is not None:
        earlier = result.rows[position]
        if earlier.leaving_date is not None and row.leaving_date is None:
            result.rows[position] = replace(row, row=earlier.row)
            result.repeated.append(RepeatedRow(row.row, earlier.row))
            return
    result.repeated.append(RepeatedRow(row.row, first_row))


def _clash(row: StaffRow, first_row: int, reader: _RowReader) -> RowError:
    kind, value = row.key
    if kind == "number":
        return RowError(
            row.row,
            reader.header("employee_number"),
            row.employee_number,
            f"Row {first_row} has employee number {row.employee_number} for someone else: "
            "each person needs their own employee number. Check which row has it wrong",
        )
    if kind == "email":
        return RowError(
            row.row,
            reader.header("email"),
            row.email,
            f"Row {first_row} has this e-mail address for someone else, and neither row has "
            "an employee number to tell them apart: add their employee numbers, or correct "
            "the e-mail address",
        )
    return RowError(  # pragma: no cover - the same name is the same person
        row.row, reader.header("name"), value, f"Row {first_row} has the same name"
    )


class _RowReader:
    """Reads one row's cells into a StaffRow and its errors."""

    def __init__(self, headers: Sequence[str], columns: Mapping[str, int]) -> None:
        self.headers = headers
        self.columns = columns

    def header(self, name: str) -> str:
        if name in self.columns:
            return self.headers[self.columns[name]]
        if name == "name":
            for other in ("first_name", "last_name"):
                if other in self.columns:
                    return self.headers[self.columns[other]]
        if name in ("first_name", "last_name") and "name" in self.columns:
            return self.headers[self.columns["name"]]
        return FIELD_LABELS.get(name, name)

    def _cell(self, cells: Sequence[Any], name: str) -> Any:
        position = self.columns.get(name)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def _text(self, cells: Sequence[Any], name: str) -> str:
        return clean_text(_cell_text(self._cell(cells, name)))

    def read(self, number: int, cells: Sequence[Any]) -> tuple[StaffRow, list[RowError]] | None:
        """(row, errors) for a data row, or None for a blank line or the export's furniture."""
        texts = {name: self._text(cells, name) for name in self.columns}
        filled = [text for text in texts.values() if text]
        if not filled:
            return None
        named = any(texts.get(name) for name in NAME_FIELDS)
        if not named:
            first_cell = next((_cell_text(c).strip() for c in cells if _cell_text(c).strip()), "")
            if _FURNITURE_LABEL.match(first_cell):
                return None
        errors: list[RowError] = []
        first_name = texts.get("first_name", "")
        last_name = texts.get("last_name", "")
        if "name" in texts and not (first_name or last_name):
            first_name, last_name = split_name(texts["name"])
        if not (first_name or last_name):
            errors.append(
                RowError(
                    number,
                    self.header("name"),
                    "",
                    "The name is missing: write the person's first name and last name",
                )
            )
        employee_number = texts.get("employee_number", "")
        if len(employee_number) > MAX_EMPLOYEE_NUMBER:
            errors.append(
                RowError(
                    number,
                    self.header("employee_number"),
                    employee_number,
                    f"The employee number is longer than {MAX_EMPLOYEE_NUMBER} characters: "
                    "check this is the employee number column",
                )
            )
        raw_email = texts.get("email", "")
        email = read_email(raw_email)
        if email is None:
            errors.append(
                RowError(
                    number,
                    self.header("email"),
                    raw_email,
                    f"“{raw_email}” is not an e-mail address: write it like "
                    "jane.smith@example.nhs.uk, or leave it blank if the person has none",
                )
            )
            email = ""
        dates: dict[str, date | None] = {}
        for name in DATE_FIELDS:
            dates[name] = None
            if not texts.get(name):
                continue
            value = self._cell(cells, name)
            when = _read_date_value(value)
            if isinstance(when, str):
                errors.append(RowError(number, self.header(name), texts[name], when))
            else:
                dates[name] = when[0]
        row = StaffRow(
            row=number,
            employee_number=employee_number,
            first_name=first_name[:MAX_NAME],
            last_name=last_name[:MAX_NAME],
            email=email,
            role=texts.get("role", "")[:MAX_TEXT],
            site=texts.get("site", "")[:MAX_TEXT],
            team=texts.get("team", "")[:MAX_TEXT],
            start_date=dates["start_date"],
            leaving_date=dates["leaving_date"],
        )
        return row, errors


# --------------------------------------------------------------------------------------------
# What an import changes


@dataclass(frozen=True, slots=True)
class ExistingPerson:
    """A person already on the list, as the planner needs them. `site_id` is the site the
    name resolved to (None when unknown); `archived_on_leaving` says the import archived them
    for their leaving date, so a newer extract without one brings them back."""

    pk: int
    employee_number: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str = ""
    site: str = ""
    site_id: int | None = None
    team: str = ""
    start_date: date | None = None
    leaving_date: date | None = None
    archived: bool = False
    archived_on_leaving: bool = False


@dataclass
class ImportPlan:
    """The writes an import makes: `creates` (values), `updates` and `archives` (pk, changes),
    `restores` (pk, changes: archived for leaving, listed again without a past leaving date)."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    archives: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    restores: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    # Rows of people who had left before they were ever on the list: nothing to do.
    left_before_listed: int = 0

    @property
    def created(self) -> int:
        return len(self.creates)

    @property
    def updated(self) -> int:
        return len(self.updates) + len(self.restores)

    @property
    def archived(self) -> int:
        return len(self.archives)


def _values(row: StaffRow, fields: Iterable[str], sites: Mapping[str, int]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in PERSON_FIELDS:
        if name in fields:
            values[name] = getattr(row, name)
    if "site" in values:
        values["site_id"] = sites.get(role_key(row.site)) if row.site else None
    return values


def plan_import(
    rows: Sequence[StaffRow],
    *,
    existing: Sequence[ExistingPerson],
    sites: Mapping[str, int],
    fields: Iterable[str],
    today: date,
) -> ImportPlan:
    """What importing `rows` does to `existing` people: only the `fields` the file has are
    written (a file without e-mail addresses clears no one's). `sites` maps a site's name,
    as `role_key` folds it, to its id."""
    fields = frozenset(fields)
    by_number: dict[str, ExistingPerson] = {}
    by_email: dict[str, ExistingPerson] = {}
    by_name: dict[str, ExistingPerson] = {}
    for listed in sorted(existing, key=lambda p: p.pk):
        if listed.employee_number:
            by_number.setdefault(listed.employee_number.casefold(), listed)
        elif listed.email:
            by_email.setdefault(listed.email.casefold(), listed)
        else:
            by_name.setdefault(name_key(listed.first_name, listed.last_name), listed)
    # Who each row is, in passes so that a row never takes a person another row names more
    # surely: employee numbers first, then e-mail addresses of rows without a number, names of
    # rows with neither, and last the e-mail addresses of rows whose number is new.
    person_for: dict[int, ExistingPerson] = {}
    matched: set[int] = set()

    def take(position: int, person: ExistingPerson | None) -> None:
        if person is not None and person.pk not in matched:
            matched.add(person.pk)
            person_for[position] = person

    for position, row in enumerate(rows):
        if row.employee_number:
            take(position, by_number.get(row.employee_number.casefold()))
    for position, row in enumerate(rows):
        if not row.employee_number and row.email:
            take(position, by_email.get(row.email))
        elif not row.employee_number:
            take(position, by_name.get(row.name_key))
    for position, row in enumerate(rows):
        if row.employee_number and row.email and position not in person_for:
            take(position, by_email.get(row.email))
    plan = ImportPlan()
    for position, row in enumerate(rows):
        person = person_for.get(position)
        values = _values(row, fields, sites)
        leaver = row.is_leaver(today)
        if person is None:
            if leaver:
                plan.left_before_listed += 1
                plan.unchanged += 1
            else:
                plan.creates.append(values)
            continue
        changes = {k: v for k, v in values.items() if getattr(person, k) != v}
        if leaver and not person.archived:
            plan.archives.append((person.pk, changes))
        elif not leaver and person.archived and person.archived_on_leaving:
            plan.restores.append((person.pk, changes))
        elif changes:
            plan.updates.append((person.pk, changes))
        else:
            plan.unchanged += 1
    return plan
