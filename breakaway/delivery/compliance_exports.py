"""The compliance view as a spreadsheet: CSV, or XLSX written with the standard library.

openpyxl is only a development dependency here, and writing one plain sheet takes a few dozen
lines of XML in a zip, so the XLSX is written directly: inline strings (never formulas), real
date cells shown as 27/11/2026, a bold header row that stays in view, and a filter on it.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any, Final
from xml.sax.saxutils import escape

from breakaway.delivery.compliance import LABELS

HEADERS: Final = (
    ("person", "Person"),
    ("role", "Role"),
    ("site", "Site"),
    ("team", "Team"),
    ("course", "Course"),
    ("status", "Status"),
    ("completed_on", "Completed on"),
    ("expires_on", "Expires on"),
    ("certificate", "Certificate"),
)
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_EPOCH: Final = datetime.date(1899, 12, 30)
_WIDTHS: Final = (28, 24, 24, 24, 40, 14, 14, 14, 16)


def _cell_value(name: str, value: Any) -> Any:
    if name == "status":
        return LABELS.get(value, value)
    return "" if value is None else value


def _safe(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def compliance_csv(rows: Iterable[dict[str, Any]]) -> str:
    """The rows as CSV with a header; dates as DD/MM/YYYY."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _name, label in HEADERS])
    for row in rows:
        cells = []
        for name, _label in HEADERS:
            value = _cell_value(name, row[name])
            if isinstance(value, datetime.date):
                cells.append(value.strftime("%d/%m/%Y"))
            else:
                cells.append(_safe(str(value)))
        writer.writerow(cells)
    return out.getvalue()


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(ref: str, value: Any, *, header: bool = False) -> str:
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="2"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = escape(str(value))
    style = ' s="1"' if header else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet(table: Sequence[Sequence[Any]]) -> str:
    rows = []
    for number, values in enumerate(table, start=1):
        cells = "".join(
            _cell(f"{_column(i)}{number}", value, header=number == 1)
            for i, value in enumerate(values)
        )
        rows.append(f'<row r="{number}">{cells}</row>')
    last = f"{_column(len(table[0]) - 1)}{len(table)}"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(_WIDTHS, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>{''.join(rows)}</sheetData>"
        f'<autoFilter ref="A1:{last}"/></worksheet>'
    )


_CONTENT_TYPES: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK: Final = (  # the filtered range: {column}{row}
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Compliance" sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
    "Compliance!$A$1:${column}${row}</definedName></definedNames></workbook>"
)
_WORKBOOK_RELS: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="styles.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/styles"/></Relationships>'
)
_STYLES: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def compliance_xlsx(rows: Iterable[dict[str, Any]]) -> bytes:
    """The rows as an Excel workbook of one sheet, "Compliance"."""
    table: list[list[Any]] = [[label for _name, label in HEADERS]]
    table += [[_cell_value(name, row[name]) for name, _label in HEADERS] for row in rows]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("[Content_Types].xml", _CONTENT_TYPES)
        workbook.writestr("_rels/.rels", _ROOT_RELS)
        workbook.writestr(
            "xl/workbook.xml",
            _WORKBOOK.replace("{column}", _column(len(HEADERS) - 1)).replace(
                "{row}", str(len(table))
            ),
        )
        workbook.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        workbook.writestr("xl/styles.xml", _STYLES)
        workbook.writestr("xl/worksheets/sheet1.xml", _sheet(table))
    return out.getvalue()
