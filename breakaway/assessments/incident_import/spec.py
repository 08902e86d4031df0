"""What kind of table a file holds, so that the reader can open other exports than incident
logs (a staff list from an HR system): our fields, how a header is recognised as one, which
row is the header row, and how a message for a person names the export.

`INCIDENTS` is the incident log, the default everywhere in this package.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from breakaway.assessments.incident_import.headers import DATE_FIELDS, FIELDS, recognise_header


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One kind of export. The texts fill the reader's messages ("Export {export} again from
    {source}…"), so each is written to read in the middle of a sentence."""

    fields: Collection[str]
    # A header's text → (our field, rank) or None; a lower rank is a better name.
    recognise: Callable[[str], tuple[str, int] | None]
    # The fields recognised in a row → is it the header row?
    is_header: Callable[[set[str]], bool]
    things: str  # what the rows are: "incidents"
    export: str  # "the incident log"
    source: str  # "your incident system"
    kind: str  # "the incident export"
    looked_for: str  # the header row we look for, after "for one naming …"


def _incident_header(names: set[str]) -> bool:
    return bool(names & set(DATE_FIELDS)) and len(names) >= 2


INCIDENTS = TableSpec(
    fields=FIELDS,
    recognise=recognise_header,
    is_header=_incident_header,
    things="incidents",
    export="the incident log",
    source="your incident system",
    kind="the incident export",
    looked_for=(
        "the incident date (like “Incident date” or “Date”) and at least one other column we "
        "know (like “Ref”, “Location” or “Category”)"
    ),
)
