"""Our fields, and the file's column headers recognised as them: `propose_mapping` guesses a
mapping from the headers' names, `check_mapping` says what is wrong with a person's choice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

# Our fields, in the order a person is shown them.
FIELDS: Final = (
    "reference",
    "occurred_at",
    "occurred_on",
    "occurred_time",
    "site",
    "location",
    "location_type",
    "category",
    "subcategory",
    "harm",
    "assault_form",
    "perpetrator_type",
    "days_lost",
    "riddor",
    "description",
)
DATE_FIELDS: Final = ("occurred_at", "occurred_on")

# What a person calls each field in a message.
FIELD_LABELS: Final = {
    "reference": "reference",
    "occurred_at": "date and time of the incident",
    "occurred_on": "date of the incident",
    "occurred_time": "time of the incident",
    "site": "site",
    "location": "location",
    "location_type": "location type",
    "category": "category",
    "subcategory": "sub-category",
    "harm": "harm",
    "assault_form": "assault form",
    "perpetrator_type": "perpetrator",
    "days_lost": "days lost",
    "riddor": "RIDDOR",
    "description": "description",
}


# --------------------------------------------------------------------------------------------
# Header recognition

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise_header(text: str) -> str:
    """Lower case without accents, "&" as "and", punctuation as spaces, camelCase split."""
    text = _CAMEL.sub(" ", str(text)).casefold().replace("&", " and ")
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# Whole normalised headers, best first: when two columns name the same field, the one whose
# name comes earlier here wins (then the leftmost).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": _names(
        "incident reference, incident ref, incident ref no, incident reference number, "
        "incident id, incident number, incident no, datix id, datix ref, datix reference, "
        "datix number, datix no, reference, reference number, reference no, ref, ref no, "
        "ref number, id, record id, record number, record no, report id, report number, "
        "report reference, event id, event reference, event number, case id, case number, "
        "case reference, log number, log no, log id, form id, form number, web reference, "
        "web ref, ir number, ir no, number, no"
    ),
    "occurred_at": _names(
        "date time of incident, date and time of incident, incident date time, "
        "incident date and time, incident datetime, date time incident occurred, "
        "date and time incident occurred, date time occurred, date and time occurred, "
        "date time of event, date and time of event, event date time, event date and time, "
        "date time of occurrence, date time, date and time, datetime, occurred, occurred at, "
        "when occurred, when it happened, when, timestamp, incident timestamp"
    ),
    "occurred_on": _names(
        "incident date, date of incident, date incident occurred, incident occurred date, "
        "date occurred, occurred on, occurrence date, date of occurrence, event date, "
        "date of event, inc date, date of assault, assault date, date"
    ),
    "occurred_time": _names(
        "incident time, time of incident, time incident occurred, time occurred, "
        "occurrence time, time of occurrence, event time, time of event, inc time, "
        "time of assault, assault time, approximate time, approx time, time"
    ),
    "site": _names(
        "site, site name, hospital, hospital site, hospital name, premises, establishment, "
        "building, campus, base, school, school name, care home, home, home name, service, "
        "service name, location site, site location, trust site, facility, property"
    ),
    "location": _names(
        "location exact, exact location, specific location, location, incident location, "
        "location of incident, location details, location description, where, "
        "where did it happen, where it happened, ward, ward name, ward unit, ward or unit, "
        "ward department, ward or department, ward and department, unit, unit name, "
        "department, dept, area, room, place"
    ),
    "location_type": _names(
        "location type, type of location, location category, location kind, location group, "
        "location type of, place type, area type, type of area, environment, setting"
    ),
    "category": _names(
        "incident category, category, category of incident, incident type, type of incident, "
        "incident category type, main category, primary category, category 1, event type, "
        "type of event, incident classification, classification, nature of incident, "
        "incident nature, type, cause group"
    ),
    "subcategory": _names(
        "subcategory, sub category, incident subcategory, incident sub category, sub type, "
        "subtype, incident subtype, incident sub type, category 2, secondary category, "
        "category detail, detail, sub cause, cause, cause 1"
    ),
    "harm": _names(
        "harm, degree of harm, actual harm, harm level, level of harm, harm grade, "
        "harm caused, result harm, harm result, outcome harm, severity, actual severity, "
        "severity of harm, harm severity, injury severity, severity of injury, "
        "degree of injury, level of injury, injury level, result, outcome, impact, "
        "actual impact, consequence, actual consequence, injury"
    ),
    "assault_form": _names(
        "assault form, assault type, type of assault, nature of assault, form of assault, "
        "method of assault, assault method, means of assault, assault nature, how assaulted, "
        "type of violence, violence type, nature of violence, mechanism of injury, "
        "mechanism, means, method"
    ),
    "perpetrator_type": _names(
        "perpetrator, perpetrator type, type of perpetrator, perpetrator category, "
        "alleged perpetrator, assailant, assailant type, type of assailant, aggressor, "
        "aggressor type, offender, offender type, person type, perpetrator person type, "
        "person responsible, perpetrated by, assaulted by, by whom"
    ),
    "days_lost": _names(
        "days lost, days absent, days off, days off work, working days lost, work days lost, "
        "number of days lost, no of days lost, number of days absent, days lost from work, "
        "lost days, lost time days, days sick, sick days, sickness days, days of absence, "
        "absence days, days absence, days away from work, time lost, lost time, absence"
    ),
    "riddor": _names(
        "riddor, riddor reportable, riddor reported, reported to riddor, riddor status, "
        "riddor report, riddor yes no, reportable to hse, reported to hse, hse reportable"
    ),
    "description": _names(
        "description, incident description, description of incident, brief description, "
        "full description, description of what happened, description of event, "
        "event description, details, incident details, details of incident, what happened, "
        "narrative, incident narrative, summary, incident summary, brief summary, account, "
        "free text, notes, comments"
    ),
}

_EXACT: dict[str, tuple[str, int]] = {}
for _field, _field_names in _SYNONYMS.items():
    for _rank, _name in enumerate(_field_names):
        _EXACT.setdefault(_name, (_field, _rank))

# Dates and times that are not when the incident happened.
_NOT_OCCURRED = frozenset(
    _names(
        "reported, report, reporting, submitted, entered, created, opened, closed, closure, "
        "approved, review, reviewed, modified, updated, received, logged, notified, birth, "
        "dob, run, printed, generated, completed, due, target, investigation, admission, "
        "admitted, discharge, discharged, start, end, finish, signed, lost, taken, spent, "
        "last, first, next, action"
    )
)
_NOT_REFERENCE = frozenset(
    _names(
        "patient, nhs, staff, employee, person, mrn, hospital, user, payroll, service, "
        "member, pupil, student, client, resident"
    )
)
_HEURISTIC_RANK: Final = 1000


def recognise_header(header: str) -> tuple[str, int] | None:
    """(our field, rank) for a header, or None. A lower rank is a better name for the field."""
    text = normalise_header(header)
    if not text:
        return None
    found = _EXACT.get(text)
    if found:
        return found
    bare = normalise_header(_PARENS.sub(" ", str(header)))
    if bare and bare != text:
        found = _EXACT.get(bare)
        if found:
            return found[0], found[1] + 1
        inside = " ".join(m.strip("()[] ") for m in _PARENS.findall(str(header)))
        combined = normalise_header(f"{bare} {inside}")
        found = _EXACT.get(combined)
        if found:
            return found[0], found[1] + 1
    guess = _guess(set(text.split()), text)
    return (guess, _HEURISTIC_RANK) if guess else None


def _guess(words: set[str], text: str) -> str | None:
    # Word rules for headers no synonym names, most specific first.
    if "riddor" in text:
        return "riddor"
    if "days" in words and words & {"lost", "absent", "absence", "off", "sick", "sickness"}:
        return "days_lost"
    if not words & _NOT_OCCURRED:
        if "date" in words and "time" in words:
            return "occurred_at"
        if "date" in words or "dated" in words:
            return "occurred_on"
        if "time" in words:
            return "occurred_time"
    if words & {"perpetrator", "assailant", "aggressor", "offender", "perpetrators"}:
        return "perpetrator_type"
    if "assault" in words and words & {"type", "nature", "form", "method", "kind", "means"}:
        return "assault_form"
    if words & {"subcategory", "subtype"} or (
        "sub" in words and words & {"category", "type", "group"}
    ):
        return "subcategory"
    if words & {"harm", "severity"} and not words & {"potential", "risk", "likelihood"}:
        return "harm"
    if "location" in words and words & {"type", "category", "kind", "group"}:
        return "location_type"
    if words & {"location", "ward", "unit", "department"}:
        return "location"
    if words & {"category", "classification"}:
        return "category"
    if words & {"description", "narrative", "details", "summary"} and not words & {
        "patient",
        "person",
        "contact",
        "staff",
    }:
        return "description"
    if words & {"ref", "reference", "id"} and not words & _NOT_REFERENCE:
        return "reference"
    if words & {"site", "hospital", "premises", "establishment"}:
        return "site"
    return None


def propose_mapping(
    headers: Sequence[str], overrides: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """Our field → the file's header, recognised from the headers' names.

    Each header serves one field; when two name the same field the better name wins, then the
    leftmost. `overrides` (a person's choices) replace what was recognised: a field given a
    header takes it (from whichever field had it), a field given "" or None is left out.
    """
    best: dict[str, tuple[int, int, str]] = {}
    for position, header in enumerate(headers):
        found = recognise_header(header)
        if found is None:
            continue
        name, rank = found
        if name not in best or (rank, position) < best[name][:2]:
            best[name] = (rank, position, header)
    mapping = {name: best[name][2] for name in FIELDS if name in best}
    _settle_dates(mapping)
    if overrides:
        chosen = {name: header for name, header in overrides.items() if header}
        taken = set(chosen.values())
        mapping = {
            name: header
            for name, header in mapping.items()
            if name not in overrides and header not in taken
        }
        if "occurred_at" in chosen:
            mapping.pop("occurred_on", None)
            mapping.pop("occurred_time", None)
        elif "occurred_on" in chosen:
            mapping.pop("occurred_at", None)
        mapping.update(chosen)
        order = {name: position for position, name in enumerate(FIELDS)}
        mapping = dict(sorted(mapping.items(), key=lambda item: order.get(item[0], len(order))))
    return mapping


def _settle_dates(mapping: dict[str, str]) -> None:
    # One date column: occurred_at (date and time in one cell) or occurred_on (+ a time column).
    if "occurred_at" in mapping and "occurred_on" in mapping:
        if "occurred_time" in mapping:
            del mapping["occurred_at"]
        else:
            del mapping["occurred_on"]
    if "occurred_at" in mapping and "occurred_time" in mapping:
        mapping["occurred_on"] = mapping.pop("occurred_at")


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(f"“{item}”" for item in items)


def _header_index(headers: Sequence[str]) -> dict[str, int]:
    # Exact header text first, then the normalised form (the first column of that name).
    index: dict[str, int] = {}
    for position, header in enumerate(headers):
        index.setdefault(header, position)
    for position, header in enumerate(headers):
        index.setdefault("\0" + normalise_header(header), position)
    return index


def _find_column(index: Mapping[str, int], header: str) -> int | None:
    found = index.get(header)
    if found is None:
        found = index.get("\0" + normalise_header(header))
    return found


def check_columns(
    mapping: Mapping[str, Any], headers: Sequence[str], fields: Sequence[str]
) -> list[str]:
    """What is wrong with the columns a mapping (our field → the file's header) chooses: an
    unknown field, a header the file lacks, a column chosen twice. Shared by every importer."""
    problems: list[str] = []
    index = _header_index(headers)
    there = _quoted(h for h in headers if h)
    used: dict[int, str] = {}
    for name, header in mapping.items():
        if name not in fields:
            problems.append(
                f"“{name}” is not one of our fields. The fields are: {', '.join(fields)}."
            )
            continue
        if header is None or header == "":
            continue
        if not isinstance(header, str):
            problems.append(f"The column for {name} should be a header's text, not {header!r}.")
            continue
        position = _find_column(index, header)
        if position is None:
            problems.append(
                f"There is no column “{header}” in this file (chosen for {name}). "
                f"Its columns are: {there}."
            )
            continue
        if position in used:
            problems.append(
                f"The column “{header}” is chosen for both {used[position]} and {name}: "
                "choose it for one of them."
            )
            continue
        used[position] = name
    return problems


def check_mapping(mapping: Mapping[str, Any], headers: Sequence[str]) -> list[str]:
    """What is wrong with a mapping (our field → the file's header), for a person; [] if fine."""
    problems = check_columns(mapping, headers, FIELDS)
    chosen = {name for name, header in mapping.items() if name in FIELDS and header}
    there = _quoted(h for h in headers if h)
    if "occurred_at" in chosen and "occurred_on" in chosen:
        problems.append(
            "Choose the date column once: as occurred_at (date and time in one column) or as "
            "occurred_on (with occurred_time for a separate time column), not both."
        )
    elif not chosen & set(DATE_FIELDS):
        problems.append(
            "Choose the column that holds the date of the incident (occurred_at, or occurred_on "
            f"with occurred_time for a separate time column). The file's columns are: {there}."
        )
    if "occurred_time" in chosen and "occurred_at" in chosen:
        problems.append(
            "A separate time column goes with occurred_on, the date column: choose the date "
            "column as occurred_on instead of occurred_at."
        )
    return problems
