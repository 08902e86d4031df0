"""Realistic staff lists: an ESR-like extract as CSV and as an Excel workbook."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

ESR_HEADERS = [
    "Employee Number",
    "Last Name",
    "First Name",
    "Email Address",
    "Position Title",
    "Organisation",
    "Location",
    "Assignment Start Date",
    "Leaving Date",
]

# ESR-like rows: (number, last, first, email, position, organisation, location, start, leaving)
ESR_ROWS = [
    ["10234567", "Smith", "Jane", "Jane.Smith@nhs.net", "Staff Nurse", "123 Ward A",
     "Riverside Hospital", "01/04/2019", ""],
    ["10234568", "Okoro", "Chidi", "chidi.okoro@nhs.net", "Healthcare Assistant", "123 Ward A",
     "Riverside Hospital", "12/09/2022", ""],
    ["10234569", "Brown", "Ann", "ann.brown@nhs.net", "Charge Nurse", "124 Ward B",
     "Oakfield Unit", "03/01/2015", ""],
    ["10234570", "Patel", "Ravi", "", "Porter", "Estates", "Riverside Hospital", "15/06/2020",
     ""],
]  # fmt: skip


def esr_csv(
    folder: Path,
    rows: Sequence[Sequence[str]] = ESR_ROWS,
    *,
    name: str = "esr_extract.csv",
    headers: Sequence[str] = ESR_HEADERS,
    title: bool = True,
    encoding: str = "utf-8-sig",
) -> Path:
    """An ESR-like extract: a report title and run date above the headers, as ESR prints."""
    path = folder / name
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        if title:
            writer.writerow(["Staff In Post - Assignment Details"])
            writer.writerow(["Run Date: 01/03/2026"])
            writer.writerow([])
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def esr_xlsx(
    folder: Path, rows: Sequence[Sequence[object]] | None = None, *, name: str = "esr.xlsx"
) -> Path:
    """The same extract as an Excel workbook, with real date cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Staff in post"
    sheet.append(["Staff In Post - Assignment Details"])
    sheet.append([])
    sheet.append(ESR_HEADERS)
    for row in rows if rows is not None else _with_dates(ESR_ROWS):
        sheet.append(list(row))
    path = folder / name
    workbook.save(path)
    return path


def _with_dates(rows: Sequence[Sequence[str]]) -> list[list[object]]:
    out: list[list[object]] = []
    for row in rows:
        cells: list[object] = list(row)
        cells[0] = int(row[0])  # Excel keeps employee numbers as numbers
        for position in (7, 8):
            if row[position]:
                cells[position] = dt.datetime.strptime(row[position], "%d/%m/%Y")  # noqa: DTZ007
            else:
                cells[position] = None
        out.append(cells)
    return out
