"""The pure staff-list reader and planner: headers, rules, and properties."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from breakaway.assessments.incident_import import UnusableFile, table_from_rows
from breakaway.delivery import staff_import as si
from breakaway.delivery.tests import staff_fixtures as fx

TODAY = dt.date(2026, 3, 1)
HEADERS = ["Employee Number", "First Name", "Last Name", "Email Address", "Position Title"]


def parse_rows(rows, headers=HEADERS, mapping=None):
    table = table_from_rows([headers, *rows], spec=si.STAFF)
    return si.parse(table, mapping)


def plan(parsed, existing=(), sites=None, today=TODAY):
    return si.plan_import(
        parsed.rows, existing=list(existing), sites=sites or {}, fields=parsed.fields, today=today
    )


def as_existing(values, pk, archived=False, on_leaving=False):
    """A planned creation as the person it makes."""
    return si.ExistingPerson(
        pk=pk,
        archived=archived,
        archived_on_leaving=on_leaving,
        **{k: v for k, v in values.items()},
    )


# ------------------------------------------------------------------------------------------
# Headers


def test_esr_headers_map_to_our_fields(tmp_path):
    table = si.open_staff_table(fx.esr_csv(tmp_path))
    assert table.header_row == 4
    assert si.propose_mapping(table.headers) == {
        "employee_number": "Employee Number",
        "first_name": "First Name",
        "last_name": "Last Name",
        "email": "Email Address",
        "role": "Position Title",
        "site": "Location",
        "team": "Organisation",
        "start_date": "Assignment Start Date",
        "leaving_date": "Leaving Date",
    }


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Staff No.", "employee_number"),
        ("Payroll Number", "employee_number"),
        ("Forename", "first_name"),
        ("Surname", "last_name"),
        ("Full name", "name"),
        ("Work E-mail", "email"),
        ("NHSmail address", "email"),
        ("Job Title", "role"),
        ("Base", "site"),
        ("Ward / Department", "team"),
        ("Date Started", "start_date"),
        ("Termination Date", "leaving_date"),
        ("Date of leaving (if known)", "leaving_date"),
    ],
)
def test_common_header_variants_are_recognised(header, field):
    assert si.recognise_header(header)[0] == field


def test_a_full_name_column_is_used_when_there_are_no_separate_names():
    parsed = parse_rows([["1", "Smith, Jane", "Staff Nurse"]], headers=["Staff No", "Name", "Job"])
    assert parsed.rows[0].first_name == "Jane"
    assert parsed.rows[0].last_name == "Smith"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Jane Smith", "Jane", "Smith"),
        ("Smith, Jane Mary", "Jane Mary", "Smith"),
        ("Dr Jane Smith", "Jane", "Smith"),
        ("SMITH, Jane Mrs", "Jane", "SMITH"),
        ("Anna van der Berg", "Anna", "van der Berg"),
        ("Cher", "Cher", ""),
    ],
)
def test_full_names_are_split_sensibly(text, first, last):
    assert si.split_name(text) == (first, last)


def test_a_file_without_a_name_column_is_not_a_staff_list(tmp_path):
    path = fx.esr_csv(tmp_path, [["1", "x"]], headers=["Ref", "Date"], title=False)
    with pytest.raises(UnusableFile, match="people's names"):
        si.open_staff_table(path)


def test_a_mapping_without_names_is_refused():
    problems = si.check_mapping({"email": "Email Address"}, HEADERS)
    assert any("names" in p for p in problems)


def test_an_xlsx_extract_reads_like_the_csv(tmp_path):
    from_csv = si.parse(si.open_staff_table(fx.esr_csv(tmp_path)))
    from_xlsx = si.parse(si.open_staff_table(fx.esr_xlsx(tmp_path)))
    assert [dataclasses.astuple(r)[1:] for r in from_xlsx.rows] == [
        dataclasses.astuple(r)[1:] for r in from_csv.rows
    ]


# ------------------------------------------------------------------------------------------
# The rules for rows


def test_rows_are_numbered_as_the_spreadsheet_numbers_them(tmp_path):
    rows = [*fx.ESR_ROWS[:1], ["1", "Bad", "Email", "nope", "Porter", "", "", "", ""]]
    parsed = si.parse(si.open_staff_table(fx.esr_csv(tmp_path, rows)))
    assert parsed.rows[0].row == 5
    assert parsed.rejected[0].row == 6


def test_a_bad_email_is_an_error_on_its_row_and_column():
    parsed = parse_rows([["1", "Jane", "Smith", "jane.smith@", "Nurse"]])
    [error] = parsed.errors
    assert (error.row, error.column, error.value) == (2, "Email Address", "jane.smith@")
    assert "not an e-mail address" in error.error


def test_a_blank_or_na_email_is_fine_and_emails_are_lower_case():
    parsed = parse_rows(
        [["1", "Jane", "Smith", "", "Nurse"], ["2", "Ann", "Brown", "N/A", "Nurse"],
         ["3", "Bo", "Li", "Bo.Li@NHS.net", "Nurse"]]
    )  # fmt: skip
    assert [r.email for r in parsed.rows] == ["", "", "bo.li@nhs.net"]


def test_a_row_without_a_name_is_an_error():
    parsed = parse_rows([["1", "", "", "a@example.org", "Nurse"]])
    assert parsed.errors[0].error.startswith("The name is missing")


def test_a_later_row_repeating_an_employee_number_for_someone_else_is_the_error():
    parsed = parse_rows([["7", "Jane", "Smith", "", "Nurse"], ["7", "Bob", "Jones", "", "Porter"]])
    assert [r.row for r in parsed.rows] == [2]
    [error] = parsed.errors
    assert error.row == 3
    assert error.column == "Employee Number"
    assert "Row 2" in error.error


def test_a_second_post_of_the_same_person_is_repeated_not_an_error():
    parsed = parse_rows(
        [["7", "Jane", "Smith", "j@x.org", "Nurse"], ["7", "JANE", "smith", "", "Bank Nurse"]]
    )
    assert not parsed.errors
    assert [(r.row, r.first_row) for r in parsed.repeated] == [(3, 2)]
    assert parsed.rows[0].role == "Nurse"


def test_a_second_post_without_a_leaving_date_describes_the_person_now():
    headers = [*HEADERS, "Leaving Date"]
    parsed = parse_rows(
        [
            ["7", "Jane", "Smith", "", "Nurse", "01/01/2026"],
            ["7", "Jane", "Smith", "", "Sister", ""],
        ],
        headers=headers,
    )
    assert parsed.rows[0].role == "Sister"
    assert parsed.rows[0].leaving_date is None


def test_without_employee_numbers_a_repeated_email_for_someone_else_is_an_error():
    headers = ["Name", "Email"]
    parsed = parse_rows([["Jane Smith", "team@x.org"], ["Bob Jones", "team@x.org"]], headers)
    assert parsed.errors[0].row == 3
    assert parsed.errors[0].column == "Email"


def test_dates_are_read_the_uk_way_and_a_bad_one_is_an_error():
    headers = [*HEADERS, "Start Date", "Leaving Date"]
    parsed = parse_rows(
        [["1", "A", "B", "", "", "03/04/2020", ""], ["2", "C", "D", "", "", "31/02/2020", ""]],
        headers=headers,
    )
    assert parsed.rows[0].start_date == dt.date(2020, 4, 3)
    assert parsed.errors[0].column == "Start Date"
    assert "not a date" in parsed.errors[0].error


def test_blank_lines_and_totals_are_not_rows():
    parsed = parse_rows([["1", "Jane", "Smith", "", ""], ["", "", "", "", ""], ["Total: 1"]])
    assert parsed.row_count == 1
    assert not parsed.errors


# ------------------------------------------------------------------------------------------
# What an import changes


def test_a_first_import_creates_everyone_but_people_who_had_already_left():
    headers = [*HEADERS, "Leaving Date"]
    parsed = parse_rows(
        [["1", "Jane", "Smith", "", "", ""], ["2", "Old", "Timer", "", "", "01/01/2020"]], headers
    )
    result = plan(parsed)
    assert result.created == 1
    assert result.left_before_listed == 1
    assert result.unchanged == 1


def test_leavers_are_archived_on_and_after_their_leaving_date():
    headers = [*HEADERS, "Leaving Date"]
    existing = [si.ExistingPerson(pk=1, employee_number="1", first_name="Jane", last_name="Smith")]
    on_the_day = parse_rows([["1", "Jane", "Smith", "", "", "01/03/2026"]], headers)
    assert plan(on_the_day, existing).archived == 1
    tomorrow = parse_rows([["1", "Jane", "Smith", "", "", "02/03/2026"]], headers)
    result = plan(tomorrow, existing)
    assert result.archived == 0
    assert result.updated == 1


def test_changed_details_update_and_unmapped_fields_are_left_alone():
    existing = [
        si.ExistingPerson(
            pk=1, employee_number="1", first_name="Jane", last_name="Smith", email="j@x.org",
            team="Ward A",
        )
    ]  # fmt: skip
    parsed = parse_rows([["1", "Jane", "Jones", "j@x.org", "Sister"]])
    result = plan(parsed, existing)
    assert result.updates == [(1, {"last_name": "Jones", "role": "Sister"})]


def test_people_are_matched_by_email_ignoring_case_when_they_have_no_employee_number():
    existing = [si.ExistingPerson(pk=4, first_name="Jane", last_name="Smith", email="j@x.org")]
    parsed = parse_rows([["99", "Jane", "Smith", "J@X.org", ""]])
    result = plan(parsed, existing)
    assert result.created == 0
    assert result.updates == [(4, {"employee_number": "99"})]


def test_an_email_does_not_match_someone_with_another_employee_number():
    existing = [si.ExistingPerson(pk=4, employee_number="5", first_name="J", email="j@x.org")]
    result = plan(parse_rows([["99", "Jane", "Smith", "j@x.org", ""]]), existing)
    assert result.created == 1


def test_sites_are_resolved_by_name_ignoring_case():
    parsed = parse_rows(
        [["1", "Jane", "Smith", "Oakfield unit"]], ["Staff No", "First", "Last", "Site"]
    )
    result = plan(parsed, sites={"oakfield unit": 12})
    assert result.creates[0]["site"] == "Oakfield unit"
    assert result.creates[0]["site_id"] == 12


def test_a_person_archived_for_leaving_comes_back_without_a_leaving_date():
    existing = [
        si.ExistingPerson(
            pk=1, employee_number="1", first_name="Jane", last_name="Smith", archived=True,
            archived_on_leaving=True,
        )
    ]  # fmt: skip
    result = plan(parse_rows([["1", "Jane", "Smith", "", ""]]), existing)
    assert result.restores == [(1, {})]
    assert result.updated == 1


def test_a_person_archived_by_hand_stays_archived():
    existing = [
        si.ExistingPerson(
            pk=1, employee_number="1", first_name="Jane", last_name="Smith", archived=True
        )
    ]
    result = plan(parse_rows([["1", "Jane", "Smith", "", ""]]), existing)
    assert result.unchanged == 1
    assert not result.restores


# ------------------------------------------------------------------------------------------
# Properties

names = st.sampled_from(["Jane", "Bob", "Ann", "Ravi", "Chidi", "Mia", "Li", ""])
surnames = st.sampled_from(["Smith", "Jones", "Okoro", "Patel", "Brown", ""])
numbers = st.sampled_from(["", "1", "2", "3", "4", "5", "6"])
emails = st.sampled_from(["", "a@x.org", "B@x.org", "c@y.nhs.uk", "bad@", "n/a"])
roles = st.sampled_from(["", "Staff Nurse", "Porter", "HCA"])
leaving = st.sampled_from(["", "01/01/2025", "01/03/2026", "02/03/2026", "31/12/2027", "oops"])
row = st.tuples(numbers, names, surnames, emails, roles, leaving).map(list)
HEADERS_L = [*HEADERS, "Leaving Date"]
SETTINGS = settings(max_examples=200, deadline=None)


def _apply(existing, result):
    """The plan applied to the people, as the service applies it."""
    people = {p.pk: p for p in existing}
    next_pk = max(people, default=0) + 1
    for values in result.creates:
        people[next_pk] = as_existing(values, next_pk)
        next_pk += 1
    for pk, changes in result.updates:
        people[pk] = dataclasses.replace(people[pk], **changes)
    for pk, changes in result.archives:
        people[pk] = dataclasses.replace(
            people[pk], archived=True, archived_on_leaving=True, **changes
        )
    for pk, changes in result.restores:
        people[pk] = dataclasses.replace(
            people[pk], archived=False, archived_on_leaving=False, **changes
        )
    return list(people.values())


@SETTINGS
@given(st.lists(row, max_size=12))
def test_importing_the_same_rows_twice_changes_nothing_the_second_time(rows):
    parsed = parse_rows(rows, HEADERS_L)
    people = _apply([], plan(parsed))
    again = plan(parsed, people)
    assert again.created == again.updated == again.archived == 0
    assert again.unchanged == len(parsed.rows)


@SETTINGS
@given(st.lists(row, max_size=12), st.lists(row, max_size=12))
def test_an_import_after_another_settles_at_once(first, second):
    people = _apply([], plan(parse_rows(first, HEADERS_L)))
    parsed = parse_rows(second, HEADERS_L)
    people = _apply(people, plan(parsed, people))
    again = plan(parsed, people)
    assert again.created == again.updated == again.archived == 0


@SETTINGS
@given(st.lists(row, max_size=15))
def test_every_row_is_counted_once_and_every_invalid_row_is_reported_with_its_number(rows):
    parsed = parse_rows(rows, HEADERS_L)
    numbered = [r.row for r in parsed.rows] + [r.row for r in parsed.rejected]
    numbered += [r.row for r in parsed.repeated]
    assert len(numbered) == len(set(numbered)) == parsed.row_count
    filled = [i + 2 for i, r in enumerate(rows) if any(c.strip() for c in r)]
    assert sorted(numbered) == filled
    for rejected in parsed.rejected:
        assert rejected.errors
        assert all(e.row == rejected.row for e in rejected.errors)
    result = plan(parsed)
    counted = result.created + result.updated + result.archived + result.unchanged
    assert counted == len(parsed.rows)


@SETTINGS
@given(st.lists(row, max_size=15))
# Found by this test: a rejected repeat of a person once let a later repeat through again.
@example(
    rows=[
        ["4", "Jane", "Brown", "", "", ""],
        ["4", "Jane", "Brown", "bad@", "", ""],
        ["4", "Jane", "Brown", "", "", ""],
    ]
)
def test_no_two_valid_rows_are_about_the_same_employee_number(rows):
    parsed = parse_rows(rows, HEADERS_L)
    keys = [r.key for r in parsed.rows]
    assert len(keys) == len(set(keys))
