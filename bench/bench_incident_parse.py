"""Incident import: `incident_import.parse` over a messy 1,000,000-row CSV and a 100,000-row XLSX.

The CSV figure is µs per row, with its ratio to a bare `csv.reader` pass over the same file;
the budget is ~15 µs a row (a 1,000,000-row import in 60 s on 2 cores, database included).
The XLSX figure is rows a second through calamine (budget: 100,000 rows read in ≤ 15 s).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from breakaway.assessments import incident_import

CSV_ROWS = 1_000_000
XLSX_ROWS = 100_000

HEADER = [
    "Incident Ref",
    "Incident date",
    "Time",
    "Site",
    "Location (exact)",
    "Location (type)",
    "Category",
    "Sub-category",
    "Result / harm",
    "Nature of assault",
    "Perpetrator",
    "Days lost",
    "RIDDOR",
    "Description",
]
SITES = ["Riverside Hospital", "Hillcrest Unit", "Northway House", "St Anne’s Centre"]
LOCATIONS = ["Oak ward bay 3", "Elm ward corridor", "Reception", "Car park", "Day room"]
LOCATION_TYPES = ["Bedroom", "Corridor", "Reception", "Car park", "Lounge", "Home visit"]
CATEGORIES = ["Physical assault", "Verbal abuse", "Threatening behaviour", "Sexual", "Racial"]
SUBCATEGORIES = ["Assault by patient", "Abuse by visitor", "Spitting", ""]
HARMS = ["No harm", "Low", "Moderate", "Severe", ""]
FORMS = ["Punch", "Kick", "Grab", "Spat at", "Bite", ""]
PERPETRATORS = ["Patient", "Visitor", "Member of the public", "Relative"]
RIDDORS = ["No", "No", "No", "Yes", "", "N", "Not reportable"]
DESCRIPTIONS = [
    "Patient became agitated during the medication round and struck staff member",
    'Visitor shouted at reception staff, said "I will find you", left before police arrived',
    "Grabbed wrist of HCA during personal care; released on request",
    "",
]


def _dates(rng: random.Random) -> list[str]:
    # Real exports repeat dates heavily: two years of days, in the forms exports use.
    start = dt.date(2024, 12, 1)
    days = [start + dt.timedelta(days=n) for n in range(730)]
    forms = [d.strftime("%d/%m/%Y") for d in days] * 8
    forms += [d.strftime("%d %b %Y") for d in days]
    forms += [d.isoformat() for d in days]
    forms += ["31/02/2025", "", "next week"]  # a few errors
    rng.shuffle(forms)
    return forms


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    dates = _dates(rng)
    times = [f"{h:02d}:{m:02d}" for h in range(24) for m in range(0, 60, 5)] + ["", "", "25:61"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Incident listing: violence and aggression"])
        writer.writerow(["Run by: J Smith", "", "Filters: all sites"])
        writer.writerow(HEADER)
        chunk = 20_000
        for base in range(0, rows, chunk):
            block = []
            for n in range(base, min(rows, base + chunk)):
                ref = f"W{n - 1 if n % 200 == 199 else n}"  # 0.5 % duplicates
                block.append(
                    [
                        ref,
                        dates[n % len(dates)],
                        times[n * 7 % len(times)],
                        SITES[n % 4],
                        LOCATIONS[n % 5],
                        LOCATION_TYPES[n % 6],
                        CATEGORIES[n % 5],
                        SUBCATEGORIES[n % 4],
                        HARMS[n % 5],
                        FORMS[n % 6],
                        PERPETRATORS[n % 4],
                        str(n % 4) if n % 3 else "",
                        RIDDORS[n % 7],
                        DESCRIPTIONS[n % 4],
                    ]
                )
            writer.writerows(block)
        writer.writerow([])
        writer.writerow(["Total", "", "", "", "", "", "", "", "", "", "", str(rows)])
        writer.writerow(["Report generated 01/12/2026 09:00"])


def bare_pass(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds for a bare csv.reader pass."""
    wall, cpu = time.perf_counter(), time.process_time()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _ in csv.reader(handle):
            pass
    return time.perf_counter() - wall, time.process_time() - cpu


def parse_pass(path: Path) -> tuple[float, float, int]:
    """(wall, CPU) seconds to open and parse the file, and the data rows it counted."""
    wall, cpu = time.perf_counter(), time.process_time()
    table = incident_import.open_table(path)
    run = incident_import.parse(table, incident_import.propose_mapping(table.headers))
    for _ in run:
        pass
    return time.perf_counter() - wall, time.process_time() - cpu, run.rows


def _column(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def write_xlsx(path: Path, rows: int) -> None:
    """A plain workbook written straight as XML (openpyxl takes ~10 s for 100,000 rows):
    a title row, the header, then date-time cells (Excel serials with a date style)."""
    # Excel keeps wall-clock times without a zone.
    epoch = dt.datetime(1899, 12, 30)
    start = dt.datetime(2025, 1, 1)
    lines = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Incident report</t></is></c></row>']
    header = ["Ref", "Date/Time of Incident", *HEADER[3:]]
    cells = "".join(
        f'<c r="{_column(i)}2" t="inlineStr"><is><t>{escape(h)}</t></is></c>'
        for i, h in enumerate(header)
    )
    lines.append(f'<row r="2">{cells}</row>')
    for n in range(rows):
        r = n + 3
        when = start + dt.timedelta(minutes=n * 13 % 1_000_000)
        serial = (when - epoch).total_seconds() / 86400
        values = [
            SITES[n % 4],
            LOCATIONS[n % 5],
            LOCATION_TYPES[n % 6],
            CATEGORIES[n % 5],
            SUBCATEGORIES[n % 4],
            HARMS[n % 5],
            FORMS[n % 6],
            PERPETRATORS[n % 4],
        ]
        text = "".join(
            f'<c r="{_column(i + 2)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for i, v in enumerate(values)
            if v
        )
        lines.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>W{n}</t></is></c>'
            f'<c r="B{r}" s="1"><v>{serial:.6f}</v></c>{text}'
            f'<c r="K{r}"><v>{n % 4}</v></c></row>'
        )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Incidents" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
            "</cellXfs></styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)


def run() -> list[tuple[str, float, str, float | None]]:
    # CPU time as well as wall time: other work on a 2-core machine skews the wall clock.
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "incidents.csv"
        began = time.perf_counter()
        write_csv(csv_path, CSV_ROWS)
        generated = time.perf_counter() - began
        bare_wall, bare_cpu = map(min, zip(*(bare_pass(csv_path) for _ in range(2)), strict=True))
        passes = [parse_pass(csv_path) for _ in range(2)]
        wall, cpu = min(p[0] for p in passes), min(p[1] for p in passes)
        assert passes[0][2] == CSV_ROWS, passes[0][2]
        xlsx_path = Path(folder) / "incidents.xlsx"
        write_xlsx(xlsx_path, XLSX_ROWS)
        xlsx_wall, xlsx_cpu, xlsx_rows = min(parse_pass(xlsx_path) for _ in range(2))
        assert xlsx_rows == XLSX_ROWS, xlsx_rows
    per_row = 1e6 / CSV_ROWS
    return [
        ("generate the 1,000,000-row CSV", generated, "s", None),
        ("bare csv.reader pass, CPU per row", bare_cpu * per_row, "µs/row", None),
        ("parse 1,000,000-row CSV, CPU per row", cpu * per_row, "µs/row", cpu / bare_cpu),
        ("parse 1,000,000-row CSV, wall per row", wall * per_row, "µs/row", wall / bare_wall),
        ("parse 1,000,000-row CSV, wall total", wall, "s", None),
        ("open + parse 100,000-row XLSX", xlsx_rows / xlsx_wall, "rows/s", None),
        ("open + parse 100,000-row XLSX, wall total", xlsx_wall, "s", None),
        ("open + parse 100,000-row XLSX, CPU total", xlsx_cpu, "s", None),
    ]


if __name__ == "__main__":
    for what, figure, unit, ratio in run():
        print(f"{what:45} {figure:12.3f} {unit}" + (f"  ratio {ratio:.2f}" if ratio else ""))
