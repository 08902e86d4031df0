import datetime as dt
import zipfile

import pytest

from breakaway.assessments import incident_import as ii
from breakaway.assessments.incident_import import (
    DuplicateRow,
    MappingError,
    ParsedRow,
    RejectedRow,
    RowError,
    UnusableFile,
)
from breakaway.assessments.tests import incident_fixtures as fx

UTC = dt.UTC
BAD_DATE = "{} is not a date: write it as day/month/year, like 27/11/2026"
MISSING = "The date is missing: write the date of the incident as day/month/year, like 27/11/2026"


def read(path, mapping=None, **options):
    table = ii.open_table(path)
    run = ii.parse(table, mapping, **options)
    return table, list(run), run


def rows_of(items, kind=ParsedRow):
    return [item for item in items if isinstance(item, kind)]


def csv_file(tmp_path, rows, name="export.csv", **options):
    return fx.write_csv(tmp_path, name, rows, **options)


# --------------------------------------------------------------------------------------------
# The shapes of export


def test_a_datix_listing_has_its_header_on_row_3_below_two_title_rows(tmp_path):
    table, items, _ = read(fx.datix_export(tmp_path))
    assert table.header_row == 3
    assert table.headers[:3] == ["ID", "Incident date", "Time"]
    assert [item.row for item in items] == [4, 5, 6, 7]
    first = items[0]
    assert isinstance(first, ParsedRow)
    assert first.reference == "1001"
    assert first.occurred_at == dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
    assert (first.site, first.location, first.location_type_raw) == (
        "Riverside Hospital",
        "Oak ward, bay 3",
        "Bedroom",
    )
    assert (first.category_raw, first.subcategory, first.harm_raw) == (
        "Physical assault",
        "Assault by patient",
        "Low harm",
    )
    assert (first.perpetrator_type_raw, first.days_lost, first.riddor) == ("Patient", 0, False)


def test_a_datix_listing_reports_its_bad_and_missing_dates_with_row_column_and_value(tmp_path):
    _, items, _ = read(fx.datix_export(tmp_path))
    rejected = rows_of(items, RejectedRow)
    assert [r.errors for r in rejected] == [
        [RowError(5, "Incident date", "31/02/2025", BAD_DATE.format("31/02/2025"))],
        [RowError(6, "Incident date", "", MISSING)],
    ]


def test_a_datix_listings_blank_line_total_and_report_footer_are_furniture(tmp_path):
    _, _, run = read(fx.datix_export(tmp_path))
    assert (run.rows, run.valid_rows, run.rejected_rows, run.furniture_rows) == (4, 2, 2, 3)


def test_a_semicolon_separated_windows_1252_export_keeps_its_pounds_accents_and_quotes(
    tmp_path,
):
    table, items, _ = read(fx.semicolon_cp1252(tmp_path), keep_descriptions=True)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.headers[0] == "Réf"
    assert ii.propose_mapping(table.headers)["reference"] == "Réf"
    assert [(r.reference, r.location, r.description) for r in items] == [
        ("R-1", "Café ward", "Broke a £40 mug"),
        ("R-2", "Orchard", "Said “you’ll pay” – twice"),
    ]


def test_a_tab_separated_utf8_export_with_a_bom_reads_its_first_header_cleanly(tmp_path):
    table, items, _ = read(fx.tab_utf8_bom(tmp_path))
    assert (table.encoding, table.delimiter) == ("utf-8-sig", "\t")
    assert table.headers[0] == "Incident Ref"
    assert [(r.reference, r.occurred_at) for r in items] == [
        ("T-1", dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC)),
        ("T-2", dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC)),
        ("T-3", dt.datetime(2026, 11, 28, 14, 5, 33, tzinfo=UTC)),
    ]


def test_a_utf16_export_as_excel_saves_unicode_text_reads(tmp_path):
    rows = [["Ref", "Date", "Ward"], ["U-1", "27/11/2026", "Ysbyty Gwynedd – Ward 5"]]
    data = b"\xff\xfe" + fx.csv_text(rows, delimiter="\t").encode("utf-16-le")
    path = fx.write_bytes(tmp_path, "unicode.txt", data)
    table, items, _ = read(path)
    assert table.delimiter == "\t"
    assert items[0].location == "Ysbyty Gwynedd – Ward 5"


def test_a_utf8_file_with_a_windows_1252_byte_far_below_the_sample_still_reads(tmp_path):
    rows = [["Ref", "Date", "Site"]] + [[f"M-{n}", "27/11/2026", "Café"] for n in range(8000)]
    data = fx.csv_text(rows).encode("utf-8") + "M-x,28/11/2026,Cost £5\r\n".encode("cp1252")
    _, items, _ = read(fx.write_bytes(tmp_path, "mixed.csv", data))
    assert items[0].site == "Café"
    assert items[-1].site == "Cost £5"


def test_a_workbook_with_real_datetime_date_and_time_cells(tmp_path):
    table, items, _ = read(fx.xlsx_real_datetimes(tmp_path))
    assert table.kind == "xlsx"
    assert [(r.row, r.reference, r.occurred_at, r.hour) for r in items] == [
        (2, "5001", dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC), 14),
        (3, "5002", dt.datetime(2026, 11, 28, 0, 0, tzinfo=UTC), None),
        (4, "5003", dt.datetime(2026, 7, 1, 22, 59, tzinfo=UTC), 23),
    ]
    assert [(r.days_lost, r.riddor) for r in items] == [(2, False), (None, True), (0, False)]


def test_a_workbook_with_a_merged_title_text_dates_and_blank_cells(tmp_path):
    table, items, run = read(fx.xlsx_text_dates(tmp_path))
    assert table.header_row == 3
    assert [(r.row, r.reference, r.occurred_on) for r in items] == [
        (4, "X1", dt.date(2026, 11, 27)),
        (5, "X2", dt.date(2026, 11, 28)),
        (6, "X3", dt.date(2026, 11, 29)),
        (7, "X4", dt.date(2026, 11, 30)),
    ]
    # A5:A6 is merged, so row 6 is at the merged site; A7 is merely blank.
    assert [r.site for r in items] == ["Riverside", "Hillcrest", "Hillcrest", ""]
    assert [r.location for r in items] == ["Oak ward", "", "Reception", ""]
    assert run.furniture_rows == 0


def test_a_workbook_whose_incidents_are_on_its_second_sheet(tmp_path):
    path = fx.write_xlsx(
        tmp_path,
        "two-sheets.xlsx",
        [["Read me first"], ["This workbook lists incidents."]],
        sheets={"Data": [["Ref", "Date"], ["A", dt.date(2026, 1, 5)]]},
    )
    table, items, _ = read(path)
    assert table.sheet == "Data"
    assert items[0].occurred_on == dt.date(2026, 1, 5)


def test_a_workbooks_numeric_cells_read_without_a_needless_point_zero(tmp_path):
    path = fx.write_xlsx(
        tmp_path,
        "numbers.xlsx",
        [["Ref", "Date", "Days lost", "RIDDOR"], [123456, "27/11/2026", 4.0, 1]],
    )
    _, items, _ = read(path)
    assert (items[0].reference, items[0].days_lost, items[0].riddor) == ("123456", 4, True)


def test_iso_dates_read_year_first(tmp_path):
    _, items, _ = read(fx.iso_dates(tmp_path))
    assert [(r.occurred_at, r.hour) for r in items] == [
        (dt.datetime(2026, 11, 27, 0, 0, tzinfo=UTC), None),
        (dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC), 14),
        (dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC), 14),
        (dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC), 14),
    ]


def test_excel_serial_numbers_in_csv_text_are_dates_and_a_small_number_is_an_error(tmp_path):
    _, items, _ = read(fx.excel_serials(tmp_path))
    assert items[0].occurred_at == dt.datetime(2026, 11, 27, tzinfo=UTC)
    assert items[1].occurred_at == dt.datetime(2026, 11, 27, 14, 9, 36, tzinfo=UTC)
    assert items[2].errors == [RowError(4, "Incident Date", "12", BAD_DATE.format("12"))]


def test_excel_serial_numbers_in_workbook_number_cells_are_dates(tmp_path):
    path = fx.write_xlsx(
        tmp_path, "serials.xlsx", [["Ref", "Incident date"], ["A", 46353], ["B", 46353.5]]
    )
    _, items, _ = read(path)
    assert [(r.occurred_at, r.hour) for r in items] == [
        (dt.datetime(2026, 11, 27, tzinfo=UTC), None),
        (dt.datetime(2026, 11, 27, 12, 0, tzinfo=UTC), 12),
    ]


def test_a_date_column_and_a_separate_time_column_make_one_moment(tmp_path):
    rows = [
        ["Ref", "Date", "Time of incident"],
        ["A", "27/11/2026", "14:05"],
        ["B", "27/11/2026", "2:05 pm"],
        ["C", "27/11/2026", "1405"],
        ["D", "27/11/2026", "30/12/1899 14:05"],
        ["E", "27/11/2026", "0.5868055555555556"],
        ["F", "27/11/2026 09:00", ""],
        ["G", "27/11/2026 09:00", "14:05"],
    ]
    _, items, _ = read(csv_file(tmp_path, rows))
    assert [r.occurred_at.strftime("%H:%M") for r in items] == [
        "14:05",
        "14:05",
        "14:05",
        "14:05",
        "14:05",
        "09:00",
        "14:05",
    ]


def test_quoted_cells_with_newlines_delimiters_and_quotes_keep_spreadsheet_row_numbers(
    tmp_path,
):
    table, items, _ = read(fx.quoted_multiline(tmp_path), keep_descriptions=True)
    assert table.headers == ["Ref", "Date", "Description", "Location"]
    assert [item.row for item in items] == [2, 3, 4]
    assert items[0].description == 'Said "stop", then\r\nhit out, twice'
    assert items[0].location == "Oak, bay 2"
    assert items[1].errors == [RowError(3, "Date", "", MISSING)]


def test_lf_and_crlf_line_endings_read_alike(tmp_path):
    rows = [["Ref", "Date"], ["A", "27/11/2026"], ["B", "28/11/2026"]]
    unix = read(csv_file(tmp_path, rows, name="lf.csv", newline="\n"))[1]
    windows = read(csv_file(tmp_path, rows, name="crlf.csv", newline="\r\n"))[1]
    assert unix == windows


def test_trailing_empty_columns_are_not_headers_and_blank_headers_are_named_by_letter(tmp_path):
    rows = [["Ref", "", "Date", "", ""], ["A", "x", "27/11/2026", "", ""]]
    table = ii.open_table(csv_file(tmp_path, rows))
    assert table.headers == ["Ref", "(column B)", "Date"]


def test_repeated_header_names_are_numbered_so_each_can_be_chosen(tmp_path):
    rows = [
        ["Ref", "Date", "Location", "Location", "location"],
        ["A", "27/11/2026", "Oak", "Bay 2", "x"],
    ]
    table = ii.open_table(csv_file(tmp_path, rows))
    assert table.headers == ["Ref", "Date", "Location", "Location (2)", "location (3)"]
    mapping = {"occurred_on": "Date", "location": "Location (2)"}
    assert next(ii.parse(table, mapping)).location == "Bay 2"


def test_headers_with_odd_spacing_and_case_are_recognised(tmp_path):
    rows = [["  INCIDENT   date ", " ref. ", "LOCATION(EXACT)"], ["27/11/2026", "A", "Oak"]]
    table = ii.open_table(csv_file(tmp_path, rows))
    assert table.headers == ["INCIDENT date", "ref.", "LOCATION(EXACT)"]
    assert ii.propose_mapping(table.headers) == {
        "reference": "ref.",
        "occurred_on": "INCIDENT date",
        "location": "LOCATION(EXACT)",
    }


def test_the_kind_of_file_comes_from_its_contents_not_its_name(tmp_path):
    csv_named_xlsx = csv_file(tmp_path, [["Ref", "Date"], ["A", "27/11/2026"]], name="x.xlsx")
    assert ii.open_table(csv_named_xlsx).kind == "csv"
    workbook = fx.write_xlsx(tmp_path, "y.xlsx", [["Ref", "Date"], ["A", "27/11/2026"]])
    renamed = workbook.rename(tmp_path / "y.csv")
    assert ii.open_table(renamed).kind == "xlsx"


def test_rows_can_be_read_again_from_the_top(tmp_path):
    table = ii.open_table(fx.datix_export(tmp_path))
    assert list(table.rows()) == list(table.rows())
    assert [n for n, _ in table.rows()] == [4, 5, 6, 7, 8, 9, 10]


def test_the_size_hint_counts_a_small_file_and_estimates_a_big_one(tmp_path):
    assert ii.open_table(fx.quoted_multiline(tmp_path)).size_hint == 3
    rows = [["Ref", "Date", "Site"]] + [[f"R{n}", "27/11/2026", "Riverside"] for n in range(50_000)]
    big = ii.open_table(csv_file(tmp_path, rows, name="big.csv"))
    assert 45_000 <= big.size_hint <= 55_000


# --------------------------------------------------------------------------------------------
# Files that are not exports


@pytest.mark.parametrize(
    ("build", "what", "to_do"),
    [
        (fx.pdf_renamed, "“incidents.csv” is a PDF document, not a spreadsheet",
         "Export the incident log from your incident system as CSV or Excel instead."),
        (fx.empty_file, "“empty.csv” is empty.",
         "Export the incident log again from your incident system (as CSV or Excel)"),
        (fx.random_binary, "“junk.csv” is not a spreadsheet: its contents are not text",
         "Export the incident log from your incident system as CSV or Excel"),
        (fx.xlsx_not_zip, "“report.xlsx” is named like an Excel workbook but its contents",
         "Open it in Excel and save it again as an Excel workbook (.xlsx) or as CSV"),
        (fx.no_header, "We could not find the row of column headings in “no-header.csv”",
         "if its columns have other names, choose the columns yourself."),
    ],
)  # fmt: skip
def test_a_file_that_is_not_an_export_is_unusable_saying_what_is_wrong_and_what_to_do(
    tmp_path, build, what, to_do
):
    with pytest.raises(UnusableFile) as raised:
        ii.open_table(build(tmp_path))
    assert str(raised.value).startswith(what)
    assert to_do in str(raised.value)


def test_a_file_with_no_header_says_what_its_first_row_reads(tmp_path):
    with pytest.raises(UnusableFile, match="Its first row reads: “alpha”, “beta”, “gamma”"):
        ii.open_table(fx.no_header(tmp_path))


def test_small_random_binary_files_are_unusable(tmp_path):
    for seed in range(20):
        with pytest.raises(UnusableFile):
            ii.open_table(fx.random_binary(tmp_path, size=64, seed=seed))


def test_a_file_of_only_blank_lines_is_empty(tmp_path):
    with pytest.raises(UnusableFile, match="is empty"):
        ii.open_table(fx.write_bytes(tmp_path, "blank.csv", b"\xef\xbb\xbf\r\n\r\n  \r\n"))


def test_a_word_document_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnusableFile, match="is a Word document, not a spreadsheet"):
        ii.open_table(path)


def test_a_truncated_workbook_is_damaged(tmp_path):
    whole = fx.xlsx_real_datetimes(tmp_path).read_bytes()
    path = fx.write_bytes(tmp_path, "cut.xlsx", whole[: len(whole) // 2])
    with pytest.raises(UnusableFile, match="looks like an Excel workbook but is damaged"):
        ii.open_table(path)


def test_an_old_style_or_password_protected_workbook_says_how_to_save_it(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)
    with pytest.raises(UnusableFile, match="remove any password, and save it as an Excel"):
        ii.open_table(fx.write_bytes(tmp_path, "old.xls", data))


def test_a_web_page_saved_as_xls_is_not_a_spreadsheet(tmp_path):
    data = b"<html><body><table><tr><td>Ref</td></tr></table></body></html>"
    with pytest.raises(UnusableFile, match="is a web page or XML document"):
        ii.open_table(fx.write_bytes(tmp_path, "report.xls", data))


def test_a_workbook_with_no_header_on_any_sheet_names_the_sheets_it_tried(tmp_path):
    path = fx.write_xlsx(tmp_path, "w.xlsx", [["a", "b"]], sheets={"Other": [["c", "d"]]})
    with pytest.raises(UnusableFile, match="We looked in every sheet: “Incidents”, “Other”"):
        ii.open_table(path)


def test_a_quote_never_closed_is_unusable_when_the_rows_are_read(tmp_path):
    body = 'Ref,Date,Description\r\nA,27/11/2026,"never closed\r\n' + "x" * 140_000
    table = ii.open_table(fx.write_bytes(tmp_path, "quote.csv", body.encode()))
    with pytest.raises(UnusableFile, match="a quotation mark is opened and never closed"):
        list(ii.parse(table))


# --------------------------------------------------------------------------------------------
# Mapping


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Incident date", "occurred_on"),
        ("Date of incident", "occurred_on"),
        ("Date", "occurred_on"),
        ("IncidentDate", "occurred_on"),
        ("Incident Date (dd/mm/yyyy)", "occurred_on"),
        ("Date/Time of Incident", "occurred_at"),
        ("Date & time", "occurred_at"),
        ("occurred", "occurred_at"),
        ("Time", "occurred_time"),
        ("Time of incident", "occurred_time"),
        ("ID", "reference"),
        ("Ref", "reference"),
        ("Ref.", "reference"),
        ("Incident Ref", "reference"),
        ("Reference", "reference"),
        ("Incident ID", "reference"),
        ("Datix ID", "reference"),
        ("Location (exact)", "location"),
        ("Location (type)", "location_type"),
        ("Location type", "location_type"),
        ("ward", "location"),
        ("Unit", "location"),
        ("Site", "site"),
        ("Hospital", "site"),
        ("Premises", "site"),
        ("Type", "category"),
        ("Category", "category"),
        ("Incident Category", "category"),
        ("Incident type", "category"),
        ("Cause group", "category"),
        ("Sub-category", "subcategory"),
        ("Subcategory", "subcategory"),
        ("Harm", "harm"),
        ("Severity", "harm"),
        ("Result / harm", "harm"),
        ("outcome", "harm"),
        ("Degree of harm", "harm"),
        ("Days lost", "days_lost"),
        ("Days absent", "days_lost"),
        ("No. of days lost", "days_lost"),
        ("RIDDOR", "riddor"),
        ("RIDDOR reportable", "riddor"),
        ("Reportable under RIDDOR?", "riddor"),
        ("Perpetrator", "perpetrator_type"),
        ("Assailant", "perpetrator_type"),
        ("Person type", "perpetrator_type"),
        ("Assault type", "assault_form"),
        ("Nature of assault", "assault_form"),
        ("Description", "description"),
        ("Details", "description"),
        ("Brief description", "description"),
        ("Description of what happened", "description"),
    ],
)
def test_common_header_names_are_recognised(header, field):
    assert ii.recognise_header(header)[0] == field


@pytest.mark.parametrize(
    "header",
    ["Date reported", "Reported date", "Date of birth", "Patient ID", "NHS number", "Staff ID",
     "Potential harm", "Opened date", "Notes for reviewer x", ""],
)  # fmt: skip
def test_headers_that_are_not_our_fields_are_not_mapped_to_them(header):
    found = ii.recognise_header(header)
    assert found is None or found[0] not in {"occurred_on", "occurred_at", "reference", "harm"}


def test_when_two_columns_name_a_field_the_better_name_wins_then_the_leftmost():
    headers = ["Type", "Category", "Ward", "Location (exact)", "Date", "Site", "Hospital"]
    mapping = ii.propose_mapping(headers)
    assert mapping["category"] == "Category"
    assert mapping["location"] == "Location (exact)"
    assert mapping["site"] == "Site"


def test_a_date_time_column_with_a_separate_time_column_becomes_the_date_column():
    assert ii.propose_mapping(["Ref", "Date/Time of incident", "Time"]) == {
        "reference": "Ref",
        "occurred_on": "Date/Time of incident",
        "occurred_time": "Time",
    }


def test_a_persons_choices_override_the_proposed_mapping():
    headers = ["Ref", "Incident date", "Ward", "Room", "Date of entry"]
    mapping = ii.propose_mapping(
        headers, {"location": "Room", "occurred_at": "Date of entry", "reference": ""}
    )
    assert mapping == {"occurred_at": "Date of entry", "location": "Room"}


def test_a_good_mapping_has_no_problems():
    headers = ["Ref", "Incident date", "Time"]
    assert ii.check_mapping(ii.propose_mapping(headers), headers) == []


def test_a_mapping_naming_an_unknown_field_or_a_missing_header_lists_what_there_is():
    headers = ["Ref", "Incident date", "Ward"]
    problems = ii.check_mapping(
        {"occurred_on": "Incident date", "colour": "Ward", "location": "Wards"}, headers
    )
    assert problems == [
        "“colour” is not one of our fields. The fields are: " + ", ".join(ii.FIELDS) + ".",
        "There is no column “Wards” in this file (chosen for location). "
        "Its columns are: “Ref”, “Incident date”, “Ward”.",
    ]


def test_a_mapping_without_a_date_or_with_two_or_with_a_column_twice_has_problems():
    headers = ["Ref", "Date", "When"]
    assert ii.check_mapping({"reference": "Ref"}, headers) == [
        "Choose the column that holds the date of the incident (occurred_at, or occurred_on "
        "with occurred_time for a separate time column). The file's columns are: “Ref”, "
        "“Date”, “When”."
    ]
    two_dates = {"occurred_at": "Date", "occurred_on": "When"}
    assert "not both" in ii.check_mapping(two_dates, headers)[0]
    assert ii.check_mapping({"occurred_on": "Date", "site": "Ref", "location": "Ref"}, headers) == [
        "The column “Ref” is chosen for both site and location: choose it for one of them."
    ]
    assert (
        "occurred_on instead"
        in ii.check_mapping({"occurred_at": "Date", "occurred_time": "When"}, headers)[0]
    )
    assert ii.check_mapping({"occurred_on": 3}, headers)[0].startswith(
        "The column for occurred_on should be a header's text"
    )


def test_a_mapping_matches_headers_whatever_their_case_and_spacing(tmp_path):
    rows = [["Ref", "  INCIDENT   date "], ["A", "27/11/2026"]]
    _, items, _ = read(csv_file(tmp_path, rows), {"occurred_on": "incident date"})
    assert items[0].occurred_on == dt.date(2026, 11, 27)


def test_parse_refuses_a_mapping_with_problems(tmp_path):
    table = ii.open_table(fx.datix_export(tmp_path))
    with pytest.raises(MappingError) as raised:
        ii.parse(table, {"occurred_on": "When"})
    assert raised.value.problems[0].startswith("There is no column “When” in this file")


def test_a_persons_mapping_finds_a_header_row_no_name_of_ours_would(tmp_path):
    rows = [["Export"], ["Col A", "Col B", "Col C"], ["x1", "27/11/2026", "Oak"]]
    path = csv_file(tmp_path, rows)
    with pytest.raises(UnusableFile):
        ii.open_table(path)
    mapping = {"reference": "Col A", "occurred_on": "Col B", "location": "Col C"}
    table = ii.open_table(path, mapping=mapping)
    assert table.header_row == 2
    items = list(ii.parse(table, mapping))
    assert (items[0].row, items[0].reference, items[0].location) == (3, "x1", "Oak")


# --------------------------------------------------------------------------------------------
# Dates and times


@pytest.mark.parametrize(
    ("written", "when"),
    [
        ("27/11/2026", (2026, 11, 27, None)),
        ("27/11/26", (2026, 11, 27, None)),
        ("7/1/2026", (2026, 1, 7, None)),
        ("27-11-2026", (2026, 11, 27, None)),
        ("27.11.2026", (2026, 11, 27, None)),
        ("27 Nov 2026", (2026, 11, 27, None)),
        ("27 November 2026", (2026, 11, 27, None)),
        ("27-Nov-26", (2026, 11, 27, None)),
        ("Friday 27th November 2026", (2026, 11, 27, None)),
        ("Nov 27, 2026", (2026, 11, 27, None)),
        ("2026-11-27", (2026, 11, 27, None)),
        ("2026/11/27", (2026, 11, 27, None)),
        ("27/11/2026 14:05", (2026, 11, 27, (14, 5, 0))),
        ("27/11/2026 14:05:33", (2026, 11, 27, (14, 5, 33))),
        ("2026-11-27T14:05", (2026, 11, 27, (14, 5, 0))),
        ("27/11/2026 2:05 PM", (2026, 11, 27, (14, 5, 0))),
        ("27/11/2026 12:30 am", (2026, 11, 27, (0, 30, 0))),
        ("27/11/2026 14.05", (2026, 11, 27, (14, 5, 0))),
        ("27/11/2026 1405hrs", (2026, 11, 27, (14, 5, 0))),
        ("  27/11/2026  ", (2026, 11, 27, None)),
        ("46353", (2026, 11, 27, None)),
        ("46353.59", (2026, 11, 27, (14, 9, 36))),
        ("01/01/99", (1999, 1, 1, None)),
    ],
)
def test_dates_are_read_day_first_in_the_forms_exports_use(tmp_path, written, when):
    _, items, _ = read(csv_file(tmp_path, [["Ref", "Date"], ["A", written]]))
    row = items[0]
    year, month, day, clock = when
    assert row.occurred_on == dt.date(year, month, day)
    local = row.occurred_at.astimezone(ii.LONDON)
    if clock is None:
        assert row.hour is None
        assert (local.hour, local.minute) == (0, 0)
    else:
        assert (local.hour, local.minute, local.second) == clock
        assert row.hour == clock[0]


@pytest.mark.parametrize(
    "written", ["31/02/2025", "29/02/2025", "00/01/2026", "11/27/2026", "32/01/2026", "tuesday",
                "27/11", "27/11/202", "31 Feb 2025", "27 Novembre 2026", "1/1/1850", "14:05"],
)  # fmt: skip
def test_an_impossible_or_unreadable_date_is_an_error_saying_how_to_write_it(tmp_path, written):
    _, items, _ = read(csv_file(tmp_path, [["Ref", "Date", "Site"], ["A", written, "Oak"]]))
    assert items[0].errors == [RowError(2, "Date", written, BAD_DATE.format(written))]


def test_a_time_that_is_not_a_time_is_an_error_on_the_time_column(tmp_path):
    rows = [["Ref", "Date", "Time"], ["A", "27/11/2026", "25:61"], ["B", "27/11/2026", "24:00"]]
    _, items, _ = read(csv_file(tmp_path, rows))
    message = "{} is not a time: write it as hours:minutes on the 24-hour clock, like 14:05"
    assert [r.errors for r in items] == [
        [RowError(2, "Time", "25:61", message.format("25:61"))],
        [RowError(3, "Time", "24:00", message.format("24:00"))],
    ]


def test_a_bad_time_inside_the_date_cell_is_named_in_the_message(tmp_path):
    rows = [["Ref", "Date/time"], ["A", "27/11/2026 25:61"]]
    _, items, _ = read(csv_file(tmp_path, rows))
    assert items[0].errors == [
        RowError(
            2,
            "Date/time",
            "27/11/2026 25:61",
            "27/11/2026 25:61 has a time that is not a time (25:61): write the time as "
            "hours:minutes on the 24-hour clock, like 27/11/2026 14:05",
        )
    ]


def test_a_blank_time_means_local_midnight_and_no_hour(tmp_path):
    rows = [["Ref", "Date", "Time"], ["A", "01/07/2026", ""]]
    row = read(csv_file(tmp_path, rows))[1][0]
    assert row.occurred_at == dt.datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert (row.occurred_on, row.hour, row.weekday) == (dt.date(2026, 7, 1), None, 2)


def test_local_times_in_summer_are_an_hour_ahead_of_utc(tmp_path):
    rows = [["Ref", "Date"], ["A", "01/07/2026 00:30"]]
    row = read(csv_file(tmp_path, rows))[1][0]
    assert row.occurred_at == dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert (row.occurred_on, row.hour, row.weekday) == (dt.date(2026, 7, 1), 0, 2)


def test_a_time_the_spring_clock_change_skips_moves_forward_an_hour(tmp_path):
    rows = [["Ref", "Date", "Time"], ["A", "29/03/2026", "01:30"], ["B", "29/03/2026", "00:59"]]
    gap, before = read(csv_file(tmp_path, rows))[1]
    assert gap.occurred_at == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST
    assert (gap.occurred_on, gap.hour, gap.weekday) == (dt.date(2026, 3, 29), 2, 6)
    assert before.occurred_at == dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert before.hour == 0


def test_a_time_the_autumn_clock_change_repeats_is_its_first_occurrence(tmp_path):
    rows = [["Ref", "Date", "Time"], ["A", "25/10/2026", "01:30"], ["B", "25/10/2026", "02:30"]]
    first, after = read(csv_file(tmp_path, rows))[1]
    assert first.occurred_at == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    assert (first.occurred_on, first.hour) == (dt.date(2026, 10, 25), 1)
    assert after.occurred_at == dt.datetime(2026, 10, 25, 2, 30, tzinfo=UTC)  # 02:30 GMT


def test_the_clock_change_days_without_a_time_are_local_midnight(tmp_path):
    rows = [["Ref", "Date"], ["A", "29/03/2026"], ["B", "25/10/2026"]]
    spring, autumn = read(csv_file(tmp_path, rows))[1]
    assert spring.occurred_at == dt.datetime(2026, 3, 29, 0, 0, tzinfo=UTC)
    assert autumn.occurred_at == dt.datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert (spring.hour, autumn.hour) == (None, None)


def test_an_explicit_utc_time_is_honoured_and_its_local_date_and_hour_follow(tmp_path):
    rows = [["Ref", "Date"], ["A", "2026-06-30T23:30:00Z"]]
    row = read(csv_file(tmp_path, rows))[1][0]
    assert row.occurred_at == dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert (row.occurred_on, row.hour, row.weekday) == (dt.date(2026, 7, 1), 0, 2)


def test_workbook_times_that_excel_stored_a_hair_short_round_to_the_second(tmp_path):
    almost = dt.datetime(2026, 11, 27, 14, 4, 59, 999000)
    path = fx.write_xlsx(tmp_path, "t.xlsx", [["Ref", "Date"], ["A", almost]])
    assert read(path)[1][0].occurred_at == dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC)


# --------------------------------------------------------------------------------------------
# Other values


@pytest.mark.parametrize(
    ("written", "days"),
    [("3", 3), (" 12 ", 12), ("0", 0), ("", None), ("4.0", 4), ("2 days", 2), ("N/A", None),
     ("none", 0)],
)  # fmt: skip
def test_days_lost_are_whole_numbers(tmp_path, written, days):
    rows = [["Ref", "Date", "Days lost"], ["A", "27/11/2026", written]]
    assert read(csv_file(tmp_path, rows))[1][0].days_lost == days


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("three", "“three” is not a number of days: write the days lost as a whole number, "
                  "like 3 (0 if none)"),
        ("-2", "-2 is a negative number of days: write the days lost as a whole number, "
               "0 or more, like 3"),
        ("2.5", "2.5 is not a whole number of days: round it to whole days, like 3"),
    ],
)  # fmt: skip
def test_days_lost_that_are_not_a_whole_number_are_errors(tmp_path, written, message):
    rows = [["Ref", "Date", "Days lost"], ["A", "27/11/2026", written]]
    assert read(csv_file(tmp_path, rows))[1][0].errors == [
        RowError(2, "Days lost", written, message)
    ]


@pytest.mark.parametrize(
    ("written", "riddor"),
    [("Yes", True), ("y", True), ("TRUE", True), ("1", True), ("Reportable", True),
     ("No", False), ("N", False), ("false", False), ("0", False), ("Not reportable", False),
     ("not-reportable", False), ("", None), ("  ", None), ("N/A", None)],
)  # fmt: skip
def test_riddor_answers_are_read_as_yes_no_or_not_known(tmp_path, written, riddor):
    rows = [["Ref", "Date", "RIDDOR"], ["A", "27/11/2026", written]]
    assert read(csv_file(tmp_path, rows))[1][0].riddor is riddor


def test_a_riddor_answer_that_is_not_yes_or_no_is_an_error(tmp_path):
    rows = [["Ref", "Date", "RIDDOR"], ["A", "27/11/2026", "maybe"]]
    assert read(csv_file(tmp_path, rows))[1][0].errors == [
        RowError(
            2,
            "RIDDOR",
            "maybe",
            "“maybe” is not a RIDDOR answer we can read: write yes or no (or leave it blank if "
            "not known)",
        )
    ]


def test_a_row_with_several_errors_reports_each_in_column_order(tmp_path):
    rows = [
        ["Ref", "Date", "Time", "Days lost", "RIDDOR"],
        ["A", "31/02/2025", "25:61", "x", "perhaps"],
    ]
    rejected = read(csv_file(tmp_path, rows))[1][0]
    assert isinstance(rejected, RejectedRow)
    assert [(e.row, e.column, e.value) for e in rejected.errors] == [
        (2, "Date", "31/02/2025"),
        (2, "Time", "25:61"),
        (2, "Days lost", "x"),
        (2, "RIDDOR", "perhaps"),
    ]
    assert rejected.cells == ["A", "31/02/2025", "25:61", "x", "perhaps"]


def test_a_reference_longer_than_the_database_keeps_is_an_error(tmp_path):
    rows = [["Ref", "Date"], ["R" * 101, "27/11/2026"]]
    error = read(csv_file(tmp_path, rows))[1][0].errors[0]
    assert error.column == "Ref"
    assert error.error.startswith("The reference is longer than 100 characters")


def test_values_to_classify_are_returned_raw_and_stripped(tmp_path):
    rows = [
        ["Ref", "Date", "Category", "Severity", "Location type", "Assault type", "Assailant"],
        ["A", "27/11/2026", "  Physical Assault ", "Minor harm ", " Car park", "Spat at", "Pt"],
    ]
    row = read(csv_file(tmp_path, rows))[1][0]
    assert (
        row.category_raw,
        row.harm_raw,
        row.location_type_raw,
        row.assault_form_raw,
        row.perpetrator_type_raw,
    ) == ("Physical Assault", "Minor harm", "Car park", "Spat at", "Pt")


def test_without_a_location_type_column_the_location_is_what_gets_classified(tmp_path):
    rows = [["Ref", "Date", "Location"], ["A", "27/11/2026", " Day room "]]
    row = read(csv_file(tmp_path, rows))[1][0]
    assert (row.location, row.location_type_raw) == ("Day room", "Day room")


def test_long_raw_text_is_cut_to_what_the_database_keeps(tmp_path):
    rows = [["Ref", "Date", "Site"], ["A", "27/11/2026", "S" * 250]]
    assert read(csv_file(tmp_path, rows))[1][0].site == "S" * 200


# --------------------------------------------------------------------------------------------
# Furniture and errors


def test_blank_rows_and_group_headings_in_the_first_column_are_furniture_anywhere(tmp_path):
    rows = [
        ["Ward", "Ref", "Date", "Location"],
        ["Oak ward (2 incidents)"],
        ["", "A", "27/11/2026", "Bay 1"],
        [],
        ["", "", "", ""],
        ["Elm ward (1 incident)", "", "", ""],
        ["", "B", "28/11/2026", "Bay 2"],
        ["Subtotal", "", "", ""],
    ]
    _, items, run = read(csv_file(tmp_path, rows))
    assert [(item.row, item.reference) for item in items] == [(3, "A"), (7, "B")]
    assert (run.rows, run.furniture_rows) == (2, 5)


def test_a_row_in_the_middle_merely_missing_its_date_is_an_error_not_furniture(tmp_path):
    rows = [
        ["Ref", "Date", "Location", "Category"],
        ["A", "27/11/2026", "Oak", "Assault"],
        ["B", "", "Oak", "Assault"],
        ["C", "28/11/2026", "Elm", "Verbal"],
    ]
    _, items, run = read(csv_file(tmp_path, rows))
    assert isinstance(items[1], RejectedRow)
    assert items[1].errors == [RowError(3, "Date", "", MISSING)]
    assert (run.rows, run.valid_rows, run.rejected_rows, run.furniture_rows) == (3, 2, 1, 0)


def test_a_last_row_missing_its_date_but_holding_data_is_an_error_too(tmp_path):
    rows = [
        ["Ref", "Date", "Location", "Category"],
        ["A", "27/11/2026", "Oak", "Assault"],
        ["B", "", "Oak", "Assault"],
    ]
    _, items, run = read(csv_file(tmp_path, rows))
    assert [item.row for item in items] == [2, 3]
    assert isinstance(items[1], RejectedRow)
    assert run.furniture_rows == 0


@pytest.mark.parametrize(
    "footer",
    [["Total"], ["TOTAL", "", "", "", "42"], ["Count: 123"], ["Grand total: 2"],
     ["Report generated 01/12/2026 09:00"], ["Printed by J Smith on 01/12/2026"],
     ["2 records"], ["Page 1 of 1"], ["End of report"], [], ["", "", "", "", ""],
     ["", "", "", "", "Printed by J Smith"]],
)  # fmt: skip
def test_totals_counts_and_report_footers_below_the_data_are_furniture(tmp_path, footer):
    rows = [
        ["Ref", "Date", "Location", "Category", "Notes"],
        ["A", "27/11/2026", "Oak", "Assault", ""],
        ["B", "28/11/2026", "Elm", "Verbal", ""],
        footer,
    ]
    _, items, run = read(csv_file(tmp_path, rows))
    assert [item.row for item in items] == [2, 3]
    assert (run.rows, run.furniture_rows) == (2, 1)


def test_a_row_with_values_only_in_unmapped_columns_is_furniture_at_the_end_but_an_error_above(
    tmp_path,
):
    rows = [
        ["Ref", "Date", "Location", "Notes"],
        ["A", "27/11/2026", "Oak", ""],
        ["", "", "", "checked by JS"],
        ["B", "28/11/2026", "Elm", ""],
        ["", "", "", "checked by JS"],
    ]
    _, items, run = read(csv_file(tmp_path, rows), {"reference": "Ref", "occurred_on": "Date"})
    assert [(item.row, type(item).__name__) for item in items] == [
        (2, "ParsedRow"),
        (3, "RejectedRow"),
        (4, "ParsedRow"),
    ]
    assert run.furniture_rows == 1


def test_a_first_column_date_that_does_not_read_is_an_error_not_furniture(tmp_path):
    rows = [["Date", "Ref", "Location"], ["27/11/2026", "A", "Oak"], ["31/02/2025"]]
    _, items, run = read(csv_file(tmp_path, rows))
    assert items[1].errors == [RowError(3, "Date", "31/02/2025", BAD_DATE.format("31/02/2025"))]
    assert run.furniture_rows == 0


def test_the_rows_counted_are_the_data_rows_valid_rejected_and_duplicated(tmp_path):
    _, items, run = read(fx.datix_export(tmp_path))
    assert run.rows == len(items) == run.valid_rows + run.rejected_rows + run.duplicate_rows


# --------------------------------------------------------------------------------------------
# Duplicates and descriptions


def test_a_reference_seen_earlier_in_the_file_is_a_duplicate_not_an_error(tmp_path):
    rows = [
        ["Ref", "Date"],
        ["A", "27/11/2026"],
        ["B", "27/11/2026"],
        ["A", "28/11/2026"],
        [" A ", "bad date"],
        ["", "29/11/2026"],
        ["", "29/11/2026"],
    ]
    _, items, run = read(csv_file(tmp_path, rows))
    assert items[2] == DuplicateRow(row=4, reference="A", first_row=2)
    assert items[3] == DuplicateRow(row=5, reference="A", first_row=2)
    assert [type(i).__name__ for i in items[4:]] == ["ParsedRow", "ParsedRow"]  # no reference
    assert (run.rows, run.valid_rows, run.duplicate_rows, run.rejected_rows) == (6, 4, 2, 0)


def test_a_reference_first_seen_on_a_rejected_row_can_still_be_imported_later(tmp_path):
    rows = [["Ref", "Date"], ["A", "31/02/2025"], ["A", "27/11/2026"]]
    _, items, _ = read(csv_file(tmp_path, rows))
    assert [type(i).__name__ for i in items] == ["RejectedRow", "ParsedRow"]


def test_descriptions_are_left_out_unless_asked_for_as_they_can_name_patients(tmp_path):
    path = fx.datix_export(tmp_path)
    _, dropped, _ = read(path)
    _, kept, _ = read(path, keep_descriptions=True)
    assert dropped[0].description == ""
    assert kept[0].description == "Patient A.B. punched HCA on the arm"


def test_a_rejected_rows_cells_leave_out_the_description_unless_asked_for(tmp_path):
    rows = [["Ref", "Date", "Description"], ["A", "", "J Bloggs bit me"]]
    path = csv_file(tmp_path, rows)
    assert read(path)[1][0].cells == ["A", "", ""]
    assert read(path, keep_descriptions=True)[1][0].cells == ["A", "", "J Bloggs bit me"]


def test_short_rows_are_padded_and_long_rows_trimmed_to_the_headers(tmp_path):
    rows = [["Ref", "Date", "Location", "RIDDOR"], ["A", "27/11/2026"], ["B", "", "x", "y", "z"]]
    _, items, _ = read(csv_file(tmp_path, rows))
    assert (items[0].location, items[0].riddor) == ("", None)
    assert items[1].cells == ["B", "", "x", "y"]


def test_rows_in_memory_parse_like_a_sheet():
    table = ii.table_from_rows([["Title"], ["Ref", "Date"], ["A", dt.date(2026, 11, 27)]])
    items = list(ii.parse(table))
    assert (table.header_row, items[0].row, items[0].occurred_on) == (2, 3, dt.date(2026, 11, 27))


def test_a_sheet_that_starts_below_and_right_of_a1_keeps_its_spreadsheet_row_numbers(tmp_path):
    rows = [
        [],
        [],
        [None, None, "Site", "Ref", "Date"],
        [None, None, "Riverside", "A", dt.date(2026, 11, 27)],
        [None, None, "Hillcrest", "B", dt.date(2026, 11, 28)],
        [None, None, None, "C", dt.date(2026, 11, 29)],
    ]
    path = fx.write_xlsx(tmp_path, "offset.xlsx", rows, merges=["C5:C6"])
    table, items, _ = read(path)
    assert table.header_row == 3
    assert [(r.row, r.reference, r.site) for r in items] == [
        (4, "A", "Riverside"),
        (5, "B", "Hillcrest"),
        (6, "C", "Hillcrest"),
    ]
