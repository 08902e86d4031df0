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

The package, by concern (each module is pure Python too):

* `errors`: `UnusableFile`, `MappingError`;
* `headers`: our `FIELDS`, header recognition, `propose_mapping`, `check_mapping`;
* `values`: cells as text, dates, times, Excel serials, `local_to_utc`, days lost, RIDDOR;
* `tables`: `Table`, `CsvTable`, `SheetTable`, `table_from_rows`, finding the header row;
* `opening`: `open_table`, telling CSV from a workbook, the encoding and the delimiter;
* `parsing`: `parse`, `ParseRun` and its results (`ParsedRow`, `RejectedRow`, `RowError`,
  `DuplicateRow`), and the export's furniture;
* `spec`: `TableSpec`, what kind of export a file is (`INCIDENTS` by default), so that the
  opening and header finding serve other exports too (the staff list in `delivery`).
"""

from breakaway.assessments.incident_import.errors import MappingError, UnusableFile
from breakaway.assessments.incident_import.headers import (
    DATE_FIELDS,
    FIELD_LABELS,
    FIELDS,
    check_mapping,
    normalise_header,
    propose_mapping,
    recognise_header,
)
from breakaway.assessments.incident_import.opening import SAMPLE_BYTES, open_table
from breakaway.assessments.incident_import.parsing import (
    MAX_REFERENCE,
    MAX_TEXT,
    DuplicateRow,
    ParsedRow,
    ParseRun,
    RejectedRow,
    RowError,
    parse,
)
from breakaway.assessments.incident_import.spec import INCIDENTS, TableSpec
from breakaway.assessments.incident_import.tables import (
    HEADER_SEARCH_ROWS,
    CsvTable,
    SheetTable,
    Table,
    table_from_rows,
)
from breakaway.assessments.incident_import.values import (
    DATE_EXAMPLE,
    EARLIEST_YEAR,
    EXCEL_EPOCH,
    LATEST_YEAR,
    LONDON,
    MISSING_DATE,
    SERIAL_MAX,
    SERIAL_MIN,
    When,
    local_to_utc,
)

__all__ = [
    "DATE_EXAMPLE",
    "DATE_FIELDS",
    "EARLIEST_YEAR",
    "EXCEL_EPOCH",
    "FIELDS",
    "FIELD_LABELS",
    "HEADER_SEARCH_ROWS",
    "INCIDENTS",
    "LATEST_YEAR",
    "LONDON",
    "MAX_REFERENCE",
    "MAX_TEXT",
    "MISSING_DATE",
    "SAMPLE_BYTES",
    "SERIAL_MAX",
    "SERIAL_MIN",
    "CsvTable",
    "DuplicateRow",
    "MappingError",
    "ParseRun",
    "ParsedRow",
    "RejectedRow",
    "RowError",
    "SheetTable",
    "Table",
    "TableSpec",
    "UnusableFile",
    "When",
    "check_mapping",
    "local_to_utc",
    "normalise_header",
    "open_table",
    "parse",
    "propose_mapping",
    "recognise_header",
    "table_from_rows",
]
