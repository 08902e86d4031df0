"""Questionnaire instruments as data: read, checked, and scored.

Pure Python. An instrument is JSON:

    {"id", "name",
     "items": [{"id", "text", "type": "scale|choice|text", "min", "max", "reverse",
                "options", "correct"}],
     "scales": [{"id", "name", "items": [item ids], "score": "mean|sum|percent_correct"}]}

`scale` items are numbers from min to max (a reverse-keyed one counts as min + max - answer);
`choice` items pick one of `options` (strings, or objects with "value" and "text"), and
`correct` names the right one for a knowledge question; `text` items are free comments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

ITEM_TYPES = ("scale", "choice", "text")
SCORES = ("mean", "sum", "percent_correct")
PHASES = ("pre", "post", "follow_up")


class InstrumentError(ValueError):
    """The instrument cannot be used; `problems` lists each thing to fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    type: str
    min: float | None = None
    max: float | None = None
    reverse: bool = False
    options: tuple[str, ...] = ()  # option values, in order
    option_texts: tuple[str, ...] = ()
    correct: str | None = None
    hint: str = ""
    outcome: str = ""  # the learning outcome it measures, if any

    def option_index(self, answer: str) -> int | None:
        """Which option an answer names: by value, or by its text, ignoring case."""
        wanted = answer.strip().casefold()
        for index, (value, text) in enumerate(zip(self.options, self.option_texts, strict=True)):
            if wanted in (value.casefold(), text.casefold()):
                return index
        return None

    @property
    def correct_index(self) -> int | None:
        return None if self.correct is None else self.options.index(self.correct)


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    items: tuple[str, ...]
    score: str


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    item_index: dict[str, int] = field(default_factory=dict, compare=False)

    def item(self, item_id: str) -> Item:
        return self.items[self.item_index[item_id]]


def parse_instrument(data: Any) -> Instrument:
    """Read and check an instrument; raises InstrumentError with every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InstrumentError(["an instrument must be a JSON object"])
    instrument_id = _text(data.get("id"), "id", problems)
    name = _text(data.get("name"), "name", problems)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        problems.append("items must be a list with at least one question")
        raw_items = []
    items: list[Item] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_items):
        item = _item(raw, f"items[{i}]", problems)
        if item is None:
            continue
        if item.id in seen:
            problems.append(f"items[{i}].id {item.id!r} is used twice")
        seen.add(item.id)
        items.append(item)
    by_id = {item.id: item for item in items}
    raw_scales = data.get("scales", [])
    if not isinstance(raw_scales, list):
        problems.append("scales must be a list")
        raw_scales = []
    scales = []
    scale_ids: set[str] = set()
    for k, raw in enumerate(raw_scales):
        scale = _scale(raw, f"scales[{k}]", by_id, problems)
        if scale is None:
            continue
        if scale.id in scale_ids:
            problems.append(f"scales[{k}].id {scale.id!r} is used twice")
        scale_ids.add(scale.id)
        scales.append(scale)
    if problems:
        raise InstrumentError(problems)
    return Instrument(
        id=instrument_id,
        name=name,
        items=tuple(items),
        scales=tuple(scales),
        item_index={item.id: index for index, item in enumerate(items)},
    )


def _item(raw: Any, where: str, problems: list[str]) -> Item | None:
    if not isinstance(raw, dict):
        problems.append(f"{where} must be an object")
        return None
    item_id = _text(raw.get("id"), f"{where}.id", problems)
    text = _text(raw.get("text"), f"{where}.text", problems)
    hint, outcome = str(raw.get("hint") or ""), str(raw.get("outcome") or "")
    kind = raw.get("type")
    if kind not in ITEM_TYPES:
        problems.append(f"{where}.type must be one of {', '.join(ITEM_TYPES)}")
        return None
    if kind == "scale":
        low = _number(raw.get("min"), f"{where}.min", problems)
        high = _number(raw.get("max"), f"{where}.max", problems)
        if low is not None and high is not None and low >= high:
            problems.append(f"{where}: min must be less than max")
        reverse = raw.get("reverse", False)
        if not isinstance(reverse, bool):
            problems.append(f"{where}.reverse must be true or false")
            reverse = False
        return Item(
            item_id, text, kind, min=low, max=high, reverse=reverse, hint=hint, outcome=outcome
        )
    if kind == "choice":
        values, texts = _options(raw.get("options"), f"{where}.options", problems)
        correct = raw.get("correct")
        if correct is not None and (not isinstance(correct, str) or correct not in values):
            problems.append(f"{where}.correct must be the value of one of its options")
            correct = None
        return Item(
            item_id,
            text,
            kind,
            options=values,
            option_texts=texts,
            correct=correct,
            hint=hint,
            outcome=outcome,
        )
    return Item(item_id, text, kind, hint=hint, outcome=outcome)


def _options(raw: Any, where: str, problems: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(raw, list) or len(raw) < 2:
        problems.append(f"{where} must list at least two options")
        return (), ()
    values, texts = [], []
    for n, option in enumerate(raw):
        if isinstance(option, str) and option.strip():
            values.append(option)
            texts.append(option)
        elif isinstance(option, dict) and isinstance(option.get("value"), str):
            values.append(option["value"])
            texts.append(str(option.get("text") or option["value"]))
        else:
            problems.append(f"{where}[{n}] must be text, or an object with value and text")
    if len({v.casefold() for v in values}) != len(values):
        problems.append(f"{where} has two options with the same value")
    return tuple(values), tuple(texts)


def _scale(raw: Any, where: str, items: dict[str, Item], problems: list[str]) -> Scale | None:
    if not isinstance(raw, dict):
        problems.append(f"{where} must be an object")
        return None
    scale_id = _text(raw.get("id"), f"{where}.id", problems)
    name = _text(raw.get("name"), f"{where}.name", problems)
    score = raw.get("score")
    if score not in SCORES:
        problems.append(f"{where}.score must be one of {', '.join(SCORES)}")
        return None
    members = raw.get("items")
    if not isinstance(members, list) or not members:
        problems.append(f"{where}.items must list at least one item id")
        return None
    ok = True
    for item_id in members:
        item = items.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            problems.append(f"{where}.items names unknown item {item_id!r}")
            ok = False
        elif score == "percent_correct" and (item.type != "choice" or item.correct is None):
            problems.append(
                f"{where}: {item_id!r} must be a choice question with a correct answer "
                "to count towards percent_correct"
            )
            ok = False
        elif score != "percent_correct" and item.type != "scale":
            problems.append(f"{where}: {item_id!r} must be a scale item to count towards {score}")
            ok = False
    named = [member for member in members if isinstance(member, str)]
    if len(set(named)) != len(named):
        problems.append(f"{where}.items names an item twice")
        ok = False
    return Scale(scale_id, name, tuple(members), score) if ok else None


def _text(value: Any, where: str, problems: list[str]) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.append(f"{where} is missing")
    return ""


def _number(value: Any, where: str, problems: list[str]) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{where} must be a number")
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        number = math.inf
    if not math.isfinite(number):
        problems.append(f"{where} must be a finite number")
        return None
    return number
