"""Compose a bespoke course from the module catalogue, a risk profile and the client's constraints.

A pure module: no Django, no database. The lead wires it to the catalogue and the command.

    course = compose_course(modules, {"verbal_aggression": 20, ...}, "1-day", 30)
    course.to_dict()

The selection is exact (OR-Tools CP-SAT, solved lexicographically):

1. maximise the summed score of the risk areas covered (an area is covered when a chosen module
   addresses it);
2. then maximise the teaching minutes, within the teaching capacity of the length;
3. then maximise the relevance: for each chosen module, the scores of the areas it addresses,
   added up (so spare time goes to more depth on the highest risks);
4. then prefer modules with lower codes (weights 2^(n-1-rank) in code order), so ties are broken
   the same way every time.

The model is built from the catalogue sorted by code and solved by one worker with a fixed seed,
so the same inputs in any order give the same course. The timetable, the breaks, the lunch and
the group sizes follow fixed rules; docs/course-composer.md explains them with the numbers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

PHASES: tuple[str, ...] = (
    "law",
    "awareness",
    "de-escalation",
    "breakaway",
    "scenarios",
    "review",
)
"""The named phases, in course order. A module may give an int instead (its rank here)."""

HIGH_SCORE = 8
"""Risk areas scored at least this get a reason when they are not covered."""

MAX_RUN = 90
"""At most this many minutes of teaching without a break."""

BREAK_MINUTES = 10
LUNCH_MINUTES = 30
LUNCH_WINDOW = 45
"""The middle of lunch is at most this many minutes from the middle of the day."""

MIN_MODULE_MINUTES = 5
MAX_MODULE_MINUTES = 900

RATIO_NON_PHYSICAL = 16
RATIO_PHYSICAL = 12
RATIO_MOST_PHYSICAL = 8

SOLVER_SEED = 20


class CourseDoesNotFit(Exception):  # noqa: N818 (the name is the contract)
    """The constraints leave no course: the required modules do not fit, or conflict."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Length:
    key: str
    label: str
    days: int
    day_minutes: int
    lunch: bool

    @property
    def day_capacity(self) -> int:
        """Teaching minutes one day can hold once its breaks (and lunch) are in."""
        return day_teaching_capacity(self.day_minutes, LUNCH_MINUTES if self.lunch else None)

    @property
    def capacity(self) -> int:
        return self.days * self.day_capacity


LENGTHS: dict[str, Length] = {
    "3h": Length("3h", "3-hour course", 1, 180, False),
    "half-day": Length("half-day", "half-day course", 1, 210, False),
    "1-day": Length("1-day", "1-day course", 1, 450, True),
    "2-day": Length("2-day", "2-day course", 2, 450, True),
}


def phase_rank(phase: str | int) -> int:
    if isinstance(phase, bool):
        raise ValueError(f"phase must be one of {', '.join(PHASES)} or an int, not {phase!r}")
    if isinstance(phase, int):
        if phase < 0:
            raise ValueError(f"a phase rank cannot be negative: {phase}")
        return phase
    try:
        return PHASES.index(phase)
    except ValueError:
        raise ValueError(
            f"unknown phase {phase!r}: use one of {', '.join(PHASES)} or an int"
        ) from None


@dataclass(frozen=True)
class ModuleSpec:
    """One module of the catalogue, as the composer needs it."""

    code: str
    title: str
    minutes: int
    intensity: int = 0
    mandatory: bool = False
    risk_areas: frozenset[str] = frozenset()
    phase: str | int = "awareness"
    min_minutes: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise ValueError("a module needs a code")
        if not (MIN_MODULE_MINUTES <= self.minutes <= MAX_MODULE_MINUTES):
            raise ValueError(
                f"{self.code}: minutes must be {MIN_MODULE_MINUTES}–{MAX_MODULE_MINUTES}, "
                f"not {self.minutes}"
            )
        if not (0 <= self.intensity <= 3):
            raise ValueError(f"{self.code}: intensity must be 0–3, not {self.intensity}")
        if self.min_minutes is not None and not (
            MIN_MODULE_MINUTES <= self.min_minutes <= self.minutes
        ):
            raise ValueError(
                f"{self.code}: min_minutes must be {MIN_MODULE_MINUTES}–{self.minutes}, "
                f"not {self.min_minutes}"
            )
        phase_rank(self.phase)
        if not isinstance(self.risk_areas, frozenset):
            object.__setattr__(self, "risk_areas", frozenset(self.risk_areas))

    @property
    def shortest(self) -> int:
        """The fewest minutes the module may be given."""
        return self.min_minutes if self.min_minutes is not None else self.minutes

    @property
    def order_key(self) -> tuple[int, str]:
        """Where the module goes in a course: by phase, then by code."""
        return (phase_rank(self.phase), self.code)


@dataclass(frozen=True)
class ChosenModule:
    code: str
    title: str
    minutes: int
    intensity: int
    phase: str | int
    reason: str
    covers: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "minutes": self.minutes,
            "intensity": self.intensity,
            "phase": self.phase,
            "reason": self.reason,
            "covers": list(self.covers),
        }


@dataclass(frozen=True)
class TimetableEntry:
    day: int
    start: str
    end: str
    kind: str  # "module" | "break" | "lunch"
    code: str | None
    title: str

    @property
    def minutes(self) -> int:
        return _minutes_of(self.end) - _minutes_of(self.start)

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "code": self.code,
            "title": self.title,
        }


@dataclass(frozen=True)
class Group:
    attendees: int
    trainers: int

    def to_dict(self) -> dict[str, int]:
        return {"attendees": self.attendees, "trainers": self.trainers}


@dataclass(frozen=True)
class AreaCoverage:
    id: str
    score: int
    covered_by: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "covered_by": list(self.covered_by),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ComposedCourse:
    length: str
    start: str
    days: int
    modules: tuple[ChosenModule, ...]
    timetable: tuple[TimetableEntry, ...]
    contact_minutes: int
    teaching_capacity: int
    attendees_per_trainer: int
    groups: tuple[Group, ...]
    risk_areas: tuple[AreaCoverage, ...]
    covered_score: int
    possible_score: int
    optimal: bool = field(default=True)

    @property
    def not_covered(self) -> tuple[AreaCoverage, ...]:
        """The high-scored areas (score ≥ 8) that the course does not cover."""
        return tuple(a for a in self.risk_areas if not a.covered_by and a.score >= HIGH_SCORE)

    @property
    def total_minutes(self) -> int:
        """Every day's span from its first start to its last end, added up."""
        total = 0
        for day in range(1, self.days + 1):
            entries = [e for e in self.timetable if e.day == day]
            if entries:
                total += _minutes_of(entries[-1].end) - _minutes_of(entries[0].start)
        return total

    @property
    def trainers(self) -> int:
        return sum(g.trainers for g in self.groups)

    def to_dict(self) -> dict[str, Any]:
        return {
            "length": self.length,
            "start": self.start,
            "days": self.days,
            "modules": [m.to_dict() for m in self.modules],
            "timetable": [e.to_dict() for e in self.timetable],
            "contact_minutes": self.contact_minutes,
            "total_minutes": self.total_minutes,
            "teaching_capacity": self.teaching_capacity,
            "attendees_per_trainer": self.attendees_per_trainer,
            "groups": [g.to_dict() for g in self.groups],
            "trainers": self.trainers,
            "risk_areas": [a.to_dict() for a in self.risk_areas],
            "not_covered": [
                {"id": a.id, "score": a.score, "reason": a.reason} for a in self.not_covered
            ],
            "covered_score": self.covered_score,
            "possible_score": self.possible_score,
            "optimal": self.optimal,
        }


# ---------------------------------------------------------------------------- time arithmetic

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _minutes_of(clock: str) -> int:
    match = _CLOCK.match(clock)
    if not match:
        raise ValueError(f"a time must be HH:MM, not {clock!r}")
    return int(match.group(1)) * 60 + int(match.group(2))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def breaks_needed(teaching: int) -> int:
    """Breaks for `teaching` minutes taught in one stretch (no lunch): runs of ≤ 90."""
    return max(0, math.ceil(teaching / MAX_RUN) - 1)


def session_span(teaching: int) -> int:
    return teaching + BREAK_MINUTES * breaks_needed(teaching)


def _lunch_options(teaching: int, day_minutes: int, lunch: int) -> list[tuple[int, int, int]]:
    """Every morning length that fits: (morning teaching, doubled distance from the middle, span).

    The morning and the afternoon each get the breaks they need; lunch is the break between.
    The distance is between the middle of lunch and the middle of the day (doubled: integers).
    """
    options = []
    for morning in range(1, teaching):
        afternoon = teaching - morning
        span = session_span(morning) + lunch + session_span(afternoon)
        if span > day_minutes:
            continue
        distance2 = abs(2 * session_span(morning) + lunch - span)
        options.append((morning, distance2, span))
    return options


@cache
def day_teaching_capacity(day_minutes: int, lunch: int | None) -> int:
    """The most teaching minutes a day can hold, so that every smaller amount fits too.

    Without lunch: the largest T with T + 10 × (⌈T/90⌉ − 1) ≤ the day. With lunch: the largest T
    such that every amount up to T can be split around a lunch in the middle (±45 minutes) with
    runs of at most 90 minutes and the whole day within its length.
    """
    if lunch is None:
        teaching = day_minutes
        while teaching > 0 and session_span(teaching) > day_minutes:
            teaching -= 1
        return teaching
    teaching = 1
    while True:
        nxt = teaching + 1
        if not any(d2 <= 2 * LUNCH_WINDOW for _, d2, _ in _lunch_options(nxt, day_minutes, lunch)):
            return teaching
        teaching = nxt


# ---------------------------------------------------------------------------- group sizes


def attendees_per_trainer(max_intensity: int) -> int:
    """16 for a course with no physical content, 12 up to intensity 2, 8 with intensity 3."""
    if max_intensity <= 0:
        return RATIO_NON_PHYSICAL
    if max_intensity <= 2:
        return RATIO_PHYSICAL
    return RATIO_MOST_PHYSICAL


def split_groups(headcount: int, ratio: int, max_group_size: int | None = None) -> list[Group]:
    """The fewest groups, as equal as possible (larger groups first).

    A group is taught together for the whole course. By default it has one trainer and at most
    `ratio` attendees; `max_group_size` sets the largest group instead, with ⌈size / ratio⌉
    trainers.
    """
    if headcount < 1:
        raise ValueError(f"the headcount must be at least 1, not {headcount}")
    if max_group_size is not None and max_group_size < 1:
        raise ValueError(f"max_group_size must be at least 1, not {max_group_size}")
    largest = max_group_size if max_group_size is not None else ratio
    count = math.ceil(headcount / largest)
    base, extra = divmod(headcount, count)
    sizes = [base + 1] * extra + [base] * (count - extra)
    return [Group(size, math.ceil(size / ratio)) for size in sizes]


# ---------------------------------------------------------------------------- the timetable

Piece = tuple[str, int]  # (module code, minutes) taught in one day


def _session_cuts(begin: int, end: int, bounds: frozenset[int]) -> list[int]:
    """Where the breaks go in a stretch of teaching: the fewest breaks, runs of ≤ 90 minutes.

    Each cut goes at a module boundary when one is in reach (the one nearest an even spacing),
    otherwise it splits a module at the even spacing.
    """
    total = end - begin
    count = breaks_needed(total)
    cuts: list[int] = []
    previous = begin
    for k in range(1, count + 1):
        runs_after = count + 1 - k  # runs still to come after this cut
        low = max(previous + 1, end - MAX_RUN * runs_after)
        high = min(previous + MAX_RUN, end - runs_after)
        target2 = 2 * previous + (2 * (end - previous)) // (runs_after + 1)
        inside = [b for b in bounds if low <= b <= high]
        if inside:
            cut = min(inside, key=lambda b: (abs(2 * b - target2), -b))
        else:
            cut = min(max(target2 // 2, low), high)
        cuts.append(cut)
        previous = cut
    return cuts


def _day_cuts(teaching: int, morning: int, bounds: frozenset[int]) -> dict[int, str]:
    """The pauses of a day with lunch after `morning` teaching minutes: offset → kind."""
    pauses = dict.fromkeys(_session_cuts(0, morning, bounds), "break")
    pauses[morning] = "lunch"
    pauses.update(dict.fromkeys(_session_cuts(morning, teaching, bounds), "break"))
    return pauses


def _choose_lunch(teaching: int, day_minutes: int, bounds: frozenset[int]) -> dict[int, str]:
    """Lunch within 45 minutes of the middle of the day, splitting as few modules as it can.

    Among the places for lunch that fit the day, those whose lunch and breaks split the fewest
    modules win, then the one nearest the middle, then the earliest.
    """
    options = _lunch_options(teaching, day_minutes, LUNCH_MINUTES)
    if not options:
        raise AssertionError(f"{teaching} teaching minutes do not fit a {day_minutes}-minute day")
    near = [o for o in options if o[1] <= 2 * LUNCH_WINDOW] or options
    best: tuple[tuple[int, int, int], dict[int, str]] | None = None
    for morning, distance2, _ in near:
        pauses = _day_cuts(teaching, morning, bounds)
        splits = sum(1 for cut in pauses if cut not in bounds)
        key = (splits, distance2, morning)
        if best is None or key < best[0]:
            best = (key, pauses)
    return best[1] if best is not None else {}


def _plan_day(pieces: list[Piece], day_minutes: int, lunch: bool) -> list[tuple[str, str, int]]:
    """One day's entries in order, as (kind, code, minutes); kind module, break or lunch."""
    teaching = sum(m for _, m in pieces)
    if teaching == 0:
        return []
    bounds: set[int] = set()
    position = 0
    for _, minutes in pieces[:-1]:
        position += minutes
        bounds.add(position)
    frozen = frozenset(bounds)
    pauses: dict[int, str] = {}
    if lunch and teaching >= 2:
        pauses.update(_choose_lunch(teaching, day_minutes, frozen))
    else:
        pauses.update(dict.fromkeys(_session_cuts(0, teaching, frozen), "break"))
    entries: list[tuple[str, str, int]] = []
    position = 0
    for code, minutes in pieces:
        end = position + minutes
        for cut in sorted(c for c in pauses if position < c <= end):
            if cut > position:
                entries.append(("module", code, cut - position))
            position = cut
            if cut < teaching:
                kind = pauses[cut]
                entries.append((kind, "", LUNCH_MINUTES if kind == "lunch" else BREAK_MINUTES))
        if end > position:
            entries.append(("module", code, end - position))
        position = end
    return entries


def _split_days(pieces: list[Piece], day_capacity: int) -> int | None:
    """Where day 2 starts, in teaching minutes: the most even split that keeps modules whole.

    A module is split across the days only when it is longer than a day's teaching. None when
    there is no such split.
    """
    total = sum(m for _, m in pieces)
    candidates: list[int] = []
    position = 0
    for point in [0, *[sum(m for _, m in pieces[: i + 1]) for i in range(len(pieces))]]:
        if point <= day_capacity and total - point <= day_capacity:
            candidates.append(point)
    for _, minutes in pieces:
        if minutes > day_capacity:
            low = max(position + 1, total - day_capacity)
            high = min(position + minutes - 1, day_capacity)
            if low <= high:
                candidates.append(min(max(total // 2, low), high))
        position += minutes
    if not candidates:
        return None
    return min(candidates, key=lambda p: (abs(2 * p - total), -p))


def _days_of(order: list[Piece], length: Length) -> list[list[Piece]] | None:
    if length.days == 1:
        return [order]
    cut = _split_days(order, length.day_capacity)
    if cut is None:
        return None
    first: list[Piece] = []
    second: list[Piece] = []
    position = 0
    for code, minutes in order:
        end = position + minutes
        if end <= cut:
            first.append((code, minutes))
        elif position >= cut:
            second.append((code, minutes))
        else:
            first.append((code, cut - position))
            second.append((code, end - cut))
        position = end
    return [first, second]


def build_timetable(
    order: list[Piece], length: Length, start: str, titles: Mapping[str, str]
) -> list[TimetableEntry]:
    """The timetable of modules already chosen and ordered, with clock times."""
    days = _days_of(order, length)
    if days is None:
        raise AssertionError("the chosen modules cannot be split into days")
    opening = _minutes_of(start)
    timetable: list[TimetableEntry] = []
    for number, pieces in enumerate(days, start=1):
        clock = opening
        for kind, code, minutes in _plan_day(pieces, length.day_minutes, length.lunch):
            title = titles[code] if kind == "module" else kind.capitalize()
            timetable.append(
                TimetableEntry(
                    day=number,
                    start=_clock(clock),
                    end=_clock(clock + minutes),
                    kind=kind,
                    code=code if kind == "module" else None,
                    title=title,
                )
            )
            clock += minutes
    return timetable


# ---------------------------------------------------------------------------- the selection


@dataclass(frozen=True)
class _Selection:
    minutes: dict[str, int]
    optimal: bool


def _solve_selection(
    eligible: list[ModuleSpec],
    required: set[str],
    scores: Mapping[str, int],
    length: Length,
    time_limit: float,
) -> _Selection | None:
    """The exact selection, None when infeasible. Lexicographic: the covered score, then the
    minutes, then the relevance (each chosen module's addressed scores, added up), then codes."""
    from ortools.sat.python import cp_model  # imported late: it takes a second or two

    modules = sorted(eligible, key=lambda m: m.code)
    model = cp_model.CpModel()
    chosen = {}
    minutes = {}
    for index, module in enumerate(modules):
        x = model.new_bool_var(f"x{index}")
        d = model.new_int_var(0, module.minutes, f"d{index}")
        model.add(d >= module.shortest).only_enforce_if(x)
        model.add(d == 0).only_enforce_if(~x)
        if module.code in required:
            model.add(x == 1)
        chosen[module.code] = x
        minutes[module.code] = d

    covered = []
    for area in sorted(scores):
        coverers = [chosen[m.code] for m in modules if area in m.risk_areas]
        if not coverers:
            continue
        c = model.new_bool_var(f"c_{area}")
        model.add(c <= sum(coverers))
        covered.append((scores[area], c))

    cap = length.day_capacity
    if length.days == 1:
        model.add(sum(minutes.values()) <= cap)
    else:
        # Two days: modules in course order, day 1 then day 2; a module longer than a day's
        # teaching may span the night (at most one can), all others sit wholly in one day.
        order = sorted(modules, key=lambda m: m.order_key)
        day1, day2, span = [], [], []
        firsts, seconds = [], []
        for index, module in enumerate(order):
            y = model.new_bool_var(f"y{index}")
            z = model.new_bool_var(f"z{index}")
            s = model.new_bool_var(f"s{index}")
            a = model.new_int_var(0, module.minutes, f"a{index}")
            b = model.new_int_var(0, module.minutes, f"b{index}")
            model.add(y + z + s == chosen[module.code])
            model.add(a + b == minutes[module.code])
            model.add(b == 0).only_enforce_if(y)
            model.add(a == 0).only_enforce_if(z)
            if module.minutes > cap:
                model.add(minutes[module.code] >= cap + 1).only_enforce_if(s)
                model.add(a >= 1).only_enforce_if(s)
                model.add(b >= 1).only_enforce_if(s)
            else:
                model.add(s == 0)
            if module.shortest > cap:
                model.add(y == 0)
                model.add(z == 0)
            day1.append(y)
            day2.append(z)
            span.append(s)
            firsts.append(a)
            seconds.append(b)
        model.add(sum(firsts) <= cap)
        model.add(sum(seconds) <= cap)
        model.add(sum(span) <= 1)
        for j in range(len(order)):
            for i in range(j):
                model.add(day1[j] + day2[i] <= 1)
                model.add(day1[j] + span[i] <= 1)
                model.add(span[j] + day2[i] <= 1)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = SOLVER_SEED
    solver.parameters.max_time_in_seconds = time_limit
    optimal = True

    def stage(objective: Any) -> int | None:
        nonlocal optimal
        model.maximize(objective)
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            return None
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            name = solver.status_name()
            raise RuntimeError(f"the course solver stopped without a course: {name}")
        optimal = optimal and status == cp_model.OPTIMAL
        value = round(solver.objective_value)
        model.add(objective >= value)
        model.clear_hints()
        for code in chosen:
            model.add_hint(chosen[code], solver.boolean_value(chosen[code]))
            model.add_hint(minutes[code], solver.value(minutes[code]))
        return value

    if stage(sum(score * c for score, c in covered)) is None:
        return None
    stage(sum(minutes.values()))
    relevance = [sum(scores.get(a, 0) for a in m.risk_areas) for m in modules]
    stage(sum(r * chosen[m.code] for r, m in zip(relevance, modules, strict=True)))
    n = len(modules)
    weights = [2 ** (n - 1 - r) if n <= 60 else n - r for r in range(n)]
    stage(sum(w * chosen[m.code] for w, m in zip(weights, modules, strict=True)))
    result = {
        m.code: solver.value(minutes[m.code])
        for m in modules
        if solver.boolean_value(chosen[m.code])
    }
    return _Selection(result, optimal)


def _canonical_minutes(
    selected: list[ModuleSpec], solved: dict[str, int], length: Length
) -> dict[str, int]:
    """Given the same total, give the full minutes to the modules earliest in the course.

    The solver settles the total; shortening then falls on the latest modules, whatever the
    solver's tie. For two days the canonical minutes are used only when they still split.
    """
    total = sum(solved.values())
    ordered = sorted(selected, key=lambda m: m.order_key)
    spare = total - sum(m.shortest for m in ordered)
    result = {}
    for module in ordered:
        extra = min(spare, module.minutes - module.shortest)
        result[module.code] = module.shortest + extra
        spare -= extra
    if length.days > 1:
        pieces = [(m.code, result[m.code]) for m in ordered]
        if _split_days(pieces, length.day_capacity) is None:
            return dict(solved)
    return result


# ---------------------------------------------------------------------------- reasons


def _score_list(areas: Iterable[str], scores: Mapping[str, int]) -> str:
    ranked = sorted(areas, key=lambda a: (-scores[a], a))
    return ", ".join(f"{a} ({scores[a]})" for a in ranked)


def _module_reason(
    module: ModuleSpec, include: set[str], scores: Mapping[str, int], first: set[str]
) -> str:
    """Why a module is in: mandatory, asked for, the areas it covers, or the spare time.

    An area covered by several chosen modules counts for the first of them in the course; the
    others "also address" it.
    """
    parts = []
    if module.mandatory:
        parts.append("mandatory")
    elif module.code in include:
        parts.append("you asked for it")
    scored = [a for a in module.risk_areas if a in scores]
    if not parts and not first:
        parts.append("uses spare teaching time")
    if first:
        parts.append(f"covers {_score_list(first, scores)}")
    again = [a for a in scored if a not in first]
    if again:
        parts.append(f"also addresses {_score_list(again, scores)}")
    elif not scored and parts == ["uses spare teaching time"]:
        parts[0] += " (it addresses no scored risk area)"
    return "; ".join(parts)


def _area_reason(
    area: str,
    covered_by: list[str],
    catalogue: list[ModuleSpec],
    eligible: set[str],
    exclude: set[str],
    max_intensity: int | None,
    required_minutes: int,
    required_label: str,
    length: Length,
) -> str:
    if covered_by:
        return f"covered by {', '.join(covered_by)}"
    addressing = [m for m in catalogue if area in m.risk_areas]
    if not addressing:
        return "not covered: no module in the catalogue addresses it"
    usable = [m for m in addressing if m.code in eligible]
    if not usable:
        parts = []
        capped = [m for m in addressing if m.code not in exclude]
        excluded = [m for m in addressing if m.code in exclude]
        if capped:
            listed = ", ".join(f"{m.code} (intensity {m.intensity})" for m in capped)
            parts.append(f"excluded by the intensity cap (max {max_intensity}): {listed}")
        if excluded:
            parts.append(f"you excluded {', '.join(m.code for m in excluded)}")
        return "not covered: " + "; ".join(parts)
    shortest = min(usable, key=lambda m: (m.shortest, m.code))
    if required_minutes + shortest.shortest > length.capacity:
        return (
            f"not covered: no module that addresses it fits in a {length.label} after "
            f"{required_label} ({required_minutes} of the {length.capacity} teaching minutes are "
            f"taken; the shortest module that addresses it, {shortest.code}, needs "
            f"{shortest.shortest})"
        )
    codes = ", ".join(m.code for m in sorted(usable, key=lambda m: m.code))
    return (
        f"not covered: {codes} would address it, but in place of modules that cover as much "
        "or more of the risk score"
    )


# ---------------------------------------------------------------------------- compose


def compose_course(
    modules: Iterable[ModuleSpec],
    risk_scores: Mapping[str, int],
    length: str,
    headcount: int,
    *,
    max_intensity: int | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    start: str = "09:00",
    max_group_size: int | None = None,
    time_limit: float = 10.0,
) -> ComposedCourse:
    """Compose the course. Raises CourseDoesNotFit, or ValueError for malformed input."""
    catalogue = sorted(modules, key=lambda m: m.code)
    by_code = {m.code: m for m in catalogue}
    if len(by_code) != len(catalogue):
        twice = sorted(c for c, n in Counter(m.code for m in catalogue).items() if n > 1)
        raise ValueError(f"the catalogue has the code {', '.join(twice)} more than once")
    if length not in LENGTHS:
        raise ValueError(f"unknown length {length!r}: use one of {', '.join(LENGTHS)}")
    rule = LENGTHS[length]
    if headcount < 1:
        raise ValueError(f"the headcount must be at least 1, not {headcount}")
    if max_group_size is not None and max_group_size < 1:
        raise ValueError(f"max_group_size must be at least 1, not {max_group_size}")
    if max_intensity is not None and not (0 <= max_intensity <= 3):
        raise ValueError(f"max_intensity must be 0–3, not {max_intensity}")
    opening = _minutes_of(start)
    if opening + rule.day_minutes > 24 * 60:
        raise ValueError(f"a {rule.label} starting at {start} would run past midnight")
    scores = dict(risk_scores)
    for area, score in scores.items():
        if isinstance(score, bool) or not isinstance(score, int) or not (1 <= score <= 25):
            raise ValueError(f"the score of {area} must be 1–25, not {score!r}")
    include_set = set(include)
    exclude_set = set(exclude)
    unknown = sorted((include_set | exclude_set) - by_code.keys())
    if unknown:
        raise ValueError(f"no module in the catalogue has the code {', '.join(unknown)}")

    mandatory = {m.code for m in catalogue if m.mandatory}
    required = mandatory | include_set
    conflicts = []
    for code in sorted(mandatory & exclude_set):
        conflicts.append(f"{code} is mandatory and cannot be excluded")
    for code in sorted((include_set - mandatory) & exclude_set):
        conflicts.append(f"{code} is both asked for and excluded")
    if max_intensity is not None:
        for code in sorted(required):
            module = by_code[code]
            if module.intensity > max_intensity:
                why = "is mandatory" if module.mandatory else "was asked for"
                conflicts.append(
                    f"{code} ({module.title}) {why} but its intensity {module.intensity} is "
                    f"above the cap of {max_intensity}"
                )
    if conflicts:
        raise CourseDoesNotFit("; ".join(conflicts) + ".")

    required_label = (
        "the mandatory modules"
        if required == mandatory
        else "the mandatory modules and the ones you asked for"
    )
    required_minutes = sum(by_code[c].shortest for c in required)
    eligible = [
        m
        for m in catalogue
        if m.code in required
        or (m.code not in exclude_set and (max_intensity is None or m.intensity <= max_intensity))
    ]
    selection = None
    if required_minutes <= rule.capacity:
        selection = _solve_selection(eligible, required, scores, rule, time_limit)
    if selection is None:
        listed = ", ".join(f"{c} {by_code[c].shortest} min" for c in sorted(required)) or "none"
        if required_minutes > rule.capacity:
            detail = f"{required_minutes} minutes"
        else:
            detail = f"{required_minutes} minutes, which cannot be split into whole days"
        raise CourseDoesNotFit(
            f"{required_label.capitalize()} ({listed}: {detail}) do not fit in a "
            f"{rule.label}, which has {rule.capacity} minutes of teaching once the breaks "
            f"{'and lunch ' if rule.lunch else ''}are in."
        )

    selected = [by_code[c] for c in selection.minutes]
    chosen_minutes = _canonical_minutes(selected, selection.minutes, rule)
    ordered = sorted(selected, key=lambda m: m.order_key)
    titles = {m.code: m.title for m in ordered}
    timetable = build_timetable(
        [(m.code, chosen_minutes[m.code]) for m in ordered], rule, start, titles
    )

    covers: dict[str, list[str]] = {area: [] for area in scores}
    for module in ordered:
        for area in module.risk_areas:
            if area in covers:
                covers[area].append(module.code)
    chosen = tuple(
        ChosenModule(
            code=m.code,
            title=m.title,
            minutes=chosen_minutes[m.code],
            intensity=m.intensity,
            phase=m.phase,
            reason=_module_reason(
                m, include_set, scores, {a for a, codes in covers.items() if codes[:1] == [m.code]}
            ),
            covers=tuple(sorted(a for a in m.risk_areas if a in scores)),
        )
        for m in ordered
    )
    eligible_codes = {m.code for m in eligible}
    areas = tuple(
        AreaCoverage(
            id=area,
            score=scores[area],
            covered_by=tuple(sorted(covers[area])),
            reason=_area_reason(
                area,
                sorted(covers[area]),
                catalogue,
                eligible_codes,
                exclude_set,
                max_intensity,
                required_minutes,
                required_label,
                rule,
            ),
        )
        for area in sorted(scores, key=lambda a: (-scores[a], a))
    )
    ratio = attendees_per_trainer(max((m.intensity for m in ordered), default=0))
    return ComposedCourse(
        length=length,
        start=start,
        days=rule.days,
        modules=chosen,
        timetable=tuple(timetable),
        contact_minutes=sum(chosen_minutes.values()),
        teaching_capacity=rule.capacity,
        attendees_per_trainer=ratio,
        groups=tuple(split_groups(headcount, ratio, max_group_size)),
        risk_areas=areas,
        covered_score=sum(a.score for a in areas if a.covered_by),
        possible_score=sum(scores.values()),
        optimal=selection.optimal,
    )


# ---------------------------------------------------------------------------- arrange


class ArrangementDoesNotFit(CourseDoesNotFit):
    """The designer's arrangement breaks rules; `problems` lists every one, in page order."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = tuple(problems)


def _arrangement_problems(
    modules: Sequence[tuple[ModuleSpec, int]],
    rule: Length,
    max_intensity: int | None,
    required: set[str],
    phase_names: Mapping[int, str],
) -> list[str]:
    """Every rule the arrangement breaks, each as a sentence that says how to put it right."""
    problems: list[str] = []
    if not modules:
        problems.append("The course has no modules: add at least one.")
    codes = [m.code for m, _ in modules]
    for code in sorted(c for c, n in Counter(codes).items() if n > 1):
        problems.append(f"{code} is in the course more than once: remove all but one.")
    for code in sorted(required - set(codes)):
        problems.append(f"{code} is mandatory and must stay in the course: add it back.")
    for module, minutes in modules:
        if max_intensity is not None and module.intensity > max_intensity:
            problems.append(
                f"{module.code} ({module.title}) has intensity {module.intensity}, above this "
                f"course's cap of {max_intensity}: remove it."
            )
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
            problems.append(
                f"{module.code} ({module.title}) needs a whole number of minutes above 0, "
                f"not {minutes}."
            )
        elif minutes < module.shortest:
            problems.append(
                f"{module.code} ({module.title}) needs at least {module.shortest} minutes, "
                f"not {minutes}."
            )
    for index in range(1, len(modules)):
        before, after = modules[index - 1][0], modules[index][0]
        if phase_rank(before.phase) > phase_rank(after.phase):
            first, then = (_phase_words(m.phase, phase_names) for m in (after, before))
            problems.append(
                f"{after.code} ({first}) comes after {before.code} ({then}): {first} modules "
                f"go before {then} ones, so move {after.code} up or {before.code} down."
            )
    if any(not isinstance(m, int) or isinstance(m, bool) or m < 1 for _, m in modules):
        return problems  # the teaching time cannot be added up yet
    teaching = sum(m for _, m in modules)
    breaks = "breaks and lunch" if rule.lunch else "breaks"
    if teaching > rule.capacity:
        problems.append(
            f"The modules take {teaching} minutes of teaching, {teaching - rule.capacity} more "
            f"than a {rule.label} holds ({rule.capacity} minutes once the {breaks} are in): "
            "shorten or remove modules."
        )
    elif rule.days > 1 and _split_days(_pieces(modules), rule.day_capacity) is None:
        problems.append(
            f"The modules ({teaching} minutes) cannot be split into {rule.days} days of at "
            f"most {rule.day_capacity} teaching minutes without splitting a module that fits "
            "in a day: reorder or shorten them."
        )
    return problems


def _pieces(modules: Sequence[tuple[ModuleSpec, int]]) -> list[Piece]:
    return [(m.code, minutes) for m, minutes in modules]


def _phase_words(phase: str | int, names: Mapping[int, str]) -> str:
    if isinstance(phase, str):
        return phase
    return names.get(phase, f"phase {phase}")


def arrange_course(
    modules: Sequence[tuple[ModuleSpec, int]],
    length: str,
    headcount: int,
    *,
    risk_scores: Mapping[str, int] | None = None,
    start: str = "09:00",
    max_intensity: int | None = None,
    max_group_size: int | None = None,
    required: Iterable[str] = (),
    catalogue: Iterable[ModuleSpec] = (),
    phase_names: Mapping[int, str] | None = None,
) -> ComposedCourse:
    """The course the designer arranged: their modules, in their order, with their minutes.

    Nothing is chosen, moved or shortened: the arrangement either keeps every rule (mandatory
    modules in, nothing above the intensity cap, at least each module's minimum minutes, the
    teaching within the length's capacity, phases in course order) and becomes a course with
    its timetable, groups and risk coverage, or `ArrangementDoesNotFit` (a `CourseDoesNotFit`)
    lists every rule broken. `catalogue` only improves the reasons for uncovered areas, and
    `phase_names` (int phase → words) the messages.
    Malformed input (an unknown length, a headcount below 1, a bad start) raises ValueError.
    """
    if length not in LENGTHS:
        raise ValueError(f"unknown length {length!r}: use one of {', '.join(LENGTHS)}")
    rule = LENGTHS[length]
    if headcount < 1:
        raise ValueError(f"the headcount must be at least 1, not {headcount}")
    if max_group_size is not None and max_group_size < 1:
        raise ValueError(f"max_group_size must be at least 1, not {max_group_size}")
    if max_intensity is not None and not (0 <= max_intensity <= 3):
        raise ValueError(f"max_intensity must be 0–3, not {max_intensity}")
    if _minutes_of(start) + rule.day_minutes > 24 * 60:
        raise ValueError(f"a {rule.label} starting at {start} would run past midnight")
    scores = dict(risk_scores or {})
    for area, score in scores.items():
        if isinstance(score, bool) or not isinstance(score, int) or not (1 <= score <= 25):
            raise ValueError(f"the score of {area} must be 1–25, not {score!r}")
    required_set = set(required)
    problems = _arrangement_problems(modules, rule, max_intensity, required_set, phase_names or {})
    if problems:
        raise ArrangementDoesNotFit(problems)

    ordered = [m for m, _ in modules]
    pieces = [(m.code, minutes) for m, minutes in modules]
    timetable = build_timetable(pieces, rule, start, {m.code: m.title for m in ordered})
    covers: dict[str, list[str]] = {area: [] for area in scores}
    for module in ordered:
        for area in module.risk_areas:
            if area in covers:
                covers[area].append(module.code)
    mandatory = {m.code for m in ordered if m.mandatory}
    asked = required_set - mandatory
    chosen = tuple(
        ChosenModule(
            code=m.code,
            title=m.title,
            minutes=minutes,
            intensity=m.intensity,
            phase=m.phase,
            reason=_module_reason(
                m, asked, scores, {a for a, codes in covers.items() if codes[:1] == [m.code]}
            ),
            covers=tuple(sorted(a for a in m.risk_areas if a in scores)),
        )
        for m, minutes in modules
    )
    in_course = {m.code for m in ordered}
    others = sorted((m for m in catalogue if m.code not in in_course), key=lambda m: m.code)
    areas = tuple(
        AreaCoverage(
            id=area,
            score=scores[area],
            covered_by=tuple(sorted(covers[area])),
            reason=_arranged_area_reason(area, sorted(covers[area]), others, max_intensity),
        )
        for area in sorted(scores, key=lambda a: (-scores[a], a))
    )
    ratio = attendees_per_trainer(max((m.intensity for m in ordered), default=0))
    return ComposedCourse(
        length=length,
        start=start,
        days=rule.days,
        modules=chosen,
        timetable=tuple(timetable),
        contact_minutes=sum(minutes for _, minutes in modules),
        teaching_capacity=rule.capacity,
        attendees_per_trainer=ratio,
        groups=tuple(split_groups(headcount, ratio, max_group_size)),
        risk_areas=areas,
        covered_score=sum(a.score for a in areas if a.covered_by),
        possible_score=sum(scores.values()),
    )


def _arranged_area_reason(
    area: str, covered_by: list[str], others: list[ModuleSpec], max_intensity: int | None
) -> str:
    if covered_by:
        return f"covered by {', '.join(covered_by)}"
    addressing = [m for m in others if area in m.risk_areas]
    usable = [m for m in addressing if max_intensity is None or m.intensity <= max_intensity]
    if usable:
        return (
            "not covered: no module in the course addresses it; "
            f"{', '.join(m.code for m in usable)} would"
        )
    if addressing:
        listed = ", ".join(f"{m.code} (intensity {m.intensity})" for m in addressing)
        return f"not covered: the modules that address it are above the intensity cap: {listed}"
    return "not covered: no module in the course addresses it"
