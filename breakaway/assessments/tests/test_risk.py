"""The risk profile: worked examples with exact scores and sentences."""

from __future__ import annotations

import json
from datetime import date

import pytest

from breakaway.assessments.outcomes import OUTCOMES, OUTCOMES_BY_ID, outcomes_for
from breakaway.assessments.profiling import (
    AreaCounts,
    IncidentCounts,
    area_counts_from_rows,
    build_profile,
    flashpoint_table,
)
from breakaway.assessments.risk import (
    DEFAULT_RULES,
    DISCLAIMER,
    RiskContext,
    RiskRules,
    adjust,
    band,
    describe_rules,
    overall_level,
    score_risks,
)
from breakaway.assessments.taxonomy import RISK_AREAS

ROWS = [
    # 20 grabs in corridors in the evening, low harm.
    {
        "category": "physical_assault",
        "assault_form": "grab",
        "location": "corridor",
        "hour": 19,
        "harm": "low",
        "count": 20,
    },
    # 10 punches in corridors in the evening, moderate harm.
    {
        "category": "physical_assault",
        "assault_form": "punch",
        "location": "corridor",
        "hour": 20,
        "harm": "moderate",
        "count": 10,
    },
    # 60 verbal abuse at reception in the morning, no harm.
    {
        "category": "verbal_abuse",
        "assault_form": "",
        "location": "reception",
        "hour": 10,
        "harm": "none",
        "count": 60,
    },
    # 1 strangle, time unknown, severe harm.
    {
        "category": "physical_assault",
        "assault_form": "strangle",
        "location": "bedroom",
        "hour": None,
        "harm": "severe",
        "count": 1,
    },
    # 9 physical assaults with no form recorded: in no risk area.
    {
        "category": "physical_assault",
        "assault_form": "",
        "location": "Ward 3",
        "hour": 2,
        "harm": "",
        "count": 9,
    },
]


def profile_of(rows=ROWS, headcount=50, **overrides):
    total = sum(r["count"] for r in rows)
    by_hour = [0] * 24
    for r in rows:
        if r["hour"] is not None:
            by_hour[r["hour"]] += r["count"]
    values = {
        "period_from": date(2023, 1, 1),
        "period_to": date(2023, 12, 31),
        "total": total,
        "by_hour": by_hour,
        "unknown_time": total - sum(by_hour),
        "by_weekday": [total, 0, 0, 0, 0, 0, 0],
        "by_month": {"2023-05": total} if total else {},
        "flashpoints": flashpoint_table(rows),
        "headcount": headcount,
        "by_area": area_counts_from_rows(rows),
    }
    values.update(overrides)
    return build_profile(IncidentCounts(**values))


def scores(risk):
    return {a.id: (a.likelihood, a.severity, a.score, a.band) for a in risk.areas}


# ----------------------------------------------------------------------------------------
# Bands


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (1, "low"),
        (3, "low"),
        (4, "moderate"),
        (6, "moderate"),
        (8, "high"),
        (12, "high"),
        (15, "extreme"),
        (25, "extreme"),
    ],
)
def test_bands(score, expected):
    assert band(score) == expected


@pytest.mark.parametrize(
    ("score", "expected"), [(6, "low"), (8, "medium"), (12, "medium"), (15, "high")]
)
def test_overall_level(score, expected):
    assert overall_level(score) == expected


@pytest.mark.parametrize("score", [0, 26, -1, True, 2.0])
def test_scores_outside_the_matrix_are_refused(score):
    with pytest.raises(ValueError, match="1 to 25"):
        band(score)


# ----------------------------------------------------------------------------------------
# The worked example


def test_worked_example_scores():
    risk = score_risks(RiskContext(), profile_of())
    assert scores(risk) == {
        # 60/100 = 60% ≥ 50% → 5; 120 per 100 staff a year → 5. All no harm → floor 2.
        "verbal_aggression": (5, 2, 10, "high"),
        # 20% → 3, but 40 per 100 staff a year → 5. Low harm → 2.
        "grabs_and_holds": (5, 2, 10, "high"),
        # 10% → 3; 20 per 100 staff a year → 4. All moderate harm (≥ 20%) → 4.
        "strikes_and_kicks": (4, 4, 16, "extreme"),
        # 1 incident: 1% → 2; 2.0 per 100 staff a year → 3. One severe of one (≥ 10%) → 5.
        "strangles_and_headlocks": (3, 5, 15, "extreme"),
        # No incidents → 1; severity from the nature of the area.
        "threatening_behaviour": (1, 2, 2, "low"),
        "weapons_and_objects": (1, 4, 4, "moderate"),
        "spitting_and_biting": (1, 2, 2, "low"),
        "sexual_aggression": (1, 3, 3, "low"),
        "lone_and_community_working": (1, 3, 3, "low"),
        "restrictive_intervention": (1, 4, 4, "moderate"),
    }
    assert risk.highest_score == 16
    assert risk.overall_level == "high"
    data = risk.to_dict()
    assert [a["id"] for a in data["areas"]] == [
        "strikes_and_kicks",
        "strangles_and_headlocks",
        "grabs_and_holds",
        "verbal_aggression",
        "restrictive_intervention",
        "weapons_and_objects",
        "lone_and_community_working",
        "sexual_aggression",
        "spitting_and_biting",
        "threatening_behaviour",
    ]


def test_worked_example_reasons_quote_the_data():
    risk = score_risks(RiskContext(), profile_of())
    assert list(risk.area("strikes_and_kicks").reasons) == [
        "10 of 100 incidents in the log from 1 January 2023 to 31 December 2023 (10%) "
        "involved a punch, slap, kick, head-butt or push.",
        "That is about 20.0 a year for every 100 staff (headcount 50).",
        "100% of these (10 of 10) happened in one place and time band: Corridor, 18:00–24:00.",
        "Of the 10 with a harm grade recorded, 10 (100%) caused moderate harm or worse.",
        "The incident data puts likelihood at 4 of 5 (likely).",
        "Punches, kicks and head-butts can cause injuries such as cuts and fractures, so we "
        "rate severity at least 3 of 5.",
        "The harm recorded raises severity to 4 of 5 (major).",
        "Our rules give likelihood 4 × severity 4 = 16 (extreme).",
    ]
    strangles = risk.area("strangles_and_headlocks").reasons
    assert (
        "Of the 1 with a harm grade recorded, 1 (100%) caused moderate harm or worse, "
        "including 1 with severe harm." in strangles
    )
    grabs = risk.area("grabs_and_holds").reasons
    assert "Of the 20 with a harm grade recorded, none caused moderate harm or worse." in grabs
    threats = risk.area("threatening_behaviour").reasons
    assert threats[0] == (
        "Of the 100 incidents in the log from 1 January 2023 to 31 December 2023, none were "
        "threatening behaviour."
    )


def test_worked_example_evidence():
    evidence = score_risks(RiskContext(), profile_of()).area("grabs_and_holds").evidence
    assert evidence["incidents"] == 20
    assert evidence["share"] == 0.2
    assert evidence["rate_per_100_staff_year"] == 40.0
    assert evidence["likelihood_from_incidents"] == 5
    assert evidence["top_flashpoint"]["location"] == "corridor"
    assert evidence["top_flashpoint"]["share"] == 1.0
    assert evidence["severity_from_harm"] == 2


def test_answers_raise_likelihood_and_say_so():
    context = RiskContext(
        lone_working="often",
        environments=frozenset({"home_visits"}),
        flashpoints=frozenset({"waiting_times", "refusals"}),
    )
    risk = score_risks(context, profile_of())
    lone = risk.area("lone_and_community_working")
    assert (lone.likelihood, lone.severity) == (4, 3)
    assert "Staff often work alone (from your answers)." in lone.reasons
    assert "Staff make home visits (from your answers)." in lone.reasons
    assert (
        "The incident data alone puts likelihood at 1 of 5; your answers raise it to 4 (likely)."
        in lone.reasons
    )
    threats = risk.area("threatening_behaviour")
    assert (threats.likelihood, threats.severity) == (3, 2)
    assert (
        'You named "Waiting times and delays" and "Refusing a request" as flashpoints '
        "(from your answers)." in threats.reasons
    )
    # The data already puts verbal aggression at 5; the answers do not lower it.
    assert risk.area("verbal_aggression").likelihood == 5


def test_few_incidents_cannot_reach_the_top_from_their_share_alone():
    rows = [
        {
            "category": "physical_assault",
            "assault_form": "bite",
            "location": "bedroom",
            "hour": 3,
            "harm": "low",
            "count": 3,
        },
        {
            "category": "verbal_abuse",
            "assault_form": "",
            "location": "bedroom",
            "hour": 3,
            "harm": "none",
            "count": 1,
        },
    ]
    # 3 of 4 is 75%, but with fewer than 5 incidents the share alone gives at most 3.
    risk = score_risks(RiskContext(), profile_of(rows, headcount=None))
    assert risk.area("spitting_and_biting").likelihood == 3
    # The rate can still lift it: 3 incidents among 10 staff in a year = 30 per 100 → 5.
    risk = score_risks(RiskContext(), profile_of(rows, headcount=10))
    assert risk.area("spitting_and_biting").likelihood == 5


def test_headcount_falls_back_to_the_answers():
    risk = score_risks(RiskContext(headcount=100), profile_of(headcount=None))
    evidence = risk.area("grabs_and_holds").evidence
    assert evidence["headcount"] == 100
    assert evidence["rate_per_100_staff_year"] == 20.0


def test_deaths_make_severity_catastrophic():
    rows = [
        {
            "category": "physical_assault",
            "assault_form": "push",
            "location": "outdoors",
            "hour": 12,
            "harm": "none",
            "count": 99,
        },
        {
            "category": "physical_assault",
            "assault_form": "push",
            "location": "outdoors",
            "hour": 12,
            "harm": "death",
            "count": 1,
        },
    ]
    area = score_risks(RiskContext(), profile_of(rows)).area("strikes_and_kicks")
    assert area.severity == 5
    assert (
        "Of the 100 with a harm grade recorded, 1 (1%) caused moderate harm or worse, "
        "including 1 recorded as a death." in area.reasons
    )


def test_recent_serious_incidents_raise_severity_of_strikes_and_weapons():
    risk = score_risks(RiskContext(recent_serious_incidents=True), None)
    assert risk.area("strikes_and_kicks").severity == 4
    assert risk.area("weapons_and_objects").severity == 4
    assert risk.area("grabs_and_holds").severity == 2
    rules = RiskRules.from_dict({"serious_incidents_severity": 5})
    assert score_risks(RiskContext(recent_serious_incidents=True), None, rules).area(
        "weapons_and_objects"
    ).severity == (5)


# ----------------------------------------------------------------------------------------
# Without incident data


def test_without_an_incident_log_the_answers_decide():
    risk = score_risks(RiskContext(), None)
    assert {a.likelihood for a in risk.areas} == {1}
    assert risk.highest_score == 4
    assert risk.overall_level == "low"
    for area in risk.areas:
        assert area.reasons[0] == (
            "No incident log was provided, so this rating relies on your answers."
        )
        assert area.evidence["incident_data"] is False
        assert "incidents" not in area.evidence
    assert risk.area("verbal_aggression").reasons[1] == (
        "With no incident data and no answer pointing to this risk, we start likelihood at "
        "1 of 5 (rare)."
    )
    data = risk.to_dict()
    assert data["incident_data"] is False
    assert data["flashpoints"] == []
    assert data["period"] is None


def test_without_data_restraint_answers_make_restrictive_intervention_extreme():
    context = RiskContext(
        restrictive_intervention_used=True,
        flashpoints=frozenset({"restraint"}),
        service_user_groups=frozenset({"dementia"}),
    )
    risk = score_risks(context, None)
    restrictive = risk.area("restrictive_intervention")
    assert (restrictive.likelihood, restrictive.severity, restrictive.band) == (4, 4, "extreme")
    assert "Your answers put likelihood at 4 of 5 (likely)." in restrictive.reasons
    assert risk.overall_level == "high"
    grabs = risk.area("grabs_and_holds")
    assert "You support people living with dementia or delirium (from your answers)." in (
        grabs.reasons
    )
    assert grabs.likelihood == 3


def test_an_empty_log_says_so():
    profile = profile_of([], by_area={})
    risk = score_risks(RiskContext(), profile)
    assert risk.area("grabs_and_holds").reasons[0] == (
        "The incident log has no incidents from 1 January 2023 to 31 December 2023, so this "
        "rating relies on your answers."
    )
    assert risk.has_incident_data is False


def test_incidents_without_area_counts_are_refused():
    with pytest.raises(ValueError, match="by_area"):
        score_risks(RiskContext(), profile_of(by_area=None))


def test_missing_areas_in_by_area_count_as_none():
    profile = profile_of(by_area={"grabs_and_holds": AreaCounts(20, {"low": 20})})
    risk = score_risks(RiskContext(), profile)
    assert risk.area("verbal_aggression").evidence["incidents"] == 0
    assert risk.area("grabs_and_holds").likelihood == 5


# ----------------------------------------------------------------------------------------
# Adjustments


def test_adjustments_win_and_keep_the_computed_score():
    risk = score_risks(
        RiskContext(),
        profile_of(),
        adjustments={"grabs_and_holds": (5, 3, "Ward 3 reports grabs every day.")},
    )
    area = risk.area("grabs_and_holds")
    assert (area.likelihood, area.severity, area.score, area.band) == (5, 3, 15, "extreme")
    data = area.to_dict()
    assert data["computed"] == {"likelihood": 5, "severity": 2, "score": 10, "band": "high"}
    assert data["adjusted"] is True
    assert data["adjustment"] == {
        "likelihood": 5,
        "severity": 3,
        "score": 15,
        "band": "extreme",
        "reason": "Ward 3 reports grabs every day.",
    }
    assert data["reasons"][-1] == (
        "Your advisor set likelihood 5 × severity 3 = 15 (extreme) in place of the computed "
        "5 × 2 = 10: Ward 3 reports grabs every day."
    )


def test_adjust_returns_a_new_profile():
    risk = score_risks(RiskContext(), None)
    lowered = adjust(risk, "weapons_and_objects", 1, 1, "No weapons on site; searched at entry.")
    assert lowered.area("weapons_and_objects").score == 1
    assert lowered.area("weapons_and_objects").computed_score == 4
    assert risk.area("weapons_and_objects").adjustment is None
    assert lowered.highest_score == 4  # restrictive intervention 1 × 4


@pytest.mark.parametrize(
    ("adjustment", "message"),
    [
        ({"nope": (1, 1, "x")}, "Unknown risk area"),
        ({"grabs_and_holds": (0, 1, "x")}, "from 1 to 5"),
        ({"grabs_and_holds": (1, 6, "x")}, "from 1 to 5"),
        ({"grabs_and_holds": (True, 1, "x")}, "from 1 to 5"),
        ({"grabs_and_holds": (1, 1, "  ")}, "needs a reason"),
    ],
)
def test_malformed_adjustments_are_refused(adjustment, message):
    with pytest.raises(ValueError, match=message):
        score_risks(RiskContext(), None, adjustments=adjustment)


# ----------------------------------------------------------------------------------------
# Rules


def test_rules_from_a_dict_override_only_what_they_name():
    rules = RiskRules.from_dict(
        {
            "share_levels": [0.2, 0.3, 0.6],
            "severity_floors": {"verbal_aggression": 3},
            "signal_levels": {"home_visits": 0},
        }
    )
    assert rules.share_levels == (0.2, 0.3, 0.6)
    assert rules.severity_floors["verbal_aggression"] == 3
    assert rules.severity_floors["weapons_and_objects"] == 4
    assert rules.signal_levels["home_visits"] == 0
    assert rules.signal_levels["lone_working_often"] == 4
    assert rules.rate_levels == DEFAULT_RULES.rate_levels
    assert RiskRules.from_dict(rules.to_dict()) == rules
    assert RiskRules.from_dict(None) is DEFAULT_RULES
    # Home visits no longer raise lone working; verbal aggression's floor is now 3.
    risk = score_risks(RiskContext(environments=frozenset({"home_visits"})), None, rules)
    assert risk.area("lone_and_community_working").likelihood == 1
    assert risk.area("verbal_aggression").severity == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"share_level": [0.1, 0.2, 0.3]}, "unknown setting share_level"),
        ({"share_levels": [0.5, 0.25, 0.1]}, "share_levels must be 3 rising"),
        ({"share_levels": [0.1, 0.2]}, "share_levels must be 3 rising"),
        ({"share_levels": [0.1, 0.2, 1.5]}, "share_levels must be 3 rising"),
        ({"rate_levels": [0, 10, 25]}, "rate_levels"),
        ({"rate_levels": [1, 10, float("inf")]}, "rate_levels"),
        ({"moderate_harm_levels": [0.3, 0.1]}, "moderate_harm_levels"),
        ({"severe_share_for_5": 0}, "severe_share_for_5"),
        ({"min_incidents_for_share": 0}, "min_incidents_for_share"),
        ({"no_data_likelihood": 6}, "no_data_likelihood"),
        ({"severity_floors": {"grabs": 3}}, "unknown risk area 'grabs'"),
        ({"severity_floors": {"grabs_and_holds": 0}}, r"severity_floors\['grabs_and_holds'\]"),
        ({"signal_levels": {"loud_music": 3}}, "unknown signal 'loud_music'"),
        ({"signal_levels": {"home_visits": True}}, "signal_levels"),
        ({"serious_incident_areas": ["nowhere"]}, "serious_incident_areas"),
        ({"severity_floors": [1, 2]}, "must be a mapping"),
    ],
)
def test_invalid_rules_are_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        RiskRules.from_dict(overrides)


def test_describe_rules_follows_the_thresholds():
    lines = describe_rules(RiskRules.from_dict({"share_levels": [0.15, 0.3, 0.6]}))
    text = " ".join(lines)
    assert "not a validated instrument" in text
    assert "reaches 15%, 30% or 60%" in text
    assert 'When staff often work alone: "Lone and community working" at least 4.' in lines
    off = describe_rules(RiskRules.from_dict({"signal_levels": {"lone_working_often": 0}}))
    assert not any(line.startswith("When staff often work alone") for line in off)


# ----------------------------------------------------------------------------------------
# The API shape and the outcomes


def test_to_dict_shape():
    data = score_risks(RiskContext(), profile_of()).to_dict()
    assert {"overall_level", "highest_score", "areas", "rules", "disclaimer"} <= set(data)
    assert "our own scoring rules, not a validated instrument" in data["disclaimer"]
    assert data["disclaimer"] == DISCLAIMER
    assert data["rules"] == describe_rules(DEFAULT_RULES)
    assert len(data["areas"]) == len(RISK_AREAS)
    area = data["areas"][0]
    assert {
        "id",
        "name",
        "likelihood",
        "severity",
        "score",
        "band",
        "computed",
        "adjustment",
        "evidence",
        "reasons",
        "outcomes",
    } <= set(area)
    assert area["outcomes"][0] == {
        "id": "protect-strikes",
        "title": "Protecting yourself against strikes and kicks",
        "reason": "Deflection and distance reduce injury from punches, slaps, kicks and "
        "head-butts.",
    }
    assert data["flashpoints"][0]["location"] == "reception"
    json.dumps(data, allow_nan=False)


def test_outcomes_are_plain_data_covering_every_area():
    assert len(OUTCOMES) >= 16
    assert len(OUTCOMES_BY_ID) == len(OUTCOMES)
    for outcome in OUTCOMES:
        assert outcome.statement.startswith("By the end you can ")
        assert outcome.addresses
        assert set(outcome.addresses) <= set(RISK_AREAS)
        assert all(reason.strip() for reason in outcome.addresses.values())
    for area in RISK_AREAS:
        assert outcomes_for(area)
    assert outcomes_for("strangles_and_headlocks")[0].id == "breakaway-strangles"
    with pytest.raises(ValueError, match="Unknown risk area"):
        outcomes_for("nowhere")


def test_a_blank_location_is_named_as_not_recorded():
    rows = [
        {
            "category": "physical_assault",
            "assault_form": "kick",
            "location": "",
            "hour": 21,
            "harm": "",
            "count": 7,
        }
    ]
    area = score_risks(RiskContext(), profile_of(rows)).area("strikes_and_kicks")
    assert (
        "100% of these (7 of 7) happened in one place and time band: location not recorded, "
        "18:00–24:00." in area.reasons
    )
    assert "No harm grade was recorded for any of these." in area.reasons
    flashpoint = score_risks(RiskContext(), profile_of(rows)).to_dict()["flashpoints"][0]
    assert flashpoint["location_label"] == "Not recorded"
