"""The rota optimiser: cover as many engagements as possible, then travel as little as possible.

`plan(data)` takes `plan_rota` input and returns its output. Two exact stages, each a
mixed-integer programme solved by HiGHS (see `rota_mip`):

1. coverage — the fewest engagements left uncovered, proven;
2. cost — the least travel among plans leaving no more uncovered than stage 1 found.

The cost stage's dual bound is the proven lower bound we report. The greedy plan (what a
person would do) seeds both stages, and is the answer when `solver="greedy"` or when the time
runs out before HiGHS finds anything better.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import highspy

from breakaway.scheduling import rota_mip
from breakaway.scheduling.rota_greedy import Ledger, greedy_plan
from breakaway.scheduling.rota_instance import Instance, RotaInputError, ineligibility, parse

__all__ = ["RotaInputError", "plan"]

Progress = Callable[[str, float], None]
DEFAULT_TIME_LIMIT = 300.0
# HiGHS stops when the plan is within this fraction of its bound: 0.01% is "proven optimal".
OPTIMAL_GAP = 1e-4


def plan(
    data: Any,
    *,
    time_limit: float | None = None,
    solver: str = "exact",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Plan the rota described by `data`; raises RotaInputError when it cannot be read."""
    if solver not in ("exact", "greedy"):
        raise RotaInputError([f"solver must be exact or greedy, not {solver!r}"])
    started = time.monotonic()
    deadline = started + (time_limit if time_limit is not None else DEFAULT_TIME_LIMIT)
    report = progress or (lambda stage, fraction: None)
    report("reading the input", 0.0)
    instance = parse(data)

    conflicts = fixed_conflicts(instance)
    if conflicts:
        return _output(instance, {}, "infeasible", None, started, reasons=conflicts)

    report("the hand-made plan", 0.05)
    baseline = greedy_plan(instance)
    if solver == "greedy" or not instance.engagements:
        status = "optimal" if not instance.engagements else "feasible"
        return _output(
            instance, baseline, status, simple_bound(instance, baseline), started, greedy=True
        )

    everything = range(len(instance.engagements))
    pairs = [(t, j) for j in everything for t in instance.eligible[j]]

    report("covering as many engagements as possible", 0.1)
    coverage, outcome = _solve(
        lambda: rota_mip.build(instance, everything, pairs, objective="coverage"),
        baseline,
        deadline,
        share=0.5,
    )
    if outcome is None:
        if _infeasible(coverage):
            reasons = {
                instance.engagements[j].id: "its fixed trainers cannot be kept with the others"
                for j in everything
                if instance.engagements[j].fixed
            }
            return _output(instance, {}, "infeasible", None, started, reasons=reasons)
        return _output(
            instance, baseline, "feasible", simple_bound(instance, baseline), started, greedy=True
        )
    covered_plan, coverage_proven = outcome
    uncovered = len(instance.engagements) - len(covered_plan)

    report("least travel", 0.5)
    best = covered_plan
    if len(baseline) >= len(covered_plan) and plan_cost(instance, baseline) < plan_cost(
        instance, best
    ):
        best = baseline
    costed, outcome = _solve(
        lambda: rota_mip.build(
            instance, everything, pairs, objective="cost", max_uncovered=uncovered
        ),
        best,
        deadline,
        share=1.0,
    )
    bound: float | None = None
    cost_proven = False
    if outcome is not None:
        candidate, cost_proven = outcome
        if len(candidate) >= len(best) and plan_cost(instance, candidate) <= plan_cost(
            instance, best
        ):
            best = candidate
        bound = costed.highs.getInfo().mip_dual_bound
    if bound is None or not math.isfinite(bound):
        bound = simple_bound(instance, best)
    status = "optimal" if coverage_proven and cost_proven else "feasible"
    report("done", 1.0)
    return _output(instance, best, status, bound, started)


Solved = tuple[dict[int, list[int]], bool]


def _solve(
    build: Callable[[], rota_mip.Model],
    start: dict[int, list[int]],
    deadline: float,
    share: float,
) -> tuple[rota_mip.Model, Solved | None]:
    """Build and run a model with part of the remaining time, starting from a known plan;
    returns the model and the plan found with whether it is proven optimal.

    HiGHS 1.16 can accept a start, evaluate it wrongly after presolve, and hand the start back
    as "optimal" with a better objective than it has. A solution whose objective is not the
    one reported is never trusted: the model is solved again without the start.
    """
    model = build()
    rota_mip.warm_start(model, start)
    outcome = _run(model, deadline, share)
    if outcome is not None and not outcome[1]:
        model = build()
        outcome = _run(model, deadline, share)
        if outcome is not None and not outcome[1]:
            raise RuntimeError("HiGHS returned a solution that does not match its objective")
    return model, None if outcome is None else outcome[0]


def _run(model: rota_mip.Model, deadline: float, share: float) -> tuple[Solved, bool] | None:
    """One HiGHS run: ((plan, proven), trustworthy), or None when nothing feasible was found."""
    remaining = max(0.05, deadline - time.monotonic())
    model.highs.setOptionValue("time_limit", remaining * share)
    model.highs.setOptionValue("mip_rel_gap", OPTIMAL_GAP)
    model.highs.run()
    info = model.highs.getInfo()
    if info.primal_solution_status != 2:  # 2: a feasible solution is known
        return None
    values = model.highs.getSolution().col_value
    actual = model.objective_of(values)
    reported = info.objective_function_value
    trustworthy = abs(actual - reported) <= 1e-6 * max(1.0, abs(actual))
    proven = model.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return (model.x_values(values), proven), trustworthy


def _infeasible(model: rota_mip.Model) -> bool:
    return model.highs.getModelStatus() == highspy.HighsModelStatus.kInfeasible


def plan_cost(instance: Instance, assignment: dict[int, list[int]]) -> float:
    return sum(instance.cost[(t, j)] for j, ts in assignment.items() for t in ts)


def simple_bound(instance: Instance, assignment: dict[int, list[int]]) -> float:
    """A proven lower bound for covering these engagements: each gets its cheapest trainers."""
    total = 0.0
    for j in assignment:
        needed = instance.engagements[j].trainers_needed
        costs = sorted(instance.cost[(t, j)] for t in instance.eligible[j])
        total += sum(costs[:needed])
    return total


def fixed_conflicts(instance: Instance) -> dict[str, str]:
    """Why the fixed assignments cannot all be kept, by engagement id (empty when they can)."""
    index = instance.trainer_index()
    reasons: dict[str, str] = {}
    ledger = Ledger(instance)
    order = sorted(range(len(instance.engagements)), key=lambda j: instance.engagements[j].days[0])
    for j in order:
        engagement = instance.engagements[j]
        if not engagement.fixed:
            continue
        if len(engagement.fixed) > engagement.trainers_needed:
            reasons[engagement.id] = (
                f"{len(engagement.fixed)} fixed trainers but only "
                f"{engagement.trainers_needed} needed"
            )
            continue
        for trainer_id in engagement.fixed:
            t = index[trainer_id]
            why = ineligibility(instance.trainers[t], engagement)
            if why:
                reasons[engagement.id] = f"fixed trainer {trainer_id} {why}"
                break
            if not ledger.fits(t, j):
                reasons[engagement.id] = (
                    f"fixed trainer {trainer_id} is fixed elsewhere on these days "
                    "or past their weekly limit"
                )
                break
            ledger.book(t, j)
        else:
            if len(instance.eligible[j]) < engagement.trainers_needed:
                reasons[engagement.id] = _short_reason(instance, j)
    return reasons


def uncovered_reason(instance: Instance, j: int, *, greedy: bool = False) -> str:
    engagement = instance.engagements[j]
    if len(instance.eligible[j]) < engagement.trainers_needed:
        return _short_reason(instance, j)
    names = ", ".join(instance.trainers[t].id for t in instance.eligible[j][:8])
    more = len(instance.eligible[j]) - 8
    if more > 0:
        names += f" and {more} more"
    if greedy:
        return (
            f"needs {_trainers(engagement.trainers_needed)}; by the time its turn came (in date "
            f"order) the eligible trainers ({names}) were booked on its days or at their "
            "weekly limit"
        )
    return (
        f"needs {_trainers(engagement.trainers_needed)}; every eligible trainer ({names}) is "
        "needed on another engagement on one of its days or has reached their weekly limit, "
        "so covering it would leave another engagement uncovered"
    )


def _trainers(count: int) -> str:
    return f"{count} trainer" if count == 1 else f"{count} trainers"


def _short_reason(instance: Instance, j: int) -> str:
    engagement = instance.engagements[j]
    why = Counter(
        _general(ineligibility(trainer, engagement) or "")
        for t, trainer in enumerate(instance.trainers)
        if t not in set(instance.eligible[j])
    )
    eligible = len(instance.eligible[j])
    parts = [f"{count} {reason}" for reason, count in why.most_common(3)]
    return (
        f"needs {_trainers(engagement.trainers_needed)} but only {eligible} "
        f"{'is' if eligible == 1 else 'are'} eligible" + (f" ({'; '.join(parts)})" if parts else "")
    )


def _general(reason: str) -> str:
    """Group "unavailable on 2027-03-01" and "unavailable on 2027-03-02" as one cause."""
    if reason.startswith("unavailable on"):
        return "unavailable on one of its days"
    if " expires on " in reason:
        return reason.split(" expires on ")[0] + " expires before its last day"
    return reason


def _output(
    instance: Instance,
    assignment: dict[int, list[int]],
    status: str,
    bound: float | None,
    started: float,
    *,
    reasons: dict[str, str] | None = None,
    greedy: bool = False,
) -> dict[str, Any]:
    assignments, unassigned = [], []
    for j, engagement in enumerate(instance.engagements):
        if j in assignment and status != "infeasible":
            trainers = sorted(instance.trainers[t].id for t in assignment[j])
            assignments.append({"engagement": engagement.id, "trainers": trainers})
        else:
            reason = (reasons or {}).get(engagement.id)
            if reason is None:
                reason = (
                    "not planned: the fixed assignments elsewhere cannot be kept"
                    if status == "infeasible"
                    else uncovered_reason(instance, j, greedy=greedy)
                )
            unassigned.append({"engagement": engagement.id, "reason": reason})
    cost = round(plan_cost(instance, assignment), 2) if status != "infeasible" else 0.0
    lower = None if bound is None else min(cost, math.floor(bound * 100) / 100)
    return {
        "assignments": assignments,
        "unassigned": unassigned,
        "cost": cost,
        "lower_bound_cost": lower,
        "status": status,
        "solve_seconds": round(time.monotonic() - started, 3),
        "covered": len(assignments),
        "gap": _gap(cost, lower),
    }


def _gap(cost: float, lower: float | None) -> float | None:
    if lower is None:
        return None
    if cost <= 0:
        return 0.0
    return round(max(0.0, (cost - lower) / cost), 6)
