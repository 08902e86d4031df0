"""`make bench`: run every benchmark module in bench/ and print its figures and ratios.

Each benchmark module defines `run() -> list[tuple[str, float, str, float | None]]`:
(what, figure, unit, ratio against its baseline or None). Later issues add modules.
`python -m bench load crash` runs only bench_load and bench_crash.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    modules = [m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")]
    if wanted := {f"bench_{name.removeprefix('bench_')}" for name in sys.argv[1:]}:
        modules = [m for m in modules if m in wanted]
    if not modules:
        print("No benchmarks yet: add bench/bench_<name>.py with a run() function.")
        return 0
    for name in sorted(modules):
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}")
        for what, figure, unit, ratio in module.run():
            ratio_text = f"  ratio {ratio:.2f}" if ratio is not None else ""
            print(f"{what:50} {figure:12.3f} {unit}{ratio_text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
