"""The rota optimiser on worked examples: rules at their edges, reasons, input errors."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from bench.rota_instances import gen
from breakaway.scheduling.optimiser import RotaInputError, plan
from breakaway.scheduling.rota_instance import parse
from breakaway.scheduling.tests import rota_checker

LEEDS = {"lat": 53.800, "lon": -1.549}
YORK = {"lat": 53.960, "lon": -1.087}  # about 22 miles from Leeds as the crow flies
EXETER = {"lat": 50.722, "lon": -3.531}  # well beyond a day trip from Leeds


def trainer(tid: str, base: dict[str, float] = LEEDS, **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "base": base,
        "qualifications": [{"type": "breakaway_instructor", "expires_on": "2027-12-31"}],
        "unavailable": [],
        "max_days_per_week": 5,
        **extra,
    }


def engagement(eid: str, days: list[str], venue: dict[str, float] = YORK, **extra: Any):
    return {
        "id": eid,
        "venue": venue,
        "days": days,
        "required_qualifications": ["breakaway_instructor"],
        "trainers_needed": 1,
        **extra,
    }


def rota(trainers: list[dict], engagements: list[dict]) -> dict[str, Any]:
    return {
        "horizon": {"start": "2027-03-01", "end": "2027-03-31"},
        "settings": {"road_factor": 1.25, "max_day_trip_miles": 90, "overnight_miles": 120},
        "trainers": trainers,
        "engagements": engagements,
    }


def test_nearest_trainer_goes_and_the_cost_is_the_round_trip():
    data = rota([trainer("far", EXETER), trainer("near")], [engagement("E1", ["2027-03-02"])])
    result = plan(data)
    assert result["assignments"] == [{"engagement": "E1", "trainers": ["near"]}]
    miles = rota_checker.miles_between(LEEDS, YORK) * 1.25
    assert result["cost"] == pytest.approx(2 * miles, abs=0.01)
    assert result["status"] == "optimal"
    assert result["lower_bound_cost"] == pytest.approx(result["cost"], abs=0.01)


def test_beyond_a_day_trip_the_trainer_stays_over():
    data = rota([trainer("T1", EXETER)], [engagement("E1", ["2027-03-02", "2027-03-03"])])
    miles = rota_checker.miles_between(EXETER, YORK) * 1.25
    assert miles > 90
    assert plan(data)["cost"] == pytest.approx(2 * miles + 2 * 120, abs=0.01)


def test_within_a_day_trip_the_cheaper_of_commuting_and_staying():
    # 3 days at ~30 road miles: commuting 180 beats staying 60 + 360.
    data = rota([trainer("T1")], [engagement("E1", ["2027-03-02", "2027-03-03", "2027-03-04"])])
    miles = rota_checker.miles_between(LEEDS, YORK) * 1.25
    assert plan(data)["cost"] == pytest.approx(2 * miles * 3, abs=0.01)
    data["settings"]["overnight_miles"] = 1  # now a night away is cheaper than driving
    assert plan(data)["cost"] == pytest.approx(2 * miles + 3, abs=0.01)


def test_a_qualification_is_valid_on_its_expiry_day_and_not_after():
    holder = trainer(
        "T1", qualifications=[{"type": "breakaway_instructor", "expires_on": "2027-03-02"}]
    )
    on_the_day = plan(rota([holder], [engagement("E1", ["2027-03-02"])]))
    assert on_the_day["covered"] == 1
    day_after = plan(rota([holder], [engagement("E1", ["2027-03-02", "2027-03-03"])]))
    assert day_after["covered"] == 0
    assert "expires before its last day" in day_after["unassigned"][0]["reason"]


def test_one_engagement_a_day_and_the_weekly_limit():
    data = rota(
        [trainer("T1", max_days_per_week=2)],
        [
            engagement("Mon", ["2027-03-01"]),
            engagement("Mon-too", ["2027-03-01"], venue=LEEDS),
            engagement("Wed", ["2027-03-03"]),
            engagement("Fri", ["2027-03-05"]),
            engagement("NextMon", ["2027-03-08"]),
        ],
    )
    result = plan(data)
    assert rota_checker.violations(data, result) == []
    # Two days in the first week, one in the next; cheapest first: Leeds is nearer home.
    assert result["covered"] == 3
    covered = {a["engagement"] for a in result["assignments"]}
    assert {"NextMon", "Mon-too"} <= covered
    reasons = {u["engagement"]: u["reason"] for u in result["unassigned"]}
    assert all("weekly limit" in reason for reason in reasons.values())


def test_coverage_comes_before_miles():
    # One trainer near, one far; both engagements on the same day need one trainer. Sending
    # the near trainer to the nearer engagement alone would be cheaper but leave one uncovered.
    data = rota(
        [trainer("near"), trainer("far", EXETER)],
        [engagement("A", ["2027-03-02"]), engagement("B", ["2027-03-02"], venue=LEEDS)],
    )
    result = plan(data)
    assert result["covered"] == 2


def test_the_same_trainers_on_every_day_and_distinct():
    data = rota(
        [trainer("T1"), trainer("T2"), trainer("T3", unavailable=["2027-03-03"])],
        [engagement("E1", ["2027-03-02", "2027-03-03"], trainers_needed=2)],
    )
    result = plan(data)
    assert result["assignments"] == [{"engagement": "E1", "trainers": ["T1", "T2"]}]


def test_fixed_trainers_are_kept_even_when_dearer():
    data = rota(
        [trainer("near"), trainer("far", EXETER)],
        [engagement("E1", ["2027-03-02"], fixed_trainers=["far"])],
    )
    assert plan(data)["assignments"] == [{"engagement": "E1", "trainers": ["far"]}]


def test_fixed_trainers_that_clash_make_the_plan_infeasible_with_the_reason():
    data = rota(
        [trainer("T1"), trainer("T2")],
        [
            engagement("E1", ["2027-03-02"], fixed_trainers=["T1"]),
            engagement("E2", ["2027-03-02"], fixed_trainers=["T1"]),
        ],
    )
    result = plan(data)
    assert result["status"] == "infeasible"
    assert result["assignments"] == []
    reasons = {u["engagement"]: u["reason"] for u in result["unassigned"]}
    assert "fixed elsewhere" in reasons["E2"]


def test_an_unqualified_fixed_trainer_is_infeasible():
    data = rota(
        [trainer("T1", qualifications=[])],
        [engagement("E1", ["2027-03-02"], fixed_trainers=["T1"])],
    )
    result = plan(data)
    assert result["status"] == "infeasible"
    assert "does not hold breakaway_instructor" in result["unassigned"][0]["reason"]


def test_an_engagement_nobody_can_take_says_why():
    data = rota(
        [trainer("T1"), trainer("T2", unavailable=["2027-03-02"])],
        [engagement("E1", ["2027-03-02"], trainers_needed=2, required_qualifications=[])],
    )
    reason = plan(data)["unassigned"][0]["reason"]
    assert reason.startswith("needs 2 trainers but only 1 is eligible")
    assert "1 unavailable on one of its days" in reason


def test_an_empty_rota_is_trivially_optimal():
    result = plan(rota([trainer("T1")], []))
    assert result["status"] == "optimal"
    assert (result["cost"], result["assignments"], result["unassigned"]) == (0, [], [])


def test_every_problem_in_the_input_is_listed():
    data = rota(
        [{"id": "T1", "base": {"lat": 95}, "qualifications": "x"}, trainer("T1")],
        [
            {"id": "E1", "venue": YORK, "days": ["2027-02-30"], "trainers_needed": 0},
            engagement("E2", ["2027-03-02"], fixed_trainers=["nobody"]),
        ],
    )
    data["horizon"] = {"start": "2027-03-01"}
    with pytest.raises(RotaInputError) as caught:
        plan(data)
    problems = "\n".join(caught.value.problems)
    for expected in (
        "horizon.end is missing",
        "trainers[0].base.lat must be at most 90",
        "trainers[0].base.lon is missing",
        "trainers[0].qualifications must be a list",
        "trainers[1].id 'T1' is used twice",
        "engagements[0].days[0] '2027-02-30' is not a date",
        "engagements[0].trainers_needed must be at least 1",
        "engagements[1].fixed_trainers names unknown trainer 'nobody'",
    ):
        assert expected in problems


def test_not_json_objects_are_refused():
    with pytest.raises(RotaInputError):
        plan([])
    with pytest.raises(RotaInputError):
        plan(rota([], []), solver="clever")


def test_a_year_for_one_provider_is_solved_to_proven_optimality():
    data = gen(20, 250, seed=7)
    exact = plan(data, time_limit=60)
    greedy = plan(copy.deepcopy(data), solver="greedy")
    assert exact["status"] == "optimal"
    assert exact["gap"] <= 0.001
    assert rota_checker.violations(data, exact) == []
    assert rota_checker.violations(data, greedy) == []
    assert exact["cost"] == pytest.approx(rota_checker.plan_cost(data, exact), abs=0.05)
    assert exact["covered"] >= greedy["covered"]
    json.dumps(exact)  # the output is plain JSON


def test_parse_works_out_eligibility_once():
    data = rota(
        [trainer("T1"), trainer("T2", qualifications=[])], [engagement("E1", ["2027-03-02"])]
    )
    instance = parse(data)
    assert instance.eligible == [[0]]
