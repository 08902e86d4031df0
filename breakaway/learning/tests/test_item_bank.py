"""The refresher item bank: enough items, well formed, tied to real modules and outcomes."""

from collections import Counter

from breakaway.assessments.outcomes import OUTCOMES
from breakaway.catalogue.content import MODULES
from breakaway.learning.bank import ITEMS, KINDS

MODULE_CODES = {module.code for module in MODULES}
OUTCOME_IDS = {outcome.id for outcome in OUTCOMES}


def test_at_least_sixty_items_with_unique_ids():
    assert len(ITEMS) >= 60
    assert len({item.id for item in ITEMS}) == len(ITEMS)


def test_every_item_names_a_real_module_and_outcome_and_has_four_distinct_options():
    for item in ITEMS:
        assert item.module in MODULE_CODES, item.id
        assert item.outcome in OUTCOME_IDS, item.id
        assert item.kind in KINDS, item.id
        assert len(item.options) == 4, item.id
        assert len(set(item.options)) == 4, item.id
        assert item.prompt.strip(), item.id
        assert item.why.strip(), item.id


def test_the_bank_covers_every_kind_and_the_physical_and_legal_outcomes():
    kinds = Counter(item.kind for item in ITEMS)
    assert set(kinds) == set(KINDS)
    assert kinds["scenario"] >= 15
    covered = {item.outcome for item in ITEMS}
    assert {
        "law-reasonable-force",
        "recognise-escalation",
        "de-escalation",
        "positioning-exits",
        "breakaway-grabs",
        "breakaway-strangles",
        "after-an-incident",
    } <= covered
