"""Paper forms: answers typed into a CSV file (`person, phase, <item ids…>`) for one
engagement and one instrument version, checked by the analysis's own rules and imported all
or nothing as paper responses.

Person is the employee number or the e-mail address of someone enrolled on the engagement.
A person may have several paper forms for one phase: all are kept, and the analysis takes the
last (the preview counts them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry
from breakaway.delivery.models import Enrolment
from breakaway.evaluation.analysis import (
    ResponsesError,
    read_answer,
    read_responses,
    responses_csv_rows,
)
from breakaway.evaluation.instruments import Instrument, Item, parse_instrument
from breakaway.evaluation.models import InstrumentVersion, Questionnaire, Response
from breakaway.evaluation.questionnaire_services import questionnaires_ensure
from breakaway.scheduling.models import Engagement

IMPORT_ACTION = "responses.import_paper"


class PaperImportError(ValueError):
    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(problems)} problems in the file")
        self.problems = problems


@dataclass
class PaperRow:
    row: int
    enrolment: Enrolment
    phase: str
    answers: dict[str, Any]


@dataclass
class PaperCheck:
    """What importing the file would do, or every problem that stops it."""

    rows: list[PaperRow] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0  # forms for a person and phase that already had one
    digest: str = ""
    imported_at: Any = None  # when this very file was imported already, if it was

    @property
    def by_phase(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.phase] = counts.get(row.phase, 0) + 1
        return counts


def _problem(row: int, column: str, value: str, error: str) -> dict[str, Any]:
    return {"row": row, "column": column, "value": value, "error": error}


def _people(engagement: Engagement) -> dict[str, Enrolment]:
    """The engagement's enrolled people by employee number and by e-mail (case ignored)."""
    found: dict[str, Enrolment] = {}
    for enrolment in Enrolment.objects.filter(
        engagement=engagement, status=Enrolment.Status.ENROLLED
    ).select_related("staff_member"):
        person = enrolment.staff_member
        for key in (person.employee_number, person.email):
            if key.strip():
                found[key.strip().casefold()] = enrolment
    return found


def _answer(item: Item, cell: str) -> Any:
    text = cell.strip()
    if not text:
        return None
    if item.type == "scale":
        number = float(text)
        return int(number) if number.is_integer() else number
    if item.type == "choice":
        index = item.option_index(text)
        return item.options[index] if index is not None else text
    return text


def _answers(
    instrument: Instrument, header: list[str], row: list[str], number: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The row's answers, and a problem for each answer that cannot be read. (The analysis
    reads only the last row per person and phase; an earlier repeat is checked here.)"""
    answers, problems = {}, []
    for position, item_id in enumerate(header[2:], start=2):
        if item_id in instrument.item_index:
            item = instrument.item(item_id)
            cell = row[position] if position < len(row) else ""
            _value, error = read_answer(item, cell)
            if error:
                problems.append(_problem(number, item_id, cell.strip(), error))
            else:
                answers[item_id] = _answer(item, cell)
    return answers, problems


def paper_import_check(
    *, engagement: Engagement, version: InstrumentVersion, text: str
) -> PaperCheck:
    """Check a file of paper answers without writing anything."""
    instrument = parse_instrument(version.definition)
    check = PaperCheck(digest=hashlib.sha256(f"{version.pk}:{text}".encode()).hexdigest())
    try:
        rows = responses_csv_rows(text)
    except ResponsesError as error:
        check.problems = list(error.problems)
        return check
    try:
        read_responses(rows, instrument)
    except ResponsesError as error:
        check.problems = list(error.problems)
    if not rows:
        check.problems = [_problem(1, "", "", "the file is empty")]
    if any(p["row"] == 1 and not p["column"] for p in check.problems):
        return check  # without person and phase columns, nothing else can be read
    questionnaires = {q.phase: q for q in questionnaires_ensure(engagement=engagement)}
    asks = {
        phase for phase, q in questionnaires.items() if q.instruments.filter(pk=version.pk).exists()
    }
    people = _people(engagement)
    header = [cell.strip() for cell in rows[0]]
    seen = {
        (enrolment_id, phase)
        for enrolment_id, phase in Response.objects.filter(
            questionnaire__engagement=engagement,
            instrument_version=version,
            submitted_at__isnull=False,
        ).values_list("enrolment_id", "questionnaire__phase")
    }
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        person = row[0].strip()
        phase = row[1].strip().casefold().replace("-", "_") if len(row) > 1 else ""
        enrolment = people.get(person.casefold())
        if person and enrolment is None:
            check.problems.append(
                _problem(
                    number,
                    "person",
                    person,
                    "is not on this course: use the employee number or e-mail address of "
                    "someone enrolled",
                )
            )
        if phase in questionnaires and phase not in asks:
            check.problems.append(
                _problem(number, "phase", row[1].strip(), "this questionnaire is not asked then")
            )
        if enrolment is None or phase not in asks or check.problems:
            continue
        if (enrolment.pk, phase) in seen:
            check.duplicates += 1
        seen.add((enrolment.pk, phase))
        answers, wrong = _answers(instrument, header, row, number)
        if wrong:
            check.problems.extend(wrong)
            continue
        check.rows.append(PaperRow(number, enrolment, phase, answers))
    if check.problems:
        check.problems.sort(key=lambda p: (p["row"], p["column"]))
        check.rows = []
    done = AuditEntry.objects.filter(
        action=IMPORT_ACTION,
        object_type="scheduling.engagement",
        object_id=str(engagement.pk),
        after__digest=check.digest,
    ).first()
    check.imported_at = done.created_at if done else None
    return check


@transaction.atomic
def paper_responses_import(
    *, engagement: Engagement, version: InstrumentVersion, text: str, imported_by: Any
) -> PaperCheck:
    """Import the file's answers as paper responses, all or nothing; the same file again
    imports nothing (a double click or a retry)."""
    check = paper_import_check(engagement=engagement, version=version, text=text)
    if check.problems:
        raise PaperImportError(check.problems)
    if check.imported_at is not None:
        check.rows = []
        return check
    questionnaires = {q.phase: q for q in Questionnaire.objects.filter(engagement=engagement)}
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            questionnaire=questionnaires[row.phase],
            enrolment=row.enrolment,
            instrument_version=version,
            answers=row.answers,
            source=Response.Source.PAPER,
            started_at=now,
            updated_at=now,
            submitted_at=now,
        )
        for row in check.rows
    )
    audit_log(
        actor=imported_by,
        action=IMPORT_ACTION,
        obj=engagement,
        organisation=engagement.organisation,
        after={
            "digest": check.digest,
            "instrument_version": version.pk,
            "rows": len(check.rows),
            "by_phase": check.by_phase,
        },
    )
    return check
