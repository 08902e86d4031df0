"""Our own questionnaires are valid instruments and measure the course's learning outcomes."""

import pytest

from breakaway.assessments.outcomes import OUTCOMES
from breakaway.evaluation.content import CONFIDENCE, INSTRUMENTS, KNOWLEDGE
from breakaway.evaluation.instruments import parse_instrument

OUTCOME_CODES = {outcome.id for outcome in OUTCOMES}


@pytest.mark.parametrize("data", INSTRUMENTS, ids=lambda d: d["id"])
def test_each_instrument_we_ship_is_valid(data):
    instrument = parse_instrument(data)
    for item in instrument.items:
        assert item.text.strip()
        assert not item.outcome or item.outcome in OUTCOME_CODES, item.id


def test_the_knowledge_check_has_at_least_20_questions_with_four_distinct_options():
    knowledge = parse_instrument(KNOWLEDGE)
    assert len(knowledge.items) >= 20
    for item in knowledge.items:
        assert len(set(item.option_texts)) == 4, item.id
        assert item.correct is not None
    topics = {item.outcome for item in knowledge.items}
    for needed in (
        "law-reasonable-force",
        "de-escalation",
        "recognise-escalation",
        "positioning-exits",
        "breakaway-grabs",
        "after-an-incident",
    ):
        assert needed in topics


def test_the_confidence_scale_is_0_to_10_with_some_items_reverse_keyed():
    confidence = parse_instrument(CONFIDENCE)
    assert {(item.min, item.max) for item in confidence.items} == {(0.0, 10.0)}
    assert 0 < sum(item.reverse for item in confidence.items) < len(confidence.items)
    assert len({item.outcome for item in confidence.items}) >= 6
