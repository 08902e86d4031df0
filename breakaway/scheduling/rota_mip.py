"""The rota as a mixed-integer programme, solved by HiGHS.

Variables: x[t, j] = 1 when trainer t works engagement j (only for eligible pairs), and
u[j] = 1 when engagement j is left uncovered. Rows:

- cover j:        sum_t x[t, j] + n_j * u[j] = n_j   (all its trainers, or none)
- day (t, d):     sum of x[t, j] over engagements j on day d <= 1
- week (t, w):    sum of x[t, j] * (days of j in ISO week w) <= max_days_per_week(t)

Day and week rows are written only where they can bind. Interval structure makes the day rows
of one trainer an interval matrix, which is why the LP relaxation is usually tight.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from breakaway.scheduling.rota_instance import Instance


@dataclass
class Model:
    """A built HiGHS model and the map from its columns back to the rota."""

    highs: highspy.Highs
    pairs: list[tuple[int, int]]  # column k < len(pairs) is x[pairs[k]]
    uncover_col: dict[int, int]  # engagement -> column of u[j]
    cover_row: dict[int, int]  # engagement -> its cover row
    day_rows: dict[tuple[int, object], int]
    week_rows: dict[tuple[int, tuple[int, int]], int]
    costs: np.ndarray  # the objective's coefficient of each column

    def objective_of(self, values: Sequence[float]) -> float:
        """The objective of a solution, worked out here rather than taken from HiGHS."""
        return float(np.dot(self.costs, np.asarray(values, dtype=float)))

    def x_values(self, values: Sequence[float]) -> dict[int, list[int]]:
        plan: dict[int, list[int]] = defaultdict(list)
        for k, (t, j) in enumerate(self.pairs):
            if values[k] > 0.5:
                plan[j].append(t)
        return {j: sorted(ts) for j, ts in plan.items()}


def build(
    instance: Instance,
    engagements: Iterable[int],
    pairs: list[tuple[int, int]],
    *,
    objective: str,
    max_uncovered: int | None = None,
    integer: bool = True,
    threads: int = 2,
) -> Model:
    """A model over the given engagements and eligible pairs.

    `objective` is "coverage" (fewest uncovered) or "cost" (least travel); with "cost",
    `max_uncovered` caps the uncovered count at what the coverage stage proved possible.
    """
    engagements = list(engagements)
    index = instance.trainer_index()
    fixed = {
        (index[trainer_id], j) for j in engagements for trainer_id in instance.engagements[j].fixed
    }
    cover_row = {j: r for r, j in enumerate(engagements)}
    # Which day and week rows could bind: more than one candidate on a day, more candidate
    # days than the trainer's weekly limit in a week.
    on_day: dict[tuple[int, object], int] = defaultdict(int)
    in_week: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    for t, j in pairs:
        engagement = instance.engagements[j]
        for day in engagement.days:
            on_day[(t, day)] += 1
        for week, count in engagement.weeks.items():
            in_week[(t, week)] += count
    next_row = len(cover_row)
    day_rows: dict[tuple[int, object], int] = {}
    for key, count in on_day.items():
        if count > 1:
            day_rows[key] = next_row
            next_row += 1
    week_rows: dict[tuple[int, tuple[int, int]], int] = {}
    for key, days in in_week.items():
        if days > instance.trainers[key[0]].max_days_per_week:
            week_rows[key] = next_row
            next_row += 1

    starts, rows, values = [0], [], []
    costs, lower, upper = [], [], []
    for t, j in pairs:
        engagement = instance.engagements[j]
        rows.append(cover_row[j])
        values.append(1.0)
        for day in engagement.days:
            row = day_rows.get((t, day))
            if row is not None:
                rows.append(row)
                values.append(1.0)
        for week, count in engagement.weeks.items():
            row = week_rows.get((t, week))
            if row is not None:
                rows.append(row)
                values.append(float(count))
        starts.append(len(rows))
        costs.append(instance.cost[(t, j)] if objective == "cost" else 0.0)
        lower.append(1.0 if (t, j) in fixed else 0.0)
        upper.append(1.0)
    uncover_col = {}
    for j in engagements:
        uncover_col[j] = len(costs)
        rows.append(cover_row[j])
        values.append(float(instance.engagements[j].trainers_needed))
        starts.append(len(rows))
        costs.append(1.0 if objective == "coverage" else 0.0)
        lower.append(0.0)
        upper.append(0.0 if instance.engagements[j].fixed else 1.0)

    row_lower = np.full(next_row, -highspy.kHighsInf)
    row_upper = np.ones(next_row)
    for j, r in cover_row.items():
        row_lower[r] = row_upper[r] = instance.engagements[j].trainers_needed
    for (t, _week), r in week_rows.items():
        row_upper[r] = instance.trainers[t].max_days_per_week

    lp = highspy.HighsLp()
    lp.num_col_ = len(costs)
    lp.num_row_ = next_row
    lp.col_cost_ = np.array(costs)
    lp.col_lower_ = np.array(lower)
    lp.col_upper_ = np.array(upper)
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(rows, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_

    highs = new_highs()
    highs.setOptionValue("threads", threads)
    highs.setOptionValue("random_seed", 1)
    highs.passModel(lp)
    if max_uncovered is not None and uncover_col:
        columns = np.array(list(uncover_col.values()), dtype=np.int32)
        highs.addRow(
            -highspy.kHighsInf, float(max_uncovered), len(columns), columns, np.ones(len(columns))
        )
    return Model(highs, list(pairs), uncover_col, cover_row, day_rows, week_rows, np.array(costs))


_banner_lock = threading.Lock()
_banner_shown = False


def new_highs() -> highspy.Highs:
    """A silent HiGHS.

    The first HiGHS of a process prints its banner straight to file descriptor 1, which would
    spoil `plan_rota --json`; that one is made with stdout pointed at /dev/null.
    """
    global _banner_shown
    with _banner_lock:
        if _banner_shown:
            highs = highspy.Highs()
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                highs = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(devnull)
            _banner_shown = True
    highs.silent()
    return highs


def warm_start(model: Model, plan: dict[int, list[int]]) -> None:
    """Offer a known plan (say the greedy one) as the incumbent to beat."""
    chosen = {(t, j) for j, ts in plan.items() for t in ts}
    values = [1.0 if pair in chosen else 0.0 for pair in model.pairs]
    values += [0.0 if j in plan else 1.0 for j in model.uncover_col]
    solution = highspy.HighsSolution()
    solution.col_value = values
    solution.value_valid = True
    model.highs.setSolution(solution)
