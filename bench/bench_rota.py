"""Rota optimiser: generated UK instances (bench/rota_instances.py), exact against greedy.

- A year for one provider (20 trainers, 250 engagements), seeds 1-8: the optimum proven
  (gap <= 0.1%) in <= 10 s.
- National scale (60 trainers, 2,500 engagements), seeds 1-3: coverage equal to the optimum
  and cost within 1% of the lower bound in <= 5 minutes on 2 cores, under 2 GB.

Each solve runs in a process of its own so its peak memory is its own. Figures per seed:
seconds, status, gap to the proven bound, and coverage and miles against the greedy plan a
person would make (date order, nearest free trainer).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR_SEEDS = range(1, 9)
NATIONAL_SEEDS = range(1, 4)


def _solve(trainers: int, engagements: int, seed: int, limit: float) -> dict:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "bench.rota_solve_one",
            "--trainers",
            str(trainers),
            "--engagements",
            str(engagements),
            "--seed",
            str(seed),
            "--time-limit",
            str(limit),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(done.stdout)


def _scale(name: str, trainers: int, engagements: int, seeds: range, limit: float, target: float):
    rows = []
    results = []
    for seed in seeds:
        r = _solve(trainers, engagements, seed, limit)
        results.append(r)
        print(
            f"   {name} seed {seed}: {r['status']:8} {r['seconds']:7.1f} s  gap {r['gap']:.4%}  "
            f"covered {r['covered']} (greedy {r['greedy_covered']})  miles {r['cost']:,.0f} "
            f"(greedy {r['greedy_cost']:,.0f}, bound {r['lower_bound']:,.0f})  "
            f"{r['max_rss_mb']:.0f} MB",
            flush=True,
        )
    worst = max(r["seconds"] for r in results)
    rows.append((f"{name}: worst seconds (target {target:g})", worst, "s", worst / target))
    rows.append(
        (f"{name}: worst gap to lower bound", 100 * max(r["gap"] for r in results), "%", None)
    )
    rows.append(
        (
            f"{name}: engagements covered, exact / greedy",
            sum(r["covered"] for r in results) / len(results),
            "avg",
            sum(r["covered"] for r in results) / sum(r["greedy_covered"] for r in results),
        )
    )
    rows.append(
        (
            f"{name}: miles, exact / greedy (same seeds)",
            sum(r["cost"] for r in results) / len(results),
            "avg",
            sum(r["cost"] for r in results) / sum(r["greedy_cost"] for r in results),
        )
    )
    rows.append((f"{name}: peak memory", max(r["max_rss_mb"] for r in results), "MB", None))
    proven = sum(r["status"] == "optimal" for r in results)
    rows.append((f"{name}: solved to proven optimum", proven, f"of {len(results)}", None))
    return rows


def run() -> list[tuple[str, float, str, float | None]]:
    rows = _scale("year 20x250", 20, 250, YEAR_SEEDS, limit=10, target=10)
    rows += _scale("national 60x2500", 60, 2500, NATIONAL_SEEDS, limit=300, target=300)
    return rows
