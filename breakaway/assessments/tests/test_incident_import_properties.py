import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakaway.assessments import incident_import as ii
from breakaway.assessments.incident_import import DuplicateRow, ParsedRow, RejectedRow
from breakaway.assessments.tests import incident_fixtures as fx

SETTINGS = settings(max_examples=150, deadline=None)
HEADERS = ["Ref", "Date", "Time", "Location", "Category", "Days lost", "RIDDOR", "Description"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))
clocks = st.times().map(lambda t: t.replace(microsecond=0))


def parse_rows(rows, **options):
    table = ii.table_from_rows([HEADERS, *rows])
    run = ii.parse(table, **options)
    return list(run), run


DATE_FORMS = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {d.strftime('%B')} {d.year}",
    lambda d: f"{d.strftime('%A')} {d.day} {d.strftime('%B')} {d.year}",
    lambda d: f"{d.day}-{MONTHS[d.month - 1]}-{d.year}",
    lambda d: d.isoformat(),
    lambda d: d.strftime("%Y/%m/%d"),
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: str((d - dt.date(1899, 12, 30)).days),
]
# (how the time is added to the date, whether it keeps the seconds)
TIME_FORMS = [
    (lambda d, t: f"{d} {t:%H:%M}", False),
    (lambda d, t: f"{d} {t:%H:%M:%S}", True),
    (lambda d, t: f"{d} {t.hour % 12 or 12}:{t:%M} {'PM' if t.hour >= 12 else 'AM'}", False),
]


@SETTINGS
@given(day=dates, form=st.sampled_from(DATE_FORMS))
def test_any_date_written_in_any_supported_form_reads_as_that_date(day, form):
    items, _ = parse_rows([["A", form(day)]])
    assert isinstance(items[0], ParsedRow), items[0]
    assert items[0].occurred_on == day
    assert items[0].hour is None


@SETTINGS
@given(
    day=st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2029, 12, 31)),
    separator=st.sampled_from("/-."),
)
def test_two_digit_years_read_as_excel_reads_them(day, separator):
    written = f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year % 100:02d}"
    items, _ = parse_rows([["A", written]])
    assert items[0].occurred_on == day


@SETTINGS
@given(
    day=dates.filter(lambda d: d.year >= 2000),
    clock=clocks,
    form=st.sampled_from(DATE_FORMS[:10]),
    with_time=st.sampled_from(TIME_FORMS),
)
def test_a_date_and_time_in_one_cell_read_as_that_local_wall_clock_time(
    day, clock, form, with_time
):
    add_time, keeps_seconds = with_time
    written = add_time(form(day), clock)
    item = parse_rows([["A", written]])[0][0]
    assert isinstance(item, ParsedRow), (written, item)
    expected = dt.datetime.combine(day, clock.replace(second=clock.second * keeps_seconds))
    local = item.occurred_at.astimezone(ii.LONDON)
    # Only a time the spring clock change skips moves, and then forward an hour.
    moved = local.replace(tzinfo=None) - expected
    assert moved == dt.timedelta(0) or (moved == dt.timedelta(hours=1) and expected.hour == 1)
    assert (item.occurred_on, item.hour, item.weekday) == (
        local.date(),
        local.hour,
        local.weekday(),
    )


@SETTINGS
@given(day=st.integers(0, 99), month=st.integers(0, 99), year=st.integers(0, 9999))
def test_any_dd_mm_yyyy_is_either_that_real_date_or_an_error_naming_its_row(day, month, year):
    written = f"{day:02d}/{month:02d}/{year:04d}"
    items, run = parse_rows([["A", "27/11/2026"], ["B", written]])
    item = items[1]
    try:
        real = dt.date(year, month, day)
    except ValueError:
        real = None
    if real is not None and 1900 <= year <= 2100:
        assert isinstance(item, ParsedRow)
        assert item.occurred_on == real
    else:
        assert isinstance(item, RejectedRow)
        assert [(e.row, e.column, e.value) for e in item.errors] == [(3, "Date", written)]
        assert item.errors[0].error.startswith(f"{written} is not a date")
    assert run.rows == 2


@SETTINGS
@given(
    local=st.datetimes(
        min_value=dt.datetime(2020, 1, 1),
        max_value=dt.datetime(2030, 12, 31),
    )
)
def test_local_wall_clock_times_become_utc_by_london_rules(local):
    local = local.replace(microsecond=0)
    occurred_at, occurred_on, hour, weekday = ii.local_to_utc(local.date(), local.time())
    assert occurred_at.tzinfo is dt.UTC
    back = occurred_at.astimezone(ii.LONDON)
    moved = back.replace(tzinfo=None) - local
    assert moved in (dt.timedelta(0), dt.timedelta(hours=1))
    if moved:  # only a time that does not exist moves: the spring gap
        assert (local.month, local.hour) == (3, 1)
    else:
        assert back.fold == 0  # an ambiguous time is its first occurrence
    assert (occurred_on, hour, weekday) == (back.date(), back.hour, back.weekday())


cell_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@SETTINGS
@given(rows=st.lists(st.lists(cell_text, min_size=0, max_size=10), max_size=30))
def test_parsing_never_raises_on_any_text_and_every_error_names_a_row_and_a_header(rows):
    items, run = parse_rows(rows, keep_descriptions=True)
    assert run.rows == len(items) == run.valid_rows + run.rejected_rows + run.duplicate_rows
    assert run.rows + run.furniture_rows == len(rows)
    numbers = [item.row for item in items]
    assert numbers == sorted(set(numbers))
    assert all(2 <= n <= len(rows) + 1 for n in numbers)
    for item in items:
        if isinstance(item, RejectedRow):
            assert item.errors
            for error in item.errors:
                assert error.row == item.row
                assert error.column in HEADERS
                assert error.error


@SETTINGS
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.just(""), st.from_regex(r"[A-Z]{1,3}-[0-9]{1,4}", fullmatch=True)),
            st.one_of(dates.map(DATE_FORMS[0]), cell_text),
            cell_text,
            st.text(alphabet="abcdefghij ", min_size=1, max_size=10).filter(str.strip),
        ),
        max_size=40,
    )
)
def test_every_row_with_data_comes_out_once_in_order_with_its_spreadsheet_row_number(rows):
    data = [[ref, when, clock, location] for ref, when, clock, location in rows]
    items, run = parse_rows(data)
    assert len(items) == len(data) == run.rows
    assert [item.row for item in items] == list(range(2, len(data) + 2))
    seen: dict[str, int] = {}
    for item, (ref, *_rest) in zip(items, rows, strict=True):
        if isinstance(item, DuplicateRow):
            assert (item.reference, item.first_row) == (ref, seen[ref])
        elif isinstance(item, ParsedRow) and ref:
            seen.setdefault(ref, item.row)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            st.from_regex(r"[A-Z][0-9]{1,5}", fullmatch=True),
            dates.map(DATE_FORMS[0]),
            st.text(alphabet="abcdé£ ;,\t\"'\n–", min_size=1, max_size=12).filter(str.strip),
        ),
        min_size=1,
        max_size=20,
        unique_by=lambda row: row[0],
    ),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
    newline=st.sampled_from(["\r\n", "\n"]),
)
def test_a_file_in_any_encoding_and_delimiter_reads_as_the_same_rows(
    rows, encoding, delimiter, bom, newline
):
    table_rows = [["Incident report"], ["Ref", "Incident date", "Location"]]
    table_rows += [list(r) for r in rows]
    expected = list(ii.parse(ii.table_from_rows(table_rows)))
    with tempfile.TemporaryDirectory() as folder:
        path = fx.write_csv(
            Path(folder),
            "export.csv",
            table_rows,
            encoding=encoding,
            delimiter=delimiter,
            bom=bom and encoding == "utf-8",
            newline=newline,
        )
        table = ii.open_table(path)
        got = list(ii.parse(table))
    assert table.header_row == 2
    assert [(i.row, i.reference, i.occurred_on, i.location) for i in got] == [
        (i.row, i.reference, i.occurred_on, i.location) for i in expected
    ]


@SETTINGS
@given(
    cells=st.lists(
        st.one_of(
            st.integers(),
            st.integers(min_value=10**300, max_value=10**400),
            st.floats(),
            st.from_regex(r"[0-9]{300,400}(\.[0-9]{1,3})?", fullmatch=True),
        ),
        min_size=3,
        max_size=3,
    )
)
def test_numbers_of_any_size_in_a_workbook_are_a_row_error_never_a_crash(cells):
    """Found by fuzzing: an integer cell too large for a float stopped the whole import."""
    when, clock, days = cells
    items, run = parse_rows([["A-1", when, clock, "Ward 1", "Verbal", days, "", ""]])
    assert run.rows == 1
    for item in items:
        if isinstance(item, RejectedRow):
            assert {error.column for error in item.errors} <= {"Date", "Time", "Days lost"}
