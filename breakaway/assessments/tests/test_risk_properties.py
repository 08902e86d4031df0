"""Properties of the risk scoring, whatever the counts, answers, rules and adjustments."""

from __future__ import annotations

import json
import math
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from breakaway.assessments.profiling import build_profile
from breakaway.assessments.risk import (
    SCORE_BANDS,
    SIGNALS,
    RiskContext,
    RiskRules,
    band,
    overall_level,
    score_risks,
)
from breakaway.assessments.taxonomy import (
    ENVIRONMENTS,
    FLASHPOINTS,
    RISK_AREAS,
    SERVICE_USER_GROUPS,
)
from breakaway.assessments.tests.test_profiling_properties import incident_counts

PRODUCTS = sorted({likelihood * severity for likelihood in range(1, 6) for severity in range(1, 6)})
BAND_ORDER = [name for name, _ in SCORE_BANDS]
LEVEL_ORDER = ["low", "medium", "high"]


def expected_band(score: int) -> str:
    """The NHS-style table as the brief states it, for the scores that can occur."""
    if 1 <= score <= 3:
        return "low"
    if 4 <= score <= 6:
        return "moderate"
    if 8 <= score <= 12:
        return "high"
    assert 15 <= score <= 25
    return "extreme"


def expected_level(highest: int) -> str:
    if highest <= 6:
        return "low"
    if 8 <= highest <= 12:
        return "medium"
    assert highest >= 15
    return "high"


contexts = st.builds(
    RiskContext,
    sector=st.sampled_from(["", "nhs", "care", "education"]),
    service_user_groups=st.frozensets(st.sampled_from(list(SERVICE_USER_GROUPS))),
    environments=st.frozensets(st.sampled_from(list(ENVIRONMENTS))),
    lone_working=st.sampled_from(["never", "sometimes", "often"]),
    flashpoints=st.frozensets(st.sampled_from(list(FLASHPOINTS))),
    restrictive_intervention_used=st.booleans(),
    recent_serious_incidents=st.booleans(),
    headcount=st.one_of(st.none(), st.just(0), st.integers(1, 10**7)),
)

levels = st.integers(1, 5)
reasons = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "Nd", "Zs", "P")), min_size=1
).filter(lambda s: s.strip() and "None" not in s and "nan" not in s)
adjustments = st.dictionaries(
    st.sampled_from(list(RISK_AREAS)), st.tuples(levels, levels, reasons), max_size=4
)


@st.composite
def rising(draw, count: int, low: float, high: float):
    values = sorted(draw(st.lists(st.floats(low, high), min_size=count, max_size=count)))
    return [round(v, 4) or high for v in values]


@st.composite
def rule_sets(draw):
    overrides = {}
    if draw(st.booleans()):
        overrides["share_levels"] = sorted(draw(rising(3, 0.001, 1.0)))
    if draw(st.booleans()):
        overrides["rate_levels"] = sorted(draw(rising(3, 0.01, 1000.0)))
    if draw(st.booleans()):
        overrides["moderate_harm_levels"] = sorted(draw(rising(2, 0.001, 1.0)))
    if draw(st.booleans()):
        overrides["min_incidents_for_share"] = draw(st.integers(1, 100))
    if draw(st.booleans()):
        overrides["no_data_likelihood"] = draw(levels)
    if draw(st.booleans()):
        overrides["severity_floors"] = draw(
            st.dictionaries(st.sampled_from(list(RISK_AREAS)), levels)
        )
    if draw(st.booleans()):
        overrides["signal_levels"] = draw(
            st.dictionaries(st.sampled_from([s.id for s in SIGNALS]), st.integers(0, 5))
        )
    return RiskRules.from_dict(overrides)


# ----------------------------------------------------------------------------------------
# Bands and levels


@given(st.integers(1, 25), st.integers(1, 25))
def test_banding_is_total_and_monotone(a, b):
    low, high = sorted((a, b))
    assert band(low) in BAND_ORDER
    assert BAND_ORDER.index(band(low)) <= BAND_ORDER.index(band(high))
    assert LEVEL_ORDER.index(overall_level(low)) <= LEVEL_ORDER.index(overall_level(high))


@given(levels, levels)
def test_every_possible_product_is_banded_as_the_matrix_says(likelihood, severity):
    score = likelihood * severity
    assert score in PRODUCTS
    assert band(score) == expected_band(score)
    assert overall_level(score) == expected_level(score)


def test_the_possible_products():
    assert PRODUCTS == [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]
    assert [band(p) for p in PRODUCTS] == [expected_band(p) for p in PRODUCTS]


# ----------------------------------------------------------------------------------------
# Scoring


@given(contexts, st.one_of(st.none(), incident_counts()), rule_sets())
def test_every_area_is_scored_within_the_matrix(context, counts, rules):
    profile = None if counts is None else build_profile(counts)
    risk = score_risks(context, profile, rules)
    assert [a.id for a in risk.areas] == list(RISK_AREAS)
    for area in risk.areas:
        assert 1 <= area.likelihood <= 5
        assert 1 <= area.severity <= 5
        assert area.score == area.likelihood * area.severity
        assert area.band == expected_band(area.score)
        assert area.outcomes
    assert risk.highest_score == max(a.score for a in risk.areas)
    assert risk.overall_level == expected_level(risk.highest_score)
    data = risk.to_dict()
    assert len(data["areas"]) == len(RISK_AREAS)
    ranked = [(-a["score"], a["id"]) for a in data["areas"]]
    assert ranked == sorted(ranked)
    json.dumps(data, allow_nan=False)


@given(contexts, st.one_of(st.none(), incident_counts()))
def test_every_reason_is_a_real_sentence(context, counts):
    profile = None if counts is None else build_profile(counts)
    for area in score_risks(context, profile).to_dict()["areas"]:
        assert area["reasons"]
        for reason in area["reasons"]:
            assert isinstance(reason, str)
            assert reason.strip()
            assert "None" not in reason
            assert "nan" not in reason.lower().split()
            assert "nan%" not in reason.lower()
            assert "inf" not in reason.lower().split()
        for outcome in area["outcomes"]:
            assert outcome["reason"].strip()


@given(contexts, incident_counts())
def test_shares_in_the_evidence_are_fractions(context, counts):
    risk = score_risks(context, build_profile(counts))
    for area in risk.areas:
        share = area.evidence.get("share")
        if share is not None:
            assert 0 <= share <= 1
            assert not math.isnan(share)
        top = area.evidence.get("top_flashpoint")
        if top is not None:
            assert 0 <= top["share"] <= 1


@given(contexts, st.one_of(st.none(), incident_counts()), adjustments)
def test_adjustments_always_win_and_keep_the_computed_score(context, counts, changes):
    profile = None if counts is None else build_profile(counts)
    plain = score_risks(context, profile)
    adjusted = score_risks(context, profile, adjustments=changes)
    for before, after in zip(plain.areas, adjusted.areas, strict=True):
        assert after.computed_likelihood == before.likelihood
        assert after.computed_severity == before.severity
        data = after.to_dict()
        assert data["computed"]["score"] == before.score
        if after.id in changes:
            likelihood, severity, reason = changes[after.id]
            assert (after.likelihood, after.severity) == (likelihood, severity)
            assert data["adjustment"]["reason"] == reason.strip()
            assert data["reasons"][-1].endswith(reason.strip())
        else:
            assert (after.likelihood, after.severity) == (before.likelihood, before.severity)
            assert data["adjustment"] is None
    assert adjusted.highest_score == max(a.score for a in adjusted.areas)


@given(contexts, contexts, st.one_of(st.none(), incident_counts()))
def test_answers_never_lower_a_likelihood(first, second, counts):
    """More answers (the union of two sets of answers) never lower any area's likelihood."""
    profile = None if counts is None else build_profile(counts)
    more = replace(
        first,
        service_user_groups=first.service_user_groups | second.service_user_groups,
        environments=first.environments | second.environments,
        flashpoints=first.flashpoints | second.flashpoints,
        restrictive_intervention_used=(
            first.restrictive_intervention_used or second.restrictive_intervention_used
        ),
    )
    base = score_risks(first, profile)
    richer = score_risks(more, profile)
    for a, b in zip(base.areas, richer.areas, strict=True):
        assert b.likelihood >= a.likelihood
        assert b.severity == a.severity


@given(contexts)
def test_without_data_no_numbers_are_invented(context):
    for area in score_risks(context, None).areas:
        assert area.evidence["incident_data"] is False
        assert "incidents" not in area.evidence
        assert not any("%" in reason for reason in area.reasons)
        assert area.reasons[0].startswith("No incident log was provided")
