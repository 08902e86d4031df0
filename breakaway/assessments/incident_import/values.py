"""Cells as text, and the values in them: UK dates and times, Excel serial numbers, the
Europe/London wall-clock time as UTC (`local_to_utc`), days lost and RIDDOR answers.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, Final
from zoneinfo import ZoneInfo

from breakaway.assessments.incident_import.headers import _NON_ALNUM

LONDON: Final = ZoneInfo("Europe/London")


EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 2100
# Excel serial numbers are only read as dates between 1 January 1950 and 31 December 2100:
# a small number in a date column ("12") is a mistake, not 12 January 1900.
SERIAL_MIN: Final = 18264.0
SERIAL_MAX: Final = 73416.0
EXCEL_EPOCH: Final = date(1899, 12, 30)


# --------------------------------------------------------------------------------------------
# Cells as text


def _cell_text(value: Any) -> str:
    """A cell as text: numbers without a needless ".0", dates and times the UK way."""
    if value is None:
        return ""
    cls = value.__class__
    if cls is str:
        return value  # type: ignore[no-any-return]
    if cls is float:
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if cls is bool:
        return "TRUE" if value else "FALSE"
    if cls is int:
        return str(value)
    if cls is datetime:
        if value.second or value.microsecond:
            return value.strftime("%d/%m/%Y %H:%M:%S")
        return value.strftime("%d/%m/%Y %H:%M")
    if cls is date:
        return value.strftime("%d/%m/%Y")
    if cls is time:
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return str(value)


# --------------------------------------------------------------------------------------------
# Dates and times

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_DATE_RE: Final = re.compile(
    r"""
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?          # a weekday, ignored
    (?:
        (?P<y1>\d{4})\s*(?P<s1>[-/.])\s*(?P<m1>\d{1,2})\s*(?P=s1)\s*(?P<d1>\d{1,2})
      | (?P<d2>\d{1,2})\s*(?P<s2>[-/.])\s*(?P<m2>\d{1,2})\s*(?P=s2)\s*(?P<y2>\d{4}|\d{2})
      | (?P<d3>\d{1,2})(?:st|nd|rd|th)?[\s./-]*(?P<mon3>[a-z]{3,9})\.?[\s./,-]*(?P<y3>\d{4}|\d{2})
      | (?P<mon4>[a-z]{3,9})\.?\s+(?P<d4>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{4})
      | (?P<y5>(?:19|20)\d{2})(?P<m5>[01]\d)(?P<d5>[0-3]\d)
    )
    (?:(?:\s*[T,]\s*|\s+(?:at\s+)?|\s*-\s*)(?P<time>\S.*))?
    """,
    re.X | re.I | re.A,
)
_TIME_RE: Final = re.compile(
    r"""
    (?P<h>\d{1,2})
    (?:
        (?:[:.h]\s?(?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:[.,]\d+)?)?)
      | (?P<m2>\d{2})
    )?
    \s*(?P<ampm>[ap]\.?\s?m\.?)?
    \s*(?P<hrs>hrs?|hours|h)?
    \s*(?P<tz>z|utc|gmt|bst|[+-]\d{2}:?\d{2})?
    """,
    re.X | re.I | re.A,
)
_NUMBER_RE: Final = re.compile(r"\d+(?:\.\d+)?", re.A)

DATE_EXAMPLE: Final = "27/11/2026"


def _bad_date(value: str) -> str:
    return f"{value} is not a date: write it as day/month/year, like {DATE_EXAMPLE}"


def _bad_time(value: str) -> str:
    return f"{value} is not a time: write it as hours:minutes on the 24-hour clock, like 14:05"


MISSING_DATE: Final = (
    f"The date is missing: write the date of the incident as day/month/year, like {DATE_EXAMPLE}"
)

When = tuple[date, time | None]


def _make_date(year: int, month: int, day: int) -> date | None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _two_digit_year(text: str) -> int:
    # As Excel reads them: 00-29 are 2000-2029, 30-99 are 1930-1999.
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


@lru_cache(maxsize=1 << 16)
def _read_date_text(raw: str) -> When | str:
    """A date cell's text → (date, time or None), or a message saying what is wrong."""
    s = raw.strip()
    if not s:
        return MISSING_DATE
    if len(s) == 10 and s.isascii():
        # The common cases without a regex: dd/mm/yyyy (or - or .) and yyyy-mm-dd.
        c2, c5 = s[2], s[5]
        if c2 == c5 and c2 in "/-." and s[:2].isdigit() and s[3:5].isdigit() and s[6:].isdigit():
            found = _make_date(int(s[6:]), int(s[3:5]), int(s[:2]))
            return (found, None) if found else _bad_date(s)
        if s[4] == s[7] == "-" and s[:4].isdigit() and s[5:7].isdigit() and s[8:].isdigit():
            found = _make_date(int(s[:4]), int(s[5:7]), int(s[8:]))
            return (found, None) if found else _bad_date(s)
    return _read_date_slow(s)


def _read_date_slow(s: str) -> When | str:
    if _NUMBER_RE.fullmatch(s):
        return _from_serial(float(s), s)
    match = _DATE_RE.fullmatch(s)
    if match is None:
        return _bad_date(s)
    g = match.groupdict()
    if g["y1"]:
        found = _make_date(int(g["y1"]), int(g["m1"]), int(g["d1"]))
    elif g["d2"]:
        found = _make_date(_two_digit_year(g["y2"]), int(g["m2"]), int(g["d2"]))
    elif g["d3"]:
        month = _MONTHS.get(g["mon3"].casefold())
        found = _make_date(_two_digit_year(g["y3"]), month, int(g["d3"])) if month else None
    elif g["d4"]:
        month = _MONTHS.get(g["mon4"].casefold())
        found = _make_date(int(g["y4"]), month, int(g["d4"])) if month else None
    else:
        found = _make_date(int(g["y5"]), int(g["m5"]), int(g["d5"]))
    if found is None:
        return _bad_date(s)
    if g["time"] is None:
        return found, None
    at = _read_clock(g["time"])
    if at is None:
        example = f"{DATE_EXAMPLE} 14:05"
        return (
            f"{s} has a time that is not a time ({g['time']}): write the time as "
            f"hours:minutes on the 24-hour clock, like {example}"
        )
    return found, at


def _from_serial(number: float, text: str) -> When | str:
    if not SERIAL_MIN <= number < SERIAL_MAX:
        return _bad_date(text)
    days = int(number)
    seconds = round((number - days) * 86400)
    if seconds >= 86400:
        days, seconds = days + 1, 0
    found = EXCEL_EPOCH + timedelta(days=days)
    if seconds == 0 and number == days:
        return found, None
    return found, time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _read_clock(text: str) -> time | None:
    """A time of day written as text, or None. Keeps an explicit offset ("Z", "+01:00")."""
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        return None
    g = match.groupdict()
    minute_text = g["m"] or g["m2"]
    if minute_text is None and not (g["ampm"] or g["hrs"]):
        return None
    hour, minute = int(g["h"]), int(minute_text or 0)
    second = int(g["s"] or 0)
    if g["ampm"]:
        if not 1 <= hour <= 12 and not (hour == 0 and g["ampm"][0] in "aA"):
            return None
        hour = hour % 12 + (12 if g["ampm"][0] in "pP" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone: tzinfo | None = None
    if g["tz"]:
        zone = _zone(g["tz"])
        if zone is None:
            return None
    return time(hour, minute, second, tzinfo=zone)


def _zone(text: str) -> tzinfo | None:
    name = text.casefold()
    if name in ("z", "utc", "gmt"):
        return UTC
    if name == "bst":
        return timezone(timedelta(hours=1))
    digits = name[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if name[0] == "-" else offset)


@lru_cache(maxsize=4096)
def _read_time_text(raw: str) -> time | str | None:
    """A time cell's text → time, None when blank, or a message saying what is wrong."""
    s = raw.strip()
    if not s:
        return None
    at = _read_clock(s)
    if at is not None:
        return at
    if _NUMBER_RE.fullmatch(s):
        # An Excel time (a fraction of a day), or a whole date-time serial.
        number = float(s)  # a number too long for a float is infinite: out of range below
        if number < 1 or SERIAL_MIN <= number < SERIAL_MAX:
            seconds = round((number - int(number)) * 86400) % 86400
            return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        return _bad_time(s)
    # "30/12/1899 14:05": how Access and some exports write a time on its own.
    match = _DATE_RE.fullmatch(s)
    if match and match["time"]:
        at = _read_clock(match["time"])
        if at is not None:
            return at
    return _bad_time(s)


def _read_date_value(value: Any) -> When | str:
    """A date cell from a workbook: a real date, date-time, serial number or text."""
    cls = value.__class__
    if cls is str:
        return _read_date_text(value)
    if cls is datetime:
        value = _nearest_second(value)
        found = _make_date(value.year, value.month, value.day)
        if found is None:
            return _bad_date(_cell_text(value))
        return found, value.timetz()
    if cls is date:
        found = _make_date(value.year, value.month, value.day)
        return (found, None) if found else _bad_date(_cell_text(value))
    if value is None:
        return MISSING_DATE
    if cls is float or cls is int:
        # An integer too large for a float is no date (and must not stop the import).
        number = float(value) if cls is float or abs(value) < 10**300 else float("inf")
        return _from_serial(number, _cell_text(value))
    return _bad_date(_cell_text(value))


def _read_time_value(value: Any) -> time | str | None:
    """A time cell from a workbook: a real time, a date-time (its time), a fraction or text."""
    cls = value.__class__
    if cls is str:
        return _read_time_text(value)
    if value is None:
        return None
    if cls is time:
        moment = _nearest_second(datetime.combine(EXCEL_EPOCH, value))
        return moment.timetz() if moment.date() == EXCEL_EPOCH else time(23, 59, 59)
    if cls is datetime:
        return _nearest_second(value).timetz()
    if cls is timedelta:
        seconds = round(value.total_seconds())
        if 0 <= seconds < 86400:
            return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        return _bad_time(_cell_text(value))
    if cls is float or cls is int:
        return _read_time_text(_cell_text(value))
    return _bad_time(_cell_text(value))


def _nearest_second(value: datetime) -> datetime:
    # Excel keeps times as fractions of a day: 14:05 can come back as 14:04:59.999.
    if value.microsecond:
        whole = value.replace(microsecond=0)
        return whole + timedelta(seconds=1) if value.microsecond >= 500_000 else whole
    return value


@lru_cache(maxsize=8192)
def _steady_offset(day: date) -> timedelta | None:
    """London's UTC offset for the whole of `day`, or None on the days the clocks change."""
    start = datetime(day.year, day.month, day.day, tzinfo=LONDON).utcoffset()
    end = datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=LONDON).utcoffset()
    return start if start == end else None


def local_to_utc(day: date, at: time | None) -> tuple[datetime, date, int | None, int]:
    """A local wall-clock reading → (aware UTC datetime, local date, local hour, weekday).

    A time the spring clock change skips moves forward an hour (01:30 → 02:30 BST); one the
    autumn change repeats is its first occurrence (BST). No time is local midnight, hour None.
    An explicit offset on the time ("Z", "+01:00") is honoured.
    """
    if at is not None and at.tzinfo is not None:
        instant = datetime.combine(day, at).astimezone(UTC)
        local = instant.astimezone(LONDON)
        return instant, local.date(), local.hour, local.weekday()
    offset = _steady_offset(day)
    if offset is not None:
        if at is None:
            return (
                datetime(day.year, day.month, day.day, tzinfo=UTC) - offset,
                day,
                None,
                day.weekday(),
            )
        return datetime.combine(day, at, UTC) - offset, day, at.hour, day.weekday()
    local = datetime.combine(day, at or time()).replace(tzinfo=LONDON, fold=0)
    instant = local.astimezone(UTC)
    back = instant.astimezone(LONDON)
    return instant, back.date(), (back.hour if at is not None else None), back.weekday()


# --------------------------------------------------------------------------------------------
# Other values


_BLANKISH: Final = frozenset(
    {"n/a", "na", "n.a.", "-", "--", "unknown", "not known", "tbc", "tbd", "not applicable"}
)


@lru_cache(maxsize=1024)
def _read_days(raw: str) -> int | str | None:
    s = raw.strip()
    folded = s.casefold()
    if not folded or folded in _BLANKISH:
        return None
    if folded in ("none", "nil", "no", "zero"):
        return 0
    match = re.fullmatch(r"(-?)\s*(\d+(?:\.\d+)?)\s*(?:days?|d)?", folded, re.A)
    if match is None:
        return (
            f"“{s}” is not a number of days: write the days lost as a whole number, like 3 "
            "(0 if none)"
        )
    if match[1]:
        return (
            f"{s} is a negative number of days: write the days lost as a whole number, "
            "0 or more, like 3"
        )
    number = float(match[2])
    if not number.is_integer():
        return f"{s} is not a whole number of days: round it to whole days, like 3"
    if number > 36600:
        return f"{s} days is more than anyone could lose: check the number, like 3"
    return int(number)


def _riddor_words() -> dict[str, bool | None]:
    words: dict[str, bool | None] = {}
    for phrase in (
        "yes",
        "y",
        "true",
        "1",
        "reportable",
        "riddor reportable",
        "reported",
        "riddor reported",
        "yes reportable",
        "yes reported",
        "yes riddor",
        "yes riddor reportable",
        "reported to hse",
        "reportable to hse",
    ):
        words[phrase] = True
    for phrase in (
        "no",
        "n",
        "false",
        "f",
        "0",
        "not reportable",
        "non reportable",
        "nonreportable",
        "not riddor reportable",
        "no not reportable",
        "no non reportable",
        "not reported",
        "no not reported",
        "not riddor",
        "no riddor",
    ):
        words[phrase] = False
    for phrase in ("", "n a", "na", "unknown", "not known", "tbc", "pending", "not applicable"):
        words[phrase] = None
    return words


_RIDDOR: Final = _riddor_words()


@lru_cache(maxsize=256)
def _read_riddor(raw: str) -> bool | str | None:
    key = " ".join(_NON_ALNUM.sub(" ", raw.casefold()).split())
    if key in _RIDDOR:
        return _RIDDOR[key]
    return (
        f"“{raw.strip()}” is not a RIDDOR answer we can read: write yes or no (or leave it "
        "blank if not known)"
    )
