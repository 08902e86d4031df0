"""Opening a file, whatever its name says: what kind it is (CSV, an Excel or OpenDocument
workbook, or something we cannot read), its encoding and delimiter, and the sheet and row its
headers are on (found with `tables`).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from breakaway.assessments.incident_import.errors import UnusableFile
from breakaway.assessments.incident_import.headers import _quoted
from breakaway.assessments.incident_import.spec import INCIDENTS, TableSpec
from breakaway.assessments.incident_import.tables import (
    _DECODE_ERRORS,
    HEADER_SEARCH_ROWS,
    CsvTable,
    SheetTable,
    Table,
    _find_header,
    _no_header_message,
)

SAMPLE_BYTES: Final = 64 * 1024


# --------------------------------------------------------------------------------------------
# Opening a file: what kind is it?


def open_table(
    path: str | Path, *, mapping: Mapping[str, Any] | None = None, spec: TableSpec = INCIDENTS
) -> Table:
    """Open an incident export, whatever its name says: CSV (any common encoding and
    delimiter) or an Excel/OpenDocument workbook.

    The header row is the first row (of the first 50) naming a date column and at least one
    other field we know; with a person's `mapping`, the first row holding all its headers.
    Raises `UnusableFile` with a message for a person when the file is not a usable export.
    Another kind of export (a staff list) is read with its own `spec`.
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
            f"“{name}” is empty. Export {spec.export} again from {spec.source} "
            "(as CSV or Excel) and upload that file."
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _open_workbook(path, "zip", mapping, spec)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _open_workbook(path, "ole", mapping, spec)
    if head.lstrip().startswith(b"%PDF"):
        raise UnusableFile(
            f"“{name}” is a PDF document, not a spreadsheet: we cannot read {spec.things} from "
            f"a PDF. Export {spec.export} from {spec.source} as CSV or Excel instead."
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
            f"“{name}” is a Rich Text document, not a spreadsheet. Export {spec.export} "
            "as CSV or Excel and upload that."
        )
    encoding = _detect_encoding(head)
    if encoding is None:
        raise UnusableFile(_binary_message(name, spec))
    return _open_csv(path, head, size, encoding, mapping, spec)


def _binary_message(name: str, spec: TableSpec = INCIDENTS) -> str:
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        return (
            f"“{name}” is named like an Excel workbook but its contents are not one: it may be "
            "damaged, or another kind of file renamed. Open it in Excel and save it again as "
            "an Excel workbook (.xlsx) or as CSV, then upload that."
        )
    return (
        f"“{name}” is not a spreadsheet: its contents are not text or an Excel workbook. "
        f"Export {spec.export} from {spec.source} as CSV or Excel and upload that."
    )


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


_DELIMITERS: Final = (",", ";", "\t", "|")


def _open_csv(
    path: Path,
    head: bytes,
    size: int,
    encoding: str,
    mapping: Mapping[str, Any] | None,
    spec: TableSpec = INCIDENTS,
) -> CsvTable:
    decoder = codecs.getincrementaldecoder(encoding)(errors=_DECODE_ERRORS)
    complete = size <= len(head)
    text = decoder.decode(head, final=complete)
    best: tuple[tuple[int, float, int], str, int, list[str], int] | None = None
    samples: dict[str, list[list[str]]] = {}
    for delimiter in _DELIMITERS:
        records = _sample_records(text, delimiter, complete)
        samples[delimiter] = records
        found = _find_header(records[:HEADER_SEARCH_ROWS], mapping, spec)
        if found is None:
            continue
        index, headers, first = found
        mapped = sum(1 for h in headers if spec.recognise(h))
        width = sum(1 for h in headers if h and not h.startswith("(column "))
        following = records[index + 1 : index + 21]
        fits = sum(1 for r in following if len(r) >= width) / max(1, len(following))
        score = (mapped, fits, -_DELIMITERS.index(delimiter))
        if best is None or score > best[0]:
            best = (score, delimiter, index, headers, first)
    if best is None:
        widest = max(samples.values(), key=lambda rs: max((len(r) for r in rs[:20]), default=0))
        raise UnusableFile(
            _no_header_message(widest[:HEADER_SEARCH_ROWS], mapping, path.name, spec)
        )
    _, delimiter, index, headers, first = best
    return CsvTable(
        path,
        encoding=encoding,
        delimiter=delimiter,
        headers=headers,
        header_row=index + 1,
        size_hint=_csv_size_hint(text, head, size, delimiter, index, complete),
        first_column=first,
        spec=spec,
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


def _open_workbook(
    path: Path, container: str, mapping: Mapping[str, Any] | None, spec: TableSpec = INCIDENTS
) -> Table:
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
                f"“{name}” is {what}, not a spreadsheet. Export {spec.export} from "
                f"{spec.source} as CSV or Excel and upload that."
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
        found = _find_header(top, mapping, spec)
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
    message = _no_header_message(first_rows, mapping, name, spec)
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
