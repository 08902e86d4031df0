"""Course composer: `compose_course` on realistic catalogues of 20, 30 and 40 modules.

Every length (3h, half-day, 1-day, 2-day), seven risk profiles (a verbal one, a physical one and
five drawn at random), with and without an intensity cap: 168 compositions. The figures are the
worst and the median time of one composition (exact CP-SAT selection, timetable, groups), with
the worst's ratio to the 1-second target, and the one-off cost of importing OR-Tools.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from breakaway.courses.composer import ModuleSpec, compose_course

TARGET_SECONDS = 1.0
AREAS = (
    "verbal_aggression",
    "threatening_behaviour",
    "grabs_and_holds",
    "strangles_and_headlocks",
    "strikes_and_kicks",
    "weapons_and_objects",
    "spitting_and_biting",
    "sexual_aggression",
    "lone_and_community_working",
    "restrictive_intervention",
)
VERBAL_AREAS = (*AREAS[:2], "lone_and_community_working", "sexual_aggression")
PHYSICAL_AREAS = (*AREAS[2:7], "restrictive_intervention")
# phase: (share of the catalogue, intensities, areas to draw from)
PHASE_MIX = {
    "awareness": (0.25, (0, 1), AREAS),
    "de-escalation": (0.2, (0, 1), (*VERBAL_AREAS, "strikes_and_kicks")),
    "breakaway": (0.3, (2, 3), PHYSICAL_AREAS),
    "scenarios": (0.15, (1, 2, 3), AREAS),
    "review": (0.1, (0,), ()),
}


def catalogue(size: int, rng: random.Random) -> list[ModuleSpec]:
    modules = [
        ModuleSpec("LAW-01", "The law on reasonable force", 30, 0, True,
                   frozenset({"restrictive_intervention"}), "law"),
        ModuleSpec("LAW-02", "Duty of care", 20, 0, True, frozenset(), "law"),
    ]  # fmt: skip
    phases = list(PHASE_MIX)
    weights = [PHASE_MIX[p][0] for p in phases]
    for n in range(size - 2):
        phase = rng.choices(phases, weights)[0]
        _, intensities, pool = PHASE_MIX[phase]
        minutes = rng.randrange(15, 95, 5)
        areas = frozenset(rng.sample(pool, rng.randint(1, min(3, len(pool))))) if pool else None
        modules.append(
            ModuleSpec(
                code=f"{phase[:3].upper()}-{n:02d}",
                title=f"{phase} module {n}",
                minutes=minutes,
                intensity=rng.choice(intensities),
                risk_areas=areas or frozenset(),
                phase=phase,
                min_minutes=rng.randrange(15, minutes + 1, 5) if rng.random() < 0.3 else None,
            )
        )
    return modules


def profiles(rng: random.Random) -> list[dict[str, int]]:
    verbal = {a: (20 if a in AREAS[:2] else rng.randint(1, 4)) for a in AREAS}
    physical = {a: (20 if a in AREAS[2:4] else rng.randint(1, 8)) for a in AREAS}
    drawn = [{a: rng.randint(1, 25) for a in AREAS} for _ in range(5)]
    return [verbal, physical, *drawn]


def run() -> list[tuple[str, float, str, float | None]]:
    rng = random.Random(41)
    started = time.perf_counter()
    already = "ortools.sat.python.cp_model" in sys.modules
    from ortools.sat.python import cp_model  # noqa: F401 (timed: the one-off import)

    import_seconds = time.perf_counter() - started
    # Warm up the capacity cache once, outside the timings.
    compose_course(catalogue(20, rng), profiles(rng)[0], "1-day", 12)

    timings: list[float] = []
    worst_case = ""
    for size in (20, 30, 40):
        modules = catalogue(size, rng)
        for profile_number, scores in enumerate(profiles(rng)):
            for length in ("3h", "half-day", "1-day", "2-day"):
                for cap in (None, 2):
                    begin = time.perf_counter()
                    course = compose_course(modules, scores, length, 30, max_intensity=cap)
                    elapsed = time.perf_counter() - begin
                    assert course.optimal
                    if not timings or elapsed > max(timings):
                        worst_case = f"{size} modules, {length}, profile {profile_number}"
                    timings.append(elapsed)
    worst = max(timings)
    print(f"worst case: {worst_case}; {len(timings)} compositions")
    return [
        ("compose, worst of 168 (20–40 modules)", worst * 1000, "ms", worst / TARGET_SECONDS),
        ("compose, median", statistics.median(timings) * 1000, "ms", None),
        (
            "OR-Tools import (once per process)" + (" [already loaded]" if already else ""),
            import_seconds * 1000,
            "ms",
            None,
        ),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
