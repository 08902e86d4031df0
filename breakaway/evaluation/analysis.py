"""From questionnaire responses to paired comparisons: scoring, pairing, and the statistics.

Pure (NumPy): responses are held as one matrix per phase (people × items, NaN where a question
was not answered), so 100,000 people are scored and compared in a few vectorised passes.

Scoring: a reverse-keyed item counts as min + max - answer; a person has a scale score for a
phase only when they answered every item of the scale; `percent_correct` = 100 × right /
items. When a person answered a phase more than once, the last response wins and the others
are counted as duplicates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from breakaway.evaluation.instruments import PHASES, Instrument, Item, Scale
from breakaway.evaluation.statistics import mcnemar, paired_comparison

# Earlier → later: did it change, and did the gain last?
COMPARISONS = (("pre", "post"), ("post", "follow_up"), ("pre", "follow_up"))
MAX_PROBLEMS = 200


class ResponsesError(ValueError):
    """The responses cannot be read; `problems` names each row, column and value."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(problems)} problems in the responses")
        self.problems = problems


@dataclass
class Responses:
    """Each phase's answers: who answered (row order) and a people × items matrix."""

    instrument: Instrument
    people: dict[str, list[str]] = field(default_factory=dict)
    # Each person as a number (the same in every phase), row by row, for fast pairing.
    person_numbers: dict[str, np.ndarray] = field(default_factory=dict)
    answers: dict[str, np.ndarray] = field(default_factory=dict)
    duplicates: int = 0
    _scored: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def scored(self, phase: str) -> np.ndarray:
        """The phase's item scores, every item: reverse keying applied, a knowledge question
        1 when right and 0 when wrong, NaN where unanswered. Worked out once per phase."""
        if phase not in self._scored:
            scores = self.answers[phase].copy(order="F")
            for column, item in enumerate(self.instrument.items):
                if item.type == "scale" and item.reverse:
                    scores[:, column] = item.min + item.max - scores[:, column]  # type: ignore[operator]
                elif item.type == "choice" and item.correct_index is not None:
                    answered = ~np.isnan(scores[:, column])
                    scores[answered, column] = scores[answered, column] == item.correct_index
            self._scored[phase] = scores
        return self._scored[phase]


def read_responses_csv(text: str, instrument: Instrument) -> Responses:
    """Read `person, phase, <item ids…>` rows (a header row first); all or nothing."""
    return read_responses(responses_csv_rows(text), instrument)


def responses_csv_rows(text: str) -> list[list[str]]:
    """CSV text as rows; raises ResponsesError naming the line csv cannot read."""
    reader = csv.reader(io.StringIO(text))
    try:
        return list(reader)
    except csv.Error as error:  # a stray carriage return, a cell longer than csv allows
        problem = _problem(reader.line_num, "", "", f"this line cannot be read as CSV ({error})")
        raise ResponsesError([problem]) from error


def read_responses(rows: Iterable[Sequence[str]], instrument: Instrument) -> Responses:
    problems: list[dict[str, Any]] = []
    iterator = iter(rows)
    header = [cell.strip() for cell in next(iterator, [])]
    if [h.casefold() for h in header[:2]] != ["person", "phase"]:
        raise ResponsesError(
            [_problem(1, "", "", "the first two columns must be person and phase")]
        )
    columns: list[tuple[int, int]] = []  # (file column, instrument item index)
    for position, item_id in enumerate(header[2:], start=2):
        if item_id not in instrument.item_index:
            problems.append(_problem(1, item_id, item_id, "is not a question of this instrument"))
        elif instrument.item(item_id).type != "text":
            columns.append((position, instrument.item_index[item_id]))
    # The last response of each person in each phase wins.
    latest: dict[str, dict[str, tuple[int, Sequence[str]]]] = {phase: {} for phase in PHASES}
    duplicates = 0
    for number, row in enumerate(iterator, start=2):
        if not any(cell.strip() for cell in row):
            continue
        person = row[0].strip() if row else ""
        phase = row[1].strip().casefold().replace("-", "_") if len(row) > 1 else ""
        if not person:
            problems.append(_problem(number, "person", "", "say whose response this is"))
            continue
        if phase not in latest:
            problems.append(
                _problem(number, "phase", row[1] if len(row) > 1 else "", _phase_hint())
            )
            continue
        if person in latest[phase]:
            duplicates += 1
        latest[phase][person] = (number, row)
    responses = Responses(instrument=instrument, duplicates=duplicates)
    numbers: dict[str, int] = {}
    for phase in PHASES:
        kept = list(latest[phase].values())
        people = list(latest[phase])
        responses.people[phase] = people
        responses.person_numbers[phase] = np.fromiter(
            (numbers.setdefault(person, len(numbers)) for person in people), int, len(people)
        )
        responses.answers[phase] = _matrix(kept, columns, instrument, problems)
    if problems:
        raise ResponsesError(problems[:MAX_PROBLEMS])
    return responses


def _matrix(
    kept: list[tuple[int, Sequence[str]]],
    columns: list[tuple[int, int]],
    instrument: Instrument,
    problems: list[dict[str, Any]],
) -> np.ndarray:
    matrix = np.full((len(kept), len(instrument.items)), np.nan)
    if not kept or not columns:
        return matrix
    width = max(position for position, _index in columns) + 1
    padded = [row if len(row) >= width else [*row, *[""] * (width - len(row))] for _n, row in kept]
    by_column = list(zip(*(row[:width] for row in padded), strict=True))
    for position, item_index in columns:
        item = instrument.items[item_index]
        cells = by_column[position]
        # Answers repeat a handful of values, so each distinct text is read once.
        meaning: dict[str, float] = {}
        wrong: dict[str, str] = {}
        for cell in set(cells):
            value, error = read_answer(item, cell)
            meaning[cell] = value
            if error:
                wrong[cell] = error
        matrix[:, item_index] = np.fromiter(map(meaning.__getitem__, cells), float, len(cells))
        if wrong:
            for i, cell in enumerate(cells):
                if cell in wrong:
                    problems.append(_problem(kept[i][0], item.id, cell.strip(), wrong[cell]))
    return matrix


def read_answer(item: Item, cell: str) -> tuple[float, str | None]:
    """An answer's value (NaN when blank), and what is wrong with it, if anything."""
    text = cell.strip()
    if not text:
        return np.nan, None
    if item.type == "scale":
        try:
            value = float(text)
        except ValueError:
            value = np.nan
        if np.isnan(value) or not item.min <= value <= item.max:  # type: ignore[operator]
            return np.nan, f"must be a number from {item.min:g} to {item.max:g}"
        return value, None
    index = item.option_index(text)
    if index is None:
        return np.nan, f"must be one of: {', '.join(item.options)}"
    return float(index), None


def _problem(row: int, column: str, value: str, error: str) -> dict[str, Any]:
    return {"row": row, "column": column, "value": value, "error": error}


def _phase_hint() -> str:
    return "the phase must be pre, post or follow_up"


# Scoring ------------------------------------------------------------------------------------


def item_scores(responses: Responses, phase: str, item_ids: Sequence[str]) -> np.ndarray:
    """The phase's scores for these items (see `Responses.scored`), people × items."""
    indexes = [responses.instrument.item_index[item_id] for item_id in item_ids]
    return responses.scored(phase)[:, indexes]


def scale_scores(responses: Responses, phase: str, scale: Scale) -> np.ndarray:
    """Each person's score on the scale for the phase; NaN unless every item was answered."""
    scores = item_scores(responses, phase, scale.items)
    complete = ~np.isnan(scores).any(axis=1)
    result = np.full(len(scores), np.nan)
    if scale.score == "mean":
        result[complete] = scores[complete].mean(axis=1)
    elif scale.score == "sum":
        result[complete] = scores[complete].sum(axis=1)
    else:
        result[complete] = 100 * scores[complete].sum(axis=1) / len(scale.items)
    return result


# Pairing and comparing ----------------------------------------------------------------------


def _aligned(responses: Responses, earlier: str, later: str) -> tuple[np.ndarray, np.ndarray]:
    """Row indexes into each phase for the people who answered both, in one order."""
    _both, rows_earlier, rows_later = np.intersect1d(
        responses.person_numbers[earlier],
        responses.person_numbers[later],
        assume_unique=True,
        return_indices=True,
    )
    return rows_earlier, rows_later


def analyse(responses: Responses) -> dict[str, Any]:
    """Every comparison the report shows, as plain JSON-ready data."""
    instrument = responses.instrument
    alignment = {pair: _aligned(responses, *pair) for pair in COMPARISONS}
    scores = {
        (scale.id, phase): scale_scores(responses, phase, scale)
        for scale in instrument.scales
        for phase in PHASES
    }
    comparisons = []
    for scale in instrument.scales:
        for earlier, later in COMPARISONS:
            rows_a, rows_b = alignment[(earlier, later)]
            a = scores[(scale.id, earlier)][rows_a]
            b = scores[(scale.id, later)][rows_b]
            both = ~np.isnan(a) & ~np.isnan(b)
            result = paired_comparison(a[both], b[both]).to_dict()
            comparisons.append({"scale": scale.id, "from": earlier, "to": later, **result})
    return {
        "duplicates": responses.duplicates,
        "comparisons": comparisons,
        "items": _item_comparisons(responses, alignment),
        "knowledge": _knowledge(responses, alignment),
        "attrition": _attrition(responses, alignment),
    }


def _item_comparisons(responses: Responses, alignment: dict[Any, Any]) -> list[dict[str, Any]]:
    results = []
    for item in responses.instrument.items:
        if item.type != "scale":
            continue
        for earlier, later in COMPARISONS:
            rows_a, rows_b = alignment[(earlier, later)]
            a = item_scores(responses, earlier, [item.id])[rows_a, 0]
            b = item_scores(responses, later, [item.id])[rows_b, 0]
            both = ~np.isnan(a) & ~np.isnan(b)
            result = paired_comparison(a[both], b[both]).to_dict()
            results.append({"item": item.id, "from": earlier, "to": later, **result})
    return results


def _knowledge(responses: Responses, alignment: dict[Any, Any]) -> list[dict[str, Any]]:
    """Per knowledge question: how many got it right before and after, and McNemar's test."""
    results = []
    for item in responses.instrument.items:
        if item.type != "choice" or item.correct_index is None:
            continue
        for earlier, later in COMPARISONS:
            rows_a, rows_b = alignment[(earlier, later)]
            a = item_scores(responses, earlier, [item.id])[rows_a, 0]
            b = item_scores(responses, later, [item.id])[rows_b, 0]
            both = ~np.isnan(a) & ~np.isnan(b)
            a, b = a[both], b[both]
            lost = int(((a == 1) & (b == 0)).sum())
            gained = int(((a == 0) & (b == 1)).sum())
            results.append(
                {
                    "item": item.id,
                    "from": earlier,
                    "to": later,
                    "n_pairs": int(both.sum()),
                    "from_correct": int(a.sum()),
                    "to_correct": int(b.sum()),
                    "right_to_wrong": lost,
                    "wrong_to_right": gained,
                    "mcnemar_p": mcnemar(lost, gained),
                }
            )
    return results


def _attrition(responses: Responses, alignment: dict[Any, Any]) -> dict[str, Any]:
    """Who answered each phase, and how many of the first phase's people each pair keeps."""
    answered = {phase: len(responses.people[phase]) for phase in PHASES}
    pairs = {
        f"{earlier}→{later}": len(alignment[(earlier, later)][0]) for earlier, later in COMPARISONS
    }
    return {"responded": answered, "paired": pairs}
