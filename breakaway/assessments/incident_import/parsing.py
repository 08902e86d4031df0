"""Reading and checking every data row of a table: `parse` gives a `ParseRun` of `ParsedRow`,
`RejectedRow` (with its `RowError`s) and `DuplicateRow`, and skips the export's furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any, Final

from breakaway.assessments.incident_import.errors import MappingError
from breakaway.assessments.incident_import.headers import (
    _find_column,
    _header_index,
    check_mapping,
    propose_mapping,
)
from breakaway.assessments.incident_import.tables import Table
from breakaway.assessments.incident_import.values import (
    When,
    _cell_text,
    _read_date_text,
    _read_date_value,
    _read_days,
    _read_riddor,
    _read_time_text,
    _read_time_value,
    local_to_utc,
)

# The model's column sizes: longer references are errors, longer raw text is cut.
MAX_REFERENCE: Final = 100
MAX_TEXT: Final = 200


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
