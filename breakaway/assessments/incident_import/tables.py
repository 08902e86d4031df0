"""A file's table of incidents (`Table`: a CSV file or a worksheet) and how its header row is
found below any report titles. Opening a file of unknown kind is `opening.open_table`.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from itertools import count
from pathlib import Path
from typing import Any, Final

from breakaway.assessments.incident_import.errors import UnusableFile
from breakaway.assessments.incident_import.headers import _quoted, normalise_header
from breakaway.assessments.incident_import.spec import INCIDENTS, TableSpec
from breakaway.assessments.incident_import.values import _cell_text, _read_date_text

HEADER_SEARCH_ROWS: Final = 50


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
        spec: TableSpec = INCIDENTS,
    ) -> None:
        self.kind = "csv"
        self.spec = spec
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
                raise UnusableFile(_csv_error_message(error, reader.line_num, self.spec)) from error


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
    rows: Sequence[Sequence[Any]],
    *,
    mapping: Mapping[str, Any] | None = None,
    spec: TableSpec = INCIDENTS,
) -> Table:
    """A table from rows in memory (as a sheet would give them): for tests and previews."""
    rows = [list(r) for r in rows]
    found = _find_header(rows[:HEADER_SEARCH_ROWS], mapping, spec)
    if found is None:
        raise UnusableFile(_no_header_message(rows[:HEADER_SEARCH_ROWS], mapping, spec=spec))
    index, headers, first = found
    return SheetTable(
        rows,
        kind="rows",
        headers=headers,
        header_row=index + 1,
        size_hint=max(0, len(rows) - index - 1),
        first_column=first,
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


def _csv_error_message(error: csv.Error, line: int, spec: TableSpec = INCIDENTS) -> str:
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
            f"Export {spec.export} again as CSV or Excel and upload that."
        )
    return f"The CSV file cannot be read at line {line}: {text}. Export it again and upload that."


# --------------------------------------------------------------------------------------------
# The header row


def _header_text(value: Any) -> str:
    return " ".join(_cell_text(value).split())


def _find_header(
    rows: Sequence[Sequence[Any]],
    mapping: Mapping[str, Any] | None,
    spec: TableSpec = INCIDENTS,
) -> tuple[int, list[str], int] | None:
    """(0-based index, headers, first column with a header) of the header row, or None."""
    wanted: set[str] = set()
    if mapping:
        wanted = {
            normalise_header(h)
            for name, h in mapping.items()
            if isinstance(h, str) and h and name in spec.fields
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
            names = {found[0] for t in texts if (found := spec.recognise(t))}
            if not spec.is_header(names):
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
    rows: Sequence[Sequence[Any]],
    mapping: Mapping[str, Any] | None,
    name: str = "the file",
    spec: TableSpec = INCIDENTS,
) -> str:
    label = f"“{name}”" if name != "the file" else name
    first = next((r for r in rows if any(not _blank(c) for c in r)), None)
    shown = ""
    if first is not None:
        cells = [_header_text(c) for c in first if not _blank(c)][:8]
        shown = f" Its first row reads: {_quoted(c[:40] for c in cells)}."
    if mapping:
        wanted = [h for n, h in mapping.items() if isinstance(h, str) and h and n in spec.fields]
        return (
            f"We could not find a row of column headings in {label} holding all the columns "
            f"you chose ({_quoted(wanted)}) in its first {HEADER_SEARCH_ROWS} rows.{shown} "
            f"Check the file is {spec.kind} and the column names match it exactly."
        )
    return (
        f"We could not find the row of column headings in {label}. We looked at the first "
        f"{HEADER_SEARCH_ROWS} rows for one naming {spec.looked_for}.{shown} Check this is "
        f"{spec.kind}; if its columns have other names, choose the columns yourself."
    )
