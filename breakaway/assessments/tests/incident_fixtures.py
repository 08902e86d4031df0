"""Ugly incident exports, built into a folder for the import tests.

Real exports come with report titles above the header, totals and "Report generated" lines
below the data, Windows-1252 "£" and "é", semicolons or tabs, BOMs, CRLF line endings,
quoted cells holding newlines, trailing empty columns and Excel cells of every type. Each
builder writes one such file and returns its path; the rows are in the builder, so a test can
read exactly what the file holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

Rows = Sequence[Sequence[Any]]


def csv_text(rows: Rows, *, delimiter: str = ",", newline: str = "\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(
    folder: Path,
    name: str,
    rows: Rows,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    newline: str = "\r\n",
    bom: bool = False,
) -> Path:
    """Rows written as CSV in `encoding` (with a UTF-8 BOM if `bom`)."""
    data = csv_text(rows, delimiter=delimiter, newline=newline).encode(encoding)
    return write_bytes(folder, name, (b"\xef\xbb\xbf" if bom else b"") + data)


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def write_xlsx(
    folder: Path,
    name: str,
    rows: Rows,
    *,
    merges: Iterable[str] = (),
    sheets: dict[str, Rows] | None = None,
    first_sheet: str = "Incidents",
) -> Path:
    """Rows as an Excel workbook: datetime, date and time values become real date cells.

    `merges` are ranges like "A1:F1" merged on the first sheet; `sheets` adds sheets after it.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = first_sheet
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    for title, more in (sheets or {}).items():
        extra = book.create_sheet(title)
        for row in more:
            extra.append(list(row))
    path = folder / name
    book.save(path)
    return path


# --------------------------------------------------------------------------------------------
# Shapes of export

DATIX_ROWS: Rows = [
    ["Violence and aggression incidents: listing report"],
    ["Period: 01/11/2026 to 30/11/2026", "", "", "Site: all"],
    ["ID", "Incident date", "Time", "Site", "Location (exact)", "Location (type)", "Type",
     "Category", "Sub-category", "Result / harm", "Days lost", "RIDDOR reportable",
     "Perpetrator", "Description"],
    ["1001", "27/11/2026", "14:05", "Riverside Hospital", "Oak ward, bay 3", "Bedroom",
     "Violence & aggression", "Physical assault", "Assault by patient", "Low harm", "0", "N",
     "Patient", "Patient A.B. punched HCA on the arm"],
    ["1002", "31/02/2025", "09:30", "Riverside Hospital", "Elm ward", "Corridor",
     "Violence & aggression", "Verbal abuse", "", "No harm", "", "", "Visitor", ""],
    ["1003", "", "23:15", "Hillcrest Unit", "Reception", "Reception",
     "Violence & aggression", "Threatening behaviour", "", "No harm", "", "No",
     "Member of the public", ""],
    ["1004", "28/11/2026", "", "Hillcrest Unit", "Car park", "Car park",
     "Violence & aggression", "Physical assault", "", "Moderate", "3", "Yes", "Patient", ""],
    [],
    ["Total: 4"],
    ["Report generated 01/12/2026 09:00 by J Smith"],
]  # fmt: skip


def datix_export(folder: Path) -> Path:
    """Two title rows (header on row 3), one impossible date (row 5), one missing date
    (row 6), a blank line, "Total: 4" and "Report generated …" at the end. UTF-8, CRLF."""
    return write_csv(folder, "datix-listing.csv", DATIX_ROWS)


SEMICOLON_ROWS: Rows = [
    ["Réf", "Date of incident", "Ward", "Incident category", "Description", "Degree of harm"],
    ["R-1", "01/12/2026", "Café ward", "Damage to property", "Broke a £40 mug", "None"],
    ["R-2", "02/12/2026", "Orchard", "Verbal abuse", "Said “you’ll pay” – twice", "Low"],
]


def semicolon_cp1252(folder: Path) -> Path:
    """Semicolon-separated Windows-1252, with "é", "£", curly quotes and a dash."""
    return write_csv(folder, "semicolons.csv", SEMICOLON_ROWS, encoding="cp1252", delimiter=";")


TAB_ROWS: Rows = [
    ["Incident Ref", "Date/Time of Incident", "Location", "Severity", "Perpetrator"],
    ["T-1", "27/11/2026 14:05", "Dayroom", "Severe", "Service user"],
    ["T-2", "27/11/2026 2:05 PM", "Garden", "Low", "Relative"],
    ["T-3", "28/11/2026 14:05:33", "Lounge", "", "Patient"],
]


def tab_utf8_bom(folder: Path) -> Path:
    """Tab-separated UTF-8 with a BOM; date and time in one column."""
    return write_csv(folder, "tabs.tsv", TAB_ROWS, delimiter="\t", bom=True)


def xlsx_real_datetimes(folder: Path) -> Path:
    """A workbook whose dates are real Excel date-time, date and time cells."""
    rows = [
        ["Incident ID", "Date of incident", "Time of incident", "Unit", "Incident type",
         "Days absent", "RIDDOR"],
        [5001, dt.datetime(2026, 11, 27, 14, 5), dt.time(14, 5), "Ash ward",
         "Physical assault", 2, "No"],
        [5002, dt.date(2026, 11, 28), None, "Ash ward", "Verbal abuse", None, True],
        [5003, dt.datetime(2026, 7, 1, 0, 0), dt.time(23, 59), "Birch ward",
         "Spitting", 0.0, False],
    ]  # fmt: skip
    return write_xlsx(folder, "datetimes.xlsx", rows)


def xlsx_text_dates(folder: Path) -> Path:
    """A workbook with a title merged across A1:F1, a blank row, then text dates; some cells
    are left blank (as merged-looking groups are), and the site is merged down A5:A6."""
    rows = [
        ["Quarterly incident report", None, None, None, None, None],
        [],
        ["Site", "Ref", "Date", "Location", "Harm", "Notes"],
        ["Riverside", "X1", "27 Nov 2026", "Oak ward", "Low", "first"],
        ["Hillcrest", "X2", "2026-11-28", None, None, None],
        [None, "X3", "29 November 2026", "Reception", "None", None],
        [None, "X4", "30.11.2026", None, "", ""],
    ]
    return write_xlsx(folder, "text-dates.xlsx", rows, merges=["A1:F1", "A5:A6"])


ISO_ROWS: Rows = [
    ["reference", "occurred", "location", "category"],
    ["I-1", "2026-11-27", "Ward 1", "Assault"],
    ["I-2", "2026-11-27T14:05", "Ward 1", "Assault"],
    ["I-3", "2026-11-27 14:05:00", "Ward 2", "Assault"],
    ["I-4", "2026-11-27T14:05:00Z", "Ward 2", "Assault"],
]


def iso_dates(folder: Path) -> Path:
    return write_csv(folder, "iso.csv", ISO_ROWS, newline="\n")


SERIAL_ROWS: Rows = [
    ["Ref", "Incident Date", "Location"],
    ["S-1", "46353", "Ward 1"],
    ["S-2", "46353.59", "Ward 1"],
    ["S-3", "12", "Ward 1"],
]


def excel_serials(folder: Path) -> Path:
    """Dates as Excel serial numbers in CSV text: 46353 is 27/11/2026; 12 is a mistake."""
    return write_csv(folder, "serials.csv", SERIAL_ROWS)


def quoted_multiline(folder: Path) -> Path:
    """Quoted cells holding newlines, commas and quotes; CRLF line endings; two trailing
    empty columns on every line."""
    rows = [
        ["Ref", "Date", "Description", "Location", "", ""],
        ["Q-1", "27/11/2026", 'Said "stop", then\r\nhit out, twice', "Oak, bay 2", "", ""],
        ["Q-2", "", "Line one\nline two", "Elm", "", ""],
        ["Q-3", "28/11/2026", "", "Ash", "", ""],
    ]
    return write_csv(folder, "multiline.csv", rows)


def pdf_renamed(folder: Path) -> Path:
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(200)
    return write_bytes(folder, "incidents.csv", data)


def empty_file(folder: Path) -> Path:
    return write_bytes(folder, "empty.csv", b"")


def random_binary(folder: Path, size: int = 4096, seed: int = 1) -> Path:
    data = random.Random(seed).randbytes(size)
    return write_bytes(folder, "junk.csv", data)


def xlsx_not_zip(folder: Path) -> Path:
    """A file named .xlsx whose contents are binary junk, not a zip."""
    data = b"\x00\x01\x02garbage\xff\xfe" + random.Random(2).randbytes(2000)
    return write_bytes(folder, "report.xlsx", data)


def no_header(folder: Path) -> Path:
    rows = [["alpha", "beta", "gamma"], ["1", "2", "3"], ["4", "5", "6"]]
    return write_csv(folder, "no-header.csv", rows)
