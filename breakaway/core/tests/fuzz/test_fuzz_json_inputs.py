"""Fuzzing the JSON inputs: questionnaire instruments (and responses read against them),
`plan_rota` input, quote requests, and importers' `--mapping` files.

Each parser either succeeds or raises its own error listing every problem as text; nothing
else escapes, whatever the document. `near(valid)` keeps a valid document's shape and swaps
parts of it, so that the checks deep inside each parser are reached too.
"""

from __future__ import annotations

import copy
import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.rota_instances import gen
from breakaway.core.management.base import CommandFailed, mapping_file_read
from breakaway.core.tests.fuzz.strategies import (
    FUZZ,
    attempt,
    csv_text,
    json_values,
    near,
    text,
)
from breakaway.evaluation.analysis import ResponsesError, read_responses_csv
from breakaway.evaluation.content import INSTRUMENTS
from breakaway.evaluation.instruments import Instrument, InstrumentError, parse_instrument
from breakaway.quotes.pricing import UK_STANDARD_RATES, InvalidRequest, Priced, price_request
from breakaway.scheduling import rota_instance

# A small valid instrument of every item type and every kind of scale.
INSTRUMENT = {
    "id": "fuzz",
    "name": "Fuzz",
    "items": [
        {"id": "a", "text": "A?", "type": "scale", "min": 1, "max": 5, "reverse": True},
        {"id": "b", "text": "B?", "type": "scale", "min": 0, "max": 10},
        {
            "id": "c",
            "text": "C?",
            "type": "choice",
            "options": ["yes", {"value": "no", "text": "No"}, "maybe"],
            "correct": "yes",
        },
        {"id": "d", "text": "D?", "type": "text", "hint": "say", "outcome": "o"},
    ],
    "scales": [
        {"id": "s", "name": "S", "items": ["a", "b"], "score": "mean"},
        {"id": "t", "name": "T", "items": ["a"], "score": "sum"},
        {"id": "k", "name": "K", "items": ["c"], "score": "percent_correct"},
    ],
}

ROTA = gen(2, 3, seed=1)
ROTA["trainers"] = ROTA["trainers"][:2]
for _trainer in ROTA["trainers"]:
    _trainer["unavailable"] = _trainer["unavailable"][:2]
    _trainer["qualifications"] = _trainer["qualifications"][:2]

QUOTE = {
    "supply_date": "2027-03-12",
    "vat_treatment": "standard",
    "rate_card": {
        "day_rates": {"breakaway": {"low": "650", "medium": 750, "high": "850.5"}},
        "part_day_fraction": "0.6",
        "materials_per_attendee": "4.50",
        "mileage_rate": 0.45,
        "overnight_threshold_miles": "60",
        "overnight_rate": "95",
    },
    "course": {
        "content": "breakaway",
        "risk_level": "medium",
        "length": "1-day",
        "attendees_per_trainer": 12,
    },
    "groups": [{"date": "2027-03-12", "attendees": 12}],
    "travel": [{"trainer": "Dan Hughes", "one_way_miles": 42, "days": 1}],
}


def _problems_are_text(problems: list) -> None:
    assert problems
    assert all(isinstance(p, str) and p.strip() for p in problems), problems


# ------------------------------------------------------------------------------ instruments


@FUZZ
@given(data=st.one_of(near(INSTRUMENT), st.sampled_from(INSTRUMENTS).flatmap(near), json_values))
def test_any_instrument_document_is_read_or_every_problem_listed(data):
    instrument, invalid = attempt(lambda: parse_instrument(data), InstrumentError)
    if invalid is not None:
        _problems_are_text(invalid.problems)
        return
    assert isinstance(instrument, Instrument)
    assert [item.id for item in instrument.items] == list(instrument.item_index)
    for item in instrument.items:
        if item.type == "choice" and item.correct is not None:
            assert item.options[item.correct_index] == item.correct


PARSED = parse_instrument(INSTRUMENT)
ANSWERS = st.one_of(
    text,
    st.sampled_from(["1", "5", "0", "11", "3.5", "-1", "1e400", "nan", "inf", "yes", "No", " "]),
)


@FUZZ
@given(content=st.one_of(text, csv_text(["person", "phase", "a", "b", "c", "d", "e"], ANSWERS)))
def test_any_responses_csv_is_read_or_every_problem_named_by_row_and_column(content):
    responses, invalid = attempt(lambda: read_responses_csv(content, PARSED), ResponsesError)
    if invalid is not None:
        assert invalid.problems
        for problem in invalid.problems:
            assert set(problem) == {"row", "column", "value", "error"}
            assert isinstance(problem["row"], int)
            assert problem["row"] >= 1
            assert problem["error"]
        return
    for matrix in responses.answers.values():
        finite = matrix[~(matrix != matrix)]  # every answer read is a real number in range
        assert all(-1e300 < value < 1e300 for value in finite.ravel())


@pytest.mark.parametrize(
    "bad",
    [
        {"min": 10**400},  # math.isfinite cannot take an int this big
        {"max": -(10**400)},
    ],
)
def test_an_instrument_with_an_enormous_number_is_refused_with_a_problem(bad):
    # Found by fuzzing: OverflowError escaped parse_instrument.
    data = copy.deepcopy(INSTRUMENT)
    data["items"][0].update(bad)
    with pytest.raises(InstrumentError, match=r"items\[0\]"):
        parse_instrument(data)


def test_a_scale_listing_something_unhashable_is_refused_with_a_problem():
    # Found by fuzzing: set(members) raised TypeError for a list or object among item ids.
    data = copy.deepcopy(INSTRUMENT)
    data["scales"][0]["items"] = ["a", ["b"], {"id": "a"}]
    with pytest.raises(InstrumentError) as raised:
        parse_instrument(data)
    assert any("scales[0].items names unknown item" in p for p in raised.value.problems)


# ------------------------------------------------------------------------------------ rota


@FUZZ
@given(data=st.one_of(near(ROTA), json_values))
def test_any_rota_input_is_read_or_every_problem_listed(data):
    instance, invalid = attempt(lambda: rota_instance.parse(data), rota_instance.RotaInputError)
    if invalid is not None:
        _problems_are_text(invalid.problems)
        return
    assert len(instance.eligible) == len(instance.engagements)
    for (t, j), cost in instance.cost.items():
        assert t in instance.eligible[j]
        assert cost >= 0


@pytest.mark.parametrize("number", [10**400, -(10**400)])
def test_a_rota_input_with_an_enormous_number_is_refused_with_a_problem(number):
    # Found by fuzzing: float() of a 400-digit integer raised OverflowError.
    data = copy.deepcopy(ROTA)
    data["trainers"][0]["base"]["lat"] = number
    with pytest.raises(rota_instance.RotaInputError, match=r"trainers\[0\]\.base\.lat"):
        rota_instance.parse(data)


# ---------------------------------------------------------------------------------- quotes


def _through_json(data):
    """As the API and the command read a request: JSON with decimals for fractions."""
    try:
        return json.loads(json.dumps(data), parse_float=Decimal)
    except ValueError:
        return data


@FUZZ
@given(data=st.one_of(near(QUOTE), json_values), as_json=st.booleans())
def test_any_quote_request_is_priced_or_every_problem_listed(data, as_json):
    request = _through_json(data) if as_json else data
    priced, invalid = attempt(
        lambda: price_request(request, default_card=None, vat_rates=UK_STANDARD_RATES),
        InvalidRequest,
    )
    if invalid is not None:
        _problems_are_text(invalid.problems)
        return
    assert isinstance(priced, Priced)
    document = priced.to_dict()
    json.dumps(document)  # what the API answers must be JSON


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("groups", 0, "attendees"), "1e30"),
        (("course", "attendees_per_trainer"), "1e-30"),
        (("travel", 0, "one_way_miles"), "1e400000"),
        (("rate_card", "mileage_rate"), "9e999999"),
    ],
)
def test_a_quote_request_with_an_absurd_number_is_refused_or_priced(path, value):
    data = copy.deepcopy(QUOTE)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    _priced, invalid = attempt(
        lambda: price_request(data, default_card=None, vat_rates=UK_STANDARD_RATES),
        InvalidRequest,
    )
    if invalid is not None:
        _problems_are_text(invalid.problems)


# -------------------------------------------------------------------------------- mappings


@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=100),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.dictionaries(text, text, max_size=4).map(lambda v: json.dumps(v).encode("utf-16")),
    )
)
def test_any_mapping_file_is_read_or_refused_with_a_message(content):
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = Path(folder) / "mapping.json"
        path.write_bytes(content)
        mapping, failed = attempt(
            lambda: mapping_file_read(path, '{"email": "Work Email"}'), CommandFailed
        )
    if failed is not None:
        _problems_are_text(failed.errors)
        assert failed.exit_code in (1, 2)
        return
    assert isinstance(mapping, dict)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items())
