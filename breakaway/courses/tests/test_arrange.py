"""Arranging a course by hand: the designer's order and minutes, checked against the rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breakaway.courses.composer import (
    LENGTHS,
    ArrangementDoesNotFit,
    CourseDoesNotFit,
    ModuleSpec,
    arrange_course,
    compose_course,
    phase_rank,
)
from breakaway.courses.tests.test_composer import PHYSICAL, VERBAL, realistic_catalogue, rows
from breakaway.courses.tests.test_composer_properties import (
    SETTINGS,
    check_timetable,
    modules,
    requests,
)

CATALOGUE = {m.code: m for m in realistic_catalogue()}
MANDATORY = ("LAW-01", "LAW-02")


def arrangement(*codes_and_minutes: tuple[str, int]) -> list[tuple[ModuleSpec, int]]:
    return [(CATALOGUE[code], minutes) for code, minutes in codes_and_minutes]


def problems_of(*args, **kwargs) -> tuple[str, ...]:
    with pytest.raises(ArrangementDoesNotFit) as caught:
        arrange_course(*args, **kwargs)
    return caught.value.problems


def test_the_designers_order_within_a_phase_is_kept_and_long_runs_get_a_break():
    course = arrange_course(
        arrangement(("LAW-02", 20), ("LAW-01", 30), ("AWR-02", 30), ("DES-01", 70)),
        "3h",
        20,
        risk_scores=VERBAL,
        required=MANDATORY,
    )
    assert [m.code for m in course.modules] == ["LAW-02", "LAW-01", "AWR-02", "DES-01"]
    assert [m.minutes for m in course.modules] == [20, 30, 30, 70]
    assert rows(course) == [
        (1, "09:00", "09:20", "module", "LAW-02"),
        (1, "09:20", "09:50", "module", "LAW-01"),
        (1, "09:50", "10:20", "module", "AWR-02"),
        (1, "10:20", "10:30", "break", None),
        (1, "10:30", "11:40", "module", "DES-01"),
    ]
    assert course.contact_minutes == 150
    assert course.attendees_per_trainer == 12  # DES-01 is intensity 1
    assert [(g.attendees, g.trainers) for g in course.groups] == [(10, 1), (10, 1)]
    assert course.modules[1].reason.startswith("mandatory")
    verbal = next(a for a in course.risk_areas if a.id == "verbal_aggression")
    assert verbal.covered_by == ("AWR-02", "DES-01")


def test_a_designer_may_give_a_module_more_than_its_typical_minutes():
    course = arrange_course(
        arrangement(("LAW-01", 30), ("LAW-02", 20), ("DES-01", 120)), "3h", 8, required=MANDATORY
    )
    assert course.contact_minutes == 170
    assert [e.kind for e in course.timetable].count("break") == 1


def test_every_problem_is_listed_at_once():
    problems = problems_of(
        arrangement(("LAW-01", 0), ("SCN-02", 45), ("BRK-03", 60), ("DES-01", 60)),
        "3h",
        12,
        max_intensity=2,
        required=MANDATORY,
    )
    text = "\n".join(problems)
    assert "LAW-02 is mandatory and must stay in the course" in text
    assert "SCN-02 (Scenario rehearsal: physical escape) has intensity 3" in text
    assert "BRK-03 (Breakaway from strangles and headlocks) has intensity 3" in text
    assert "LAW-01 (The law on reasonable force) needs a whole number of minutes above 0" in text
    assert "SCN-02 (Scenario rehearsal: physical escape) needs at least 60 minutes, not 45" in text
    assert "BRK-03 (breakaway) comes after SCN-02 (scenarios)" in text
    assert "DES-01 (de-escalation) comes after BRK-03 (breakaway)" in text
    assert len(problems) == 7


def test_modules_over_the_teaching_capacity_say_by_how_much():
    problems = problems_of(
        arrangement(("LAW-01", 30), ("LAW-02", 20), ("DES-01", 60), ("SCN-01", 70)),
        "3h",
        12,
        required=MANDATORY,
    )
    assert problems == (
        "The modules take 180 minutes of teaching, 10 more than a 3-hour course holds "
        "(170 minutes once the breaks are in): shorten or remove modules.",
    )


def test_a_full_day_mentions_lunch_in_the_capacity():
    problems = problems_of(arrangement(("DES-01", 400)), "1-day", 12)
    assert "390 minutes once the breaks and lunch are in" in problems[0]


def test_two_days_that_cannot_be_split_without_breaking_a_module():
    # 200 + 380 + 200: no whole-module cut leaves each day within 390.
    specs = [
        ModuleSpec("A", "A", 380, phase="law", min_minutes=100),
        ModuleSpec("B", "B", 380, phase="law"),
        ModuleSpec("C", "C", 380, phase="law", min_minutes=100),
    ]
    problems = problems_of([(specs[0], 200), (specs[1], 380), (specs[2], 200)], "2-day", 10)
    assert "cannot be split into 2 days" in problems[0]


def test_a_duplicate_module_and_an_empty_course_are_problems():
    assert "more than once" in problems_of(arrangement(("DES-01", 60), ("DES-01", 60)), "3h", 5)[0]
    assert problems_of([], "3h", 5) == ("The course has no modules: add at least one.",)


def test_the_problems_are_a_course_does_not_fit_with_every_sentence_in_the_message():
    with pytest.raises(CourseDoesNotFit) as caught:
        arrange_course(arrangement(("DES-01", 60)), "3h", 5, required=MANDATORY)
    assert "LAW-01 is mandatory" in caught.value.message
    assert "LAW-02 is mandatory" in caught.value.message


def test_malformed_input_is_a_value_error():
    with pytest.raises(ValueError, match="unknown length"):
        arrange_course(arrangement(("DES-01", 60)), "week", 5)
    with pytest.raises(ValueError, match="headcount"):
        arrange_course(arrangement(("DES-01", 60)), "3h", 0)
    with pytest.raises(ValueError, match="past midnight"):
        arrange_course(arrangement(("DES-01", 60)), "1-day", 5, start="20:00")


def test_uncovered_areas_name_the_catalogue_modules_that_would_cover_them():
    course = arrange_course(
        arrangement(("LAW-01", 30), ("LAW-02", 20)),
        "3h",
        5,
        risk_scores=PHYSICAL,
        max_intensity=2,
        catalogue=CATALOGUE.values(),
    )
    reasons = {a.id: a.reason for a in course.risk_areas}
    assert reasons["restrictive_intervention"] == "covered by LAW-01"
    assert reasons["grabs_and_holds"].endswith("BRK-01, BRK-02 would")
    assert "above the intensity cap" in reasons["strangles_and_headlocks"]
    assert course.covered_score == PHYSICAL["restrictive_intervention"]


# ---------------------------------------------------------------------------- properties


@st.composite
def arrangements(draw):
    catalogue = draw(modules(max_size=8))
    chosen = draw(st.permutations(catalogue))
    chosen = chosen[: draw(st.integers(0, len(chosen)))]
    minutes = [draw(st.integers(-5, m.minutes + 60)) for m in chosen]
    return {
        "modules": list(zip(chosen, minutes, strict=True)),
        "length": draw(st.sampled_from(sorted(LENGTHS))),
        "headcount": draw(st.integers(1, 60)),
        "max_intensity": draw(st.one_of(st.none(), st.integers(0, 3))),
        "required": [m.code for m in catalogue if m.mandatory],
        "max_group_size": draw(st.one_of(st.none(), st.integers(1, 30))),
    }


@SETTINGS
@given(arrangements())
def test_any_arrangement_accepted_keeps_every_rule(case):
    try:
        course = arrange_course(
            case["modules"],
            case["length"],
            case["headcount"],
            max_intensity=case["max_intensity"],
            max_group_size=case["max_group_size"],
            required=case["required"],
        )
    except ArrangementDoesNotFit as error:
        problems = error.problems
    else:
        problems = ()
    if problems:
        return
    pairs = case["modules"]
    assert [(m.code, m.minutes) for m in course.modules] == [(s.code, n) for s, n in pairs]
    assert set(case["required"]) <= {m.code for m in course.modules}
    cap = case["max_intensity"]
    assert cap is None or all(m.intensity <= cap for m in course.modules)
    assert all(n >= s.shortest for s, n in pairs)
    ranks = [phase_rank(s.phase) for s, _ in pairs]
    assert ranks == sorted(ranks)
    assert course.contact_minutes <= LENGTHS[case["length"]].capacity
    order_keys = {s.code: (0, f"{i:03d}") for i, (s, _) in enumerate(pairs)}
    minutes = {s.code: n for s, n in pairs}
    check_timetable(course.timetable, minutes, order_keys, case["length"], "09:00")
    assert sum(g.attendees for g in course.groups) == case["headcount"]


@SETTINGS
@given(requests())
def test_the_composers_own_course_is_accepted_unchanged(request):
    try:
        composed = compose_course(
            request["modules"],
            request["risk_scores"],
            request["length"],
            request["headcount"],
            max_intensity=request["max_intensity"],
            include=request["include"],
            exclude=request["exclude"],
            start=request["start"],
            max_group_size=request["max_group_size"],
        )
    except CourseDoesNotFit:
        return
    if not composed.modules:  # an empty catalogue: a course by hand needs a module
        return
    by_code = {m.code: m for m in request["modules"]}
    required = {m.code for m in request["modules"] if m.mandatory} | set(request["include"])
    arranged = arrange_course(
        [(by_code[m.code], m.minutes) for m in composed.modules],
        request["length"],
        request["headcount"],
        risk_scores=request["risk_scores"],
        start=request["start"],
        max_intensity=request["max_intensity"],
        max_group_size=request["max_group_size"],
        required=required,
    )
    assert arranged.modules == composed.modules
    assert arranged.timetable == composed.timetable
    assert arranged.groups == composed.groups
    assert arranged.contact_minutes == composed.contact_minutes
    assert arranged.covered_score == composed.covered_score
    assert [a.covered_by for a in arranged.risk_areas] == [
        a.covered_by for a in composed.risk_areas
    ]
