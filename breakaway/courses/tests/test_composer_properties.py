"""Properties of the course composer for any catalogue and any input (hypothesis)."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakaway.courses.composer import (
    BREAK_MINUTES,
    LENGTHS,
    LUNCH_WINDOW,
    MAX_RUN,
    PHASES,
    CourseDoesNotFit,
    ModuleSpec,
    attendees_per_trainer,
    build_timetable,
    compose_course,
    phase_rank,
    split_groups,
)

AREAS = ("a1", "a2", "a3", "a4", "a5", "a6")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@st.composite
def modules(draw, max_size=8):
    codes = draw(
        st.lists(
            st.sampled_from([f"M{n}" for n in range(1, 16)] + ["A", "B", "Z9"]),
            unique=True,
            max_size=max_size,
        )
    )
    result = []
    for code in codes:
        minutes = draw(
            st.one_of(
                st.integers(5, 60), st.integers(5, 60), st.integers(5, 120), st.integers(121, 500)
            )
        )
        shorten = draw(st.booleans())
        result.append(
            ModuleSpec(
                code=code,
                title=f"Module {code}",
                minutes=minutes,
                intensity=draw(st.integers(0, 3)),
                mandatory=draw(st.integers(0, 5)) == 0,
                risk_areas=frozenset(draw(st.lists(st.sampled_from(AREAS), max_size=3))),
                phase=draw(st.one_of(st.sampled_from(PHASES), st.integers(0, 7))),
                min_minutes=draw(st.integers(5, minutes)) if shorten else None,
            )
        )
    return result


@st.composite
def requests(draw, max_size=8):
    catalogue = draw(modules(max_size=max_size))
    codes = [m.code for m in catalogue]
    include = draw(st.lists(st.sampled_from(codes), unique=True, max_size=1)) if codes else []
    rest = [c for c in codes if c not in include]
    exclude = draw(st.lists(st.sampled_from(rest), unique=True, max_size=2)) if rest else []
    if draw(st.integers(0, 9)) == 0 and include:  # now and then, a contradiction
        exclude = [*exclude, include[0]]
    start_hour = draw(st.integers(6, 10))
    return {
        "modules": catalogue,
        "risk_scores": draw(st.dictionaries(st.sampled_from(AREAS), st.integers(1, 25))),
        "length": draw(st.sampled_from(sorted(LENGTHS))),
        "headcount": draw(st.integers(1, 120)),
        "max_intensity": draw(st.one_of(st.none(), st.integers(0, 3))),
        "include": include,
        "exclude": exclude,
        "start": f"{start_hour:02d}:{draw(st.sampled_from([0, 15, 30, 45])):02d}",
        "max_group_size": draw(st.one_of(st.none(), st.integers(1, 40))),
    }


# ---------------------------------------------------------------------------- oracles


def fits_two_days(chosen: list[ModuleSpec], cap: int) -> bool:
    """Some minutes and some split into two days of ≤ cap, modules whole unless > cap."""
    order = sorted(chosen, key=lambda m: m.order_key)
    short = [m.shortest for m in order]
    for k in range(len(order) + 1):
        if max(short, default=0) <= cap and sum(short[:k]) <= cap and sum(short[k:]) <= cap:
            return True
    for j, module in enumerate(order):
        if any(s > cap for i, s in enumerate(short) if i != j):
            continue
        room1, room2 = cap - sum(short[:j]), cap - sum(short[j + 1 :])
        if room1 < 1 or room2 < 1:
            continue
        if max(cap + 1, module.shortest) <= min(module.minutes, room1 + room2):
            return True
    return False


def fits(chosen: list[ModuleSpec], length: str) -> bool:
    rule = LENGTHS[length]
    if rule.days == 1:
        return sum(m.shortest for m in chosen) <= rule.day_capacity
    return fits_two_days(chosen, rule.day_capacity)


def conflicts(request) -> bool:
    by_code = {m.code: m for m in request["modules"]}
    mandatory = {c for c, m in by_code.items() if m.mandatory}
    include, exclude = set(request["include"]), set(request["exclude"])
    required = mandatory | include
    cap = request["max_intensity"]
    above = cap is not None and any(by_code[c].intensity > cap for c in required)
    return bool(required & exclude) or above


def required_of(request) -> list[ModuleSpec]:
    include = set(request["include"])
    return [m for m in request["modules"] if m.mandatory or m.code in include]


def eligible_of(request) -> list[ModuleSpec]:
    cap = request["max_intensity"]
    required = {m.code for m in required_of(request)}
    return [
        m
        for m in request["modules"]
        if m.code in required
        or (m.code not in request["exclude"] and (cap is None or m.intensity <= cap))
    ]


def covered_score(chosen: list[ModuleSpec], scores: dict[str, int]) -> int:
    areas = set().union(*(m.risk_areas for m in chosen)) if chosen else set()
    return sum(score for area, score in scores.items() if area in areas)


# ---------------------------------------------------------------------------- timetable checks


def check_timetable(timetable, minutes: dict[str, int], order_keys, length: str, start: str):
    rule = LENGTHS[length]
    entries = list(timetable)
    assert [e.day for e in entries] == sorted(e.day for e in entries)
    keys = [order_keys[e.code] for e in entries if e.kind == "module"]
    assert keys == sorted(keys), "modules ordered by phase, then code"
    seen_codes: list[str] = []
    for e in entries:
        if e.kind == "module" and (not seen_codes or seen_codes[-1] != e.code):
            assert e.code not in seen_codes, f"{e.code} comes back after another module"
            seen_codes.append(e.code)
    for day in range(1, rule.days + 1):
        today = [e for e in entries if e.day == day]
        if not today:
            continue
        assert today[0].start == start
        span = clock(today[-1].end) - clock(today[0].start)
        assert span <= rule.day_minutes
        for before, after in itertools.pairwise(today):
            assert before.end == after.start, "no gaps, no overlaps"
            assert not (before.kind != "module" and after.kind != "module")
        assert today[0].kind == "module"
        assert today[-1].kind == "module"
        run = 0
        for e in today:
            assert clock(e.end) > clock(e.start)
            if e.kind == "module":
                run += e.minutes
                assert run <= MAX_RUN, "never more than 90 minutes without a break"
            else:
                assert e.minutes >= BREAK_MINUTES
                assert e.code is None
                run = 0
        lunches = [e for e in today if e.kind == "lunch"]
        teaching = sum(e.minutes for e in today if e.kind == "module")
        if rule.lunch and teaching >= 2:
            assert len(lunches) == 1
            lunch = lunches[0]
            assert 30 <= lunch.minutes <= 45
            lunch_mid2 = clock(lunch.start) + clock(lunch.end)
            day_mid2 = clock(today[0].start) + clock(today[-1].end)
            assert abs(lunch_mid2 - day_mid2) <= 2 * LUNCH_WINDOW, "lunch around the middle"
        else:
            assert not lunches
    timetabled: dict[str, int] = {}
    days_of: dict[str, set[int]] = {}
    for e in entries:
        if e.kind == "module":
            timetabled[e.code] = timetabled.get(e.code, 0) + e.minutes
            days_of.setdefault(e.code, set()).add(e.day)
    assert timetabled == {c: m for c, m in minutes.items() if m}
    for code, days in days_of.items():
        if len(days) > 1:
            assert minutes[code] > rule.day_capacity, f"{code} split across days"


@st.composite
def ordered_pieces(draw):
    length = draw(st.sampled_from(sorted(LENGTHS)))
    rule = LENGTHS[length]
    capacity = rule.day_capacity
    pieces: list[tuple[str, int]] = []
    day_totals = [0] * rule.days
    for day in range(rule.days):
        for n in range(draw(st.integers(0, 8))):
            room = capacity - day_totals[day]
            if room < 5:
                break
            minutes = draw(st.integers(5, min(room, 200)))
            pieces.append((f"D{day}M{n}", minutes))
            day_totals[day] += minutes
    return length, pieces


@SETTINGS
@given(ordered_pieces(), st.sampled_from(["07:00", "08:30", "09:00", "09:45"]))
def test_any_ordered_modules_that_fit_get_a_valid_timetable(case, start):
    length, pieces = case
    titles = {code: code for code, _ in pieces}
    timetable = build_timetable(pieces, LENGTHS[length], start, titles)
    order_keys = {code: (0, f"{i:03d}") for i, (code, _) in enumerate(pieces)}
    check_timetable(timetable, dict(pieces), order_keys, length, start)


# ---------------------------------------------------------------------------- compose


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_any_request(request):
    required = required_of(request)
    expect_misfit = conflicts(request) or not fits(required, request["length"])
    if expect_misfit:
        with pytest.raises(CourseDoesNotFit):
            compose_course(**request)
        return
    course = compose_course(**request)
    by_code = {m.code: m for m in request["modules"]}
    chosen = [by_code[m.code] for m in course.modules]
    codes = {m.code for m in chosen}
    rule = LENGTHS[request["length"]]

    # Mandatory and asked-for modules in, excluded ones out, none above the cap.
    assert {m.code for m in required} <= codes
    assert not codes & set(request["exclude"])
    if request["max_intensity"] is not None:
        assert all(m.intensity <= request["max_intensity"] for m in chosen)

    # Minutes: within each module's range, adding up, within the capacity.
    minutes = {m.code: m.minutes for m in course.modules}
    for module in chosen:
        assert module.shortest <= minutes[module.code] <= module.minutes
    assert course.contact_minutes == sum(minutes.values()) <= rule.capacity
    assert fits([by_code[c] for c in codes], request["length"])

    order_keys = {m.code: m.order_key for m in request["modules"]}
    check_timetable(course.timetable, minutes, order_keys, request["length"], request["start"])

    # Groups and trainers.
    ratio = attendees_per_trainer(max((m.intensity for m in chosen), default=0))
    assert course.attendees_per_trainer == ratio
    check_groups(course.groups, request["headcount"], ratio, request["max_group_size"])

    # Coverage as reported, and optimal against every subset of the eligible modules.
    scores = request["risk_scores"]
    assert course.covered_score == covered_score(chosen, scores)
    for area in course.risk_areas:
        assert list(area.covered_by) == sorted(c for c in codes if area.id in by_code[c].risk_areas)
        assert area.reason
    best = brute_force(request)
    assert course.covered_score == best["score"]
    if rule.days == 1:
        assert course.contact_minutes == best["minutes"]
        assert codes == best["codes"]
    assert course.optimal


def brute_force(request):
    """The best course by enumeration: the score; on one day, then the minutes, the relevance
    and the lower codes."""
    rule = LENGTHS[request["length"]]
    required = {m.code for m in required_of(request)}
    optional = sorted((m for m in eligible_of(request) if m.code not in required),
                      key=lambda m: m.code)  # fmt: skip
    by_code = {m.code: m for m in request["modules"]}
    best = None
    for size in range(len(optional) + 1):
        for subset in itertools.combinations(optional, size):
            chosen = [by_code[c] for c in required] + list(subset)
            if not fits(chosen, request["length"]):
                continue
            score = covered_score(chosen, request["risk_scores"])
            total = min(rule.day_capacity, sum(m.minutes for m in chosen))
            relevance = sum(request["risk_scores"].get(a, 0) for m in chosen for a in m.risk_areas)
            picked = {m.code for m in subset}
            indicator = tuple(m.code in picked for m in optional)
            key = (score, total, relevance, indicator) if rule.days == 1 else (score,)
            if best is None or key > best[0]:
                best = (key, {m.code for m in chosen})
    assert best is not None
    minutes = best[0][1] if rule.days == 1 else None
    return {"score": best[0][0], "minutes": minutes, "codes": best[1]}


def check_groups(groups, headcount, ratio, max_group_size):
    largest = max_group_size if max_group_size is not None else ratio
    sizes = [g.attendees for g in groups]
    assert sum(sizes) == headcount
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) <= largest
    assert len(groups) == math.ceil(headcount / largest), "the fewest groups"
    assert all(g.trainers == math.ceil(g.attendees / ratio) for g in groups)
    if max_group_size is None:
        assert all(size <= ratio and g.trainers == 1 for size, g in zip(sizes, groups, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 500), st.sampled_from([8, 12, 16]), st.one_of(st.none(), st.integers(1, 60)))
def test_groups_for_any_headcount(headcount, ratio, max_group_size):
    check_groups(split_groups(headcount, ratio, max_group_size), headcount, ratio, max_group_size)


@SETTINGS
@given(requests(max_size=14), st.randoms(use_true_random=False))
def test_same_course_whatever_the_input_order(request, rng: random.Random):
    try:
        first = compose_course(**request).to_dict()
    except CourseDoesNotFit:
        return
    shuffled = dict(request)
    shuffled["modules"] = rng.sample(request["modules"], len(request["modules"]))
    shuffled["risk_scores"] = dict(rng.sample(sorted(request["risk_scores"].items()),
                                              len(request["risk_scores"])))  # fmt: skip
    shuffled["include"] = list(reversed(request["include"]))
    assert compose_course(**shuffled).to_dict() == first


def test_phase_rank_orders_named_phases_first_to_last():
    assert [phase_rank(p) for p in PHASES] == list(range(len(PHASES)))
