"""Solve one generated rota in a process of its own and print a JSON summary with peak memory.

python -m bench.rota_solve_one --trainers 60 --engagements 2500 --seed 1 --time-limit 300
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from bench.rota_instances import gen
from breakaway.scheduling.optimiser import plan


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainers", type=int, required=True)
    parser.add_argument("--engagements", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--time-limit", type=float, default=300)
    args = parser.parse_args()
    data = gen(args.trainers, args.engagements, args.seed)
    started = time.monotonic()
    greedy = plan(data, solver="greedy")
    greedy_seconds = time.monotonic() - started
    started = time.monotonic()
    exact = plan(data, time_limit=args.time_limit)
    seconds = time.monotonic() - started
    summary = {
        "seconds": seconds,
        "status": exact["status"],
        "covered": exact["covered"],
        "cost": exact["cost"],
        "lower_bound": exact["lower_bound_cost"],
        "gap": exact["gap"],
        "greedy_seconds": greedy_seconds,
        "greedy_covered": greedy["covered"],
        "greedy_cost": greedy["cost"],
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    json.dump(summary, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
