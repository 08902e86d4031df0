"""Reading a list of people for a roster: pasted text or an uploaded file, one person a line
(an employee number or a work e-mail address), optionally followed by a group number. Pure
Python: no Django here.

    rows = read_roster_text("10234567\\njane.smith@nhs.net, 2\\n")
    # [RosterLine(row=1, identifier="10234567", kind="number", group=""), …]

Lines are numbered as the person sees them (blank lines count), so an error names the line to
fix. A first line that is a heading ("Employee number", "E-mail") is skipped.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from breakaway.delivery.staff_import import read_email

MAX_LINES: Final = 5000
_SPLIT = re.compile(r"[,;\t|]")
_HEADING_WORDS = ("employee", "number", "e-mail", "email", "mail", "group", "name", "staff")


class UnreadableList(ValueError):  # noqa: N818 - read as "raise UnreadableList(...)"
    """The upload is not a list we can read (its message says why)."""


@dataclass(frozen=True)
class RosterLine:
    row: int
    identifier: str  # as written
    kind: str  # "email", "number" or "bad-email"
    group: str  # as written; "" for none
    email: str = ""  # the address in lower case, for kind "email"


def _is_heading(cells: list[str]) -> bool:
    first = cells[0].casefold()
    return "@" not in first and any(word in first for word in _HEADING_WORDS)


def _line(row: int, cells: list[str]) -> RosterLine:
    identifier = cells[0].strip()
    group = cells[1].strip() if len(cells) > 1 else ""
    if "@" in identifier:
        email = read_email(identifier)
        if not email:
            return RosterLine(row, identifier, "bad-email", group)
        return RosterLine(row, identifier, "email", group, email)
    return RosterLine(row, identifier, "number", group)


def read_roster_rows(rows: list[tuple[int, list[str]]]) -> list[RosterLine]:
    """Numbered rows of cells → lines; blank rows and a first heading row are left out."""
    lines: list[RosterLine] = []
    seen_any = False
    for number, raw in rows:
        cells = [str(c).strip() if c is not None else "" for c in raw]
        while cells and not cells[-1]:
            cells.pop()
        if not cells or not cells[0]:
            continue
        if not seen_any and _is_heading(cells):
            seen_any = True
            continue
        seen_any = True
        lines.append(_line(number, cells))
        if len(lines) > MAX_LINES:
            raise UnreadableList(f"The list has more than {MAX_LINES} people: split it up.")
    return lines


def read_roster_text(text: str) -> list[RosterLine]:
    """Pasted text: one person a line, an optional group after a comma, tab or semicolon."""
    rows = [(n, _SPLIT.split(line)) for n, line in enumerate(text.splitlines(), start=1)]
    return read_roster_rows(rows)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableList("We could not read the file's text: save it as CSV (UTF-8) and try again.")


def read_roster_file(name: str, data: bytes) -> list[RosterLine]:
    """An uploaded CSV, text or Excel file: the first column, and a group in the second."""
    suffix = Path(name).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            # Read-only sheets are read lazily: a damaged sheet fails here, not on opening.
            rows = [
                (n, ["" if c is None else _cell_text(c) for c in row])
                for n, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
            ]
            book.close()
        except Exception as error:
            raise UnreadableList(
                "We could not open the workbook: save it again as .xlsx or CSV."
            ) from error
        return read_roster_rows(rows)
    if suffix not in {".csv", ".txt", ".tsv", ""}:
        raise UnreadableList("Upload a CSV, text or Excel (.xlsx) file.")
    text = _decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = [(n, row) for n, row in enumerate(reader, start=1)]
    except csv.Error as error:  # a cell longer than csv allows, or a broken quote
        raise UnreadableList(
            f"We could not read the file as CSV (line {reader.line_num}: {error}): save it "
            "again as CSV, one person a line, and try again."
        ) from error
    return read_roster_rows(rows)


def _cell_text(value: object) -> str:
    # Excel keeps employee numbers as numbers: 10234567.0 is "10234567".
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
