"""The course composer: exact timetables on small catalogues, and a realistic catalogue."""

from __future__ import annotations

import random

import pytest

from breakaway.courses.composer import (
    LENGTHS,
    CourseDoesNotFit,
    Group,
    ModuleSpec,
    attendees_per_trainer,
    compose_course,
    day_teaching_capacity,
    split_groups,
)

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


def realistic_catalogue() -> list[ModuleSpec]:
    """A provider's catalogue: 19 modules, two of them mandatory."""

    def m(code, title, minutes, intensity, phase, areas, *, mandatory=False, min_minutes=None):
        return ModuleSpec(
            code=code,
            title=title,
            minutes=minutes,
            intensity=intensity,
            mandatory=mandatory,
            risk_areas=frozenset(areas),
            phase=phase,
            min_minutes=min_minutes,
        )

    return [
        m("LAW-01", "The law on reasonable force", 30, 0, "law", ["restrictive_intervention"],
          mandatory=True),
        m("LAW-02", "Duty of care", 20, 0, "law", [], mandatory=True),
        m("AWR-01", "Recognising escalation and pre-assault signals", 45, 0, "awareness",
          ["verbal_aggression", "threatening_behaviour", "strikes_and_kicks"]),
        m("AWR-02", "Triggers of distress and anger", 30, 0, "awareness",
          ["verbal_aggression", "threatening_behaviour"]),
        m("AWR-03", "Dynamic risk assessment and escape routes", 45, 1, "awareness",
          ["lone_and_community_working", "weapons_and_objects", "threatening_behaviour"]),
        m("AWR-04", "Lone and community working", 40, 0, "awareness",
          ["lone_and_community_working", "sexual_aggression"]),
        m("DES-01", "Verbal de-escalation skills", 60, 1, "de-escalation",
          ["verbal_aggression", "threatening_behaviour"]),
        m("DES-02", "Body language, space and positioning", 30, 1, "de-escalation",
          ["threatening_behaviour", "strikes_and_kicks"]),
        m("DES-03", "Responding to sexualised behaviour", 30, 0, "de-escalation",
          ["sexual_aggression"]),
        m("BRK-01", "Breakaway from wrist and clothing grabs", 60, 2, "breakaway",
          ["grabs_and_holds"]),
        m("BRK-02", "Breakaway from hair grabs and holds", 45, 2, "breakaway",
          ["grabs_and_holds"]),
        m("BRK-03", "Breakaway from strangles and headlocks", 60, 3, "breakaway",
          ["strangles_and_headlocks"]),
        m("BRK-04", "Protecting yourself from strikes and kicks", 45, 3, "breakaway",
          ["strikes_and_kicks"]),
        m("BRK-05", "Bites, spitting and personal protection", 30, 2, "breakaway",
          ["spitting_and_biting"]),
        m("BRK-06", "Weapons and improvised objects", 45, 3, "breakaway",
          ["weapons_and_objects"]),
        m("SCN-01", "Scenario rehearsal: verbal and threatening situations", 60, 1, "scenarios",
          ["verbal_aggression", "threatening_behaviour"], min_minutes=30),
        m("SCN-02", "Scenario rehearsal: physical escape", 90, 3, "scenarios",
          ["grabs_and_holds", "strangles_and_headlocks", "strikes_and_kicks"], min_minutes=60),
        m("SCN-03", "Safe holding principles", 60, 3, "scenarios",
          ["restrictive_intervention"]),
        m("REV-01", "Review, reflection and post-incident support", 20, 0, "review", []),
    ]  # fmt: skip


# Realistic profiles: a housing office's front desk, and a learning-disability care home.
VERBAL = {
    "verbal_aggression": 20,
    "threatening_behaviour": 16,
    "lone_and_community_working": 9,
    "weapons_and_objects": 4,
    "strikes_and_kicks": 4,
    "sexual_aggression": 3,
    "grabs_and_holds": 2,
    "spitting_and_biting": 2,
    "restrictive_intervention": 2,
    "strangles_and_headlocks": 1,
}
PHYSICAL = {
    "grabs_and_holds": 20,
    "strangles_and_headlocks": 16,
    "strikes_and_kicks": 12,
    "spitting_and_biting": 10,
    "restrictive_intervention": 8,
    "verbal_aggression": 6,
    "threatening_behaviour": 6,
    "weapons_and_objects": 3,
    "sexual_aggression": 2,
    "lone_and_community_working": 2,
}


def rows(course):
    return [(e.day, e.start, e.end, e.kind, e.code) for e in course.timetable]


def spec(code, minutes, phase, areas=(), **kwargs):
    return ModuleSpec(code, f"Module {code}", minutes, phase=phase, risk_areas=frozenset(areas),
                      **kwargs)  # fmt: skip


# ---------------------------------------------------------------------------- capacity


def test_teaching_capacity_per_length():
    assert {k: (v.day_capacity, v.capacity) for k, v in LENGTHS.items()} == {
        "3h": (170, 170),  # 90 + break 10 + 80
        "half-day": (190, 190),  # three runs, two breaks
        "1-day": (390, 390),  # five runs: three breaks and a 30-minute lunch
        "2-day": (390, 780),
    }
    assert day_teaching_capacity(450, 45) == 375


# ---------------------------------------------------------------------------- exact timetables


def test_three_hour_course_exact_timetable():
    catalogue = [
        spec("A", 30, "law", mandatory=True),
        spec("B", 45, "awareness", ["verbal_aggression"]),
        spec("C", 60, "de-escalation", ["threatening_behaviour"], intensity=1),
        spec("D", 50, "breakaway", ["grabs_and_holds"], intensity=2),
    ]
    course = compose_course(
        catalogue, {"verbal_aggression": 12, "threatening_behaviour": 9, "grabs_and_holds": 10},
        "3h", 20,
    )  # fmt: skip
    # 140 minutes after A: B+C (105) covers 21, B+D (95) 22, C+D (110) 19; B+C+D is 155.
    assert [(m.code, m.minutes) for m in course.modules] == [("A", 30), ("B", 45), ("D", 50)]
    assert rows(course) == [
        (1, "09:00", "09:30", "module", "A"),
        (1, "09:30", "10:15", "module", "B"),
        (1, "10:15", "10:25", "break", None),
        (1, "10:25", "11:15", "module", "D"),
    ]
    assert course.contact_minutes == 125
    assert course.attendees_per_trainer == 12
    assert course.groups == (Group(10, 1), Group(10, 1))
    by_id = {a.id: a for a in course.risk_areas}
    assert by_id["threatening_behaviour"].covered_by == ()
    assert by_id["threatening_behaviour"].reason == (
        "not covered: C would address it, but in place of modules that cover as much or more "
        "of the risk score"
    )
    assert course.to_dict()["not_covered"] == [
        {"id": "threatening_behaviour", "score": 9, "reason": by_id["threatening_behaviour"].reason}
    ]


def test_a_long_module_is_split_around_the_break():
    catalogue = [
        spec("A", 60, "law", mandatory=True),
        spec("B", 100, "breakaway", ["grabs_and_holds"], intensity=3),
    ]
    course = compose_course(catalogue, {"grabs_and_holds": 20}, "3h", 8, start="13:30")
    assert rows(course) == [
        (1, "13:30", "14:30", "module", "A"),
        (1, "14:30", "14:50", "module", "B"),  # runs of 80 and 80: the even split
        (1, "14:50", "15:00", "break", None),
        (1, "15:00", "16:20", "module", "B"),
    ]
    assert course.attendees_per_trainer == 8
    assert course.total_minutes == 170


def test_shortened_module_fills_a_half_day_exactly():
    catalogue = [
        spec("A", 40, "law", mandatory=True),
        spec("B", 60, "awareness", ["verbal_aggression"]),
        spec("C", 60, "de-escalation", ["threatening_behaviour"]),
        spec("D", 60, "scenarios", ["strikes_and_kicks"], min_minutes=20),
    ]
    course = compose_course(
        catalogue,
        {"verbal_aggression": 10, "threatening_behaviour": 10, "strikes_and_kicks": 10},
        "half-day",
        16,
    )
    # 190 minutes: A, B, C take 160; D shortened to 30 gets the third area in.
    assert [(m.code, m.minutes) for m in course.modules] == [
        ("A", 40), ("B", 60), ("C", 60), ("D", 30),
    ]  # fmt: skip
    assert rows(course) == [
        (1, "09:00", "09:40", "module", "A"),
        (1, "09:40", "09:50", "break", None),
        (1, "09:50", "10:50", "module", "B"),
        (1, "10:50", "11:00", "break", None),
        (1, "11:00", "12:00", "module", "C"),
        (1, "12:00", "12:30", "module", "D"),
    ]
    assert course.attendees_per_trainer == 16
    assert course.groups == (Group(16, 1),)


def test_full_day_with_lunch_in_the_middle():
    catalogue = [
        spec("L1", 30, "law", mandatory=True),
        spec("A1", 60, "awareness", ["verbal_aggression"]),
        spec("A2", 60, "awareness", ["threatening_behaviour"]),
        spec("D1", 60, "de-escalation", ["verbal_aggression"]),
        spec("B1", 60, "breakaway", ["grabs_and_holds"], intensity=2),
        spec("S1", 60, "scenarios", ["grabs_and_holds"], intensity=2),
        spec("R1", 30, "review"),
    ]
    course = compose_course(
        catalogue,
        {"verbal_aggression": 15, "threatening_behaviour": 10, "grabs_and_holds": 12},
        "1-day",
        30,
        max_group_size=24,
    )
    assert course.contact_minutes == 360
    # Lunch after A2 or after D1 are both 35 minutes from the middle of the day (12:30);
    # the earlier wins. Runs: 90, 60 | 60, 60, 90.
    assert rows(course) == [
        (1, "09:00", "09:30", "module", "L1"),
        (1, "09:30", "10:30", "module", "A1"),
        (1, "10:30", "10:40", "break", None),
        (1, "10:40", "11:40", "module", "A2"),
        (1, "11:40", "12:10", "lunch", None),
        (1, "12:10", "13:10", "module", "D1"),
        (1, "13:10", "13:20", "break", None),
        (1, "13:20", "14:20", "module", "B1"),
        (1, "14:20", "14:30", "break", None),
        (1, "14:30", "15:30", "module", "S1"),
        (1, "15:30", "16:00", "module", "R1"),
    ]
    assert course.groups == (Group(15, 2), Group(15, 2))
    reasons = {m.code: m.reason for m in course.modules}
    assert reasons["L1"] == "mandatory"
    assert reasons["R1"] == "uses spare teaching time (it addresses no scored risk area)"
    assert reasons["A1"] == "covers verbal_aggression (15)"
    assert reasons["D1"] == "uses spare teaching time; also addresses verbal_aggression (15)"


def test_two_day_course_keeps_modules_whole_within_a_day():
    catalogue = [spec("L", 30, "law", mandatory=True)] + [
        spec(f"M{i}", 100, "awareness" if i < 4 else "breakaway", [AREAS[i]]) for i in range(7)
    ]
    course = compose_course(catalogue, {a: 10 for a in AREAS[:7]}, "2-day", 10)
    # 30 + 7 × 100 = 730 ≤ 780, but no split at a module's end leaves both days ≤ 390:
    # one module is left out (the highest code, as the scores tie).
    assert course.contact_minutes == 630
    day1 = list(dict.fromkeys(e.code for e in course.timetable if e.day == 1 and e.code))
    day2 = list(dict.fromkeys(e.code for e in course.timetable if e.day == 2 and e.code))
    assert (day1, day2) == (["L", "M0", "M1", "M2"], ["M3", "M4", "M5"])
    # Each 100-minute module is split once, by a break or by lunch; runs of 82, 83, 82, 83;
    # lunch is in the middle of the day (12:10).
    assert rows(course)[:10] == [
        (1, "09:00", "09:30", "module", "L"),
        (1, "09:30", "10:22", "module", "M0"),
        (1, "10:22", "10:32", "break", None),
        (1, "10:32", "11:20", "module", "M0"),
        (1, "11:20", "11:55", "module", "M1"),
        (1, "11:55", "12:25", "lunch", None),
        (1, "12:25", "13:30", "module", "M1"),
        (1, "13:30", "13:47", "module", "M2"),
        (1, "13:47", "13:57", "break", None),
        (1, "13:57", "15:20", "module", "M2"),
    ]
    assert course.timetable[-1].end == "14:50"
    assert course.to_dict()["risk_areas"][1] == {
        "id": "spitting_and_biting",
        "score": 10,
        "covered_by": [],
        "reason": "not covered: M6 would address it, but in place of modules that cover as "
        "much or more of the risk score",
    }


def test_a_module_longer_than_a_day_spans_the_two_days():
    catalogue = [spec("L", 30, "law", mandatory=True), spec("P", 500, "breakaway", ["x"])]
    course = compose_course(catalogue, {"x": 10}, "2-day", 10)
    assert course.contact_minutes == 530
    assert [(e.day, e.code) for e in course.timetable if e.kind == "module"][:2] == [
        (1, "L"),
        (1, "P"),
    ]
    assert sum(e.minutes for e in course.timetable if e.code == "P") == 500
    assert {e.day for e in course.timetable if e.code == "P"} == {1, 2}


# ---------------------------------------------------------------------------- a realistic catalogue


def max_intensity(course):
    return max(m.intensity for m in course.modules)


def breakaway_count(course):
    return sum(1 for m in course.modules if m.code.startswith("BRK") or m.code == "SCN-02")


@pytest.mark.parametrize("length", ["3h", "half-day"])
def test_verbal_client_gets_a_less_physical_course(length):
    verbal = compose_course(realistic_catalogue(), VERBAL, length, 24)
    physical = compose_course(realistic_catalogue(), PHYSICAL, length, 24)
    assert max_intensity(verbal) < max_intensity(physical)
    assert breakaway_count(verbal) < breakaway_count(physical)
    assert verbal.attendees_per_trainer > physical.attendees_per_trainer
    for course in (verbal, physical):
        codes = {m.code for m in course.modules}
        assert {"LAW-01", "LAW-02"} <= codes
    assert {"verbal_aggression", "threatening_behaviour"} <= {
        a.id for a in verbal.risk_areas if a.covered_by
    }
    assert {"grabs_and_holds", "strangles_and_headlocks"} <= {
        a.id for a in physical.risk_areas if a.covered_by
    }


def test_verbal_client_three_hours_exactly():
    course = compose_course(realistic_catalogue(), VERBAL, "3h", 24)
    # 120 minutes after the mandatory 50: AWR-01 (verbal, threatening, strikes), AWR-03 (lone
    # working, weapons) and DES-03 (sexual aggression): 56 points, plus 2 from LAW-01.
    assert [m.code for m in course.modules] == [
        "LAW-01", "LAW-02", "AWR-01", "AWR-03", "DES-03",
    ]  # fmt: skip
    assert course.contact_minutes == 170
    assert course.covered_score == 58
    assert {m.code: m.reason for m in course.modules} == {
        "LAW-01": "mandatory; covers restrictive_intervention (2)",
        "LAW-02": "mandatory",
        "AWR-01": (
            "covers verbal_aggression (20), threatening_behaviour (16), strikes_and_kicks (4)"
        ),
        "AWR-03": "covers lone_and_community_working (9), weapons_and_objects (4); "
        "also addresses threatening_behaviour (16)",
        "DES-03": "covers sexual_aggression (3)",
    }
    assert course.attendees_per_trainer == 12
    assert course.groups == (Group(12, 1), Group(12, 1))


def test_intensity_cap_explains_what_is_left_out():
    course = compose_course(realistic_catalogue(), PHYSICAL, "1-day", 12, max_intensity=2)
    assert max_intensity(course) <= 2
    by_id = {a.id: a for a in course.risk_areas}
    assert by_id["strangles_and_headlocks"].covered_by == ()
    assert by_id["strangles_and_headlocks"].reason == (
        "not covered: excluded by the intensity cap (max 2): BRK-03 (intensity 3), "
        "SCN-02 (intensity 3)"
    )
    assert [a.id for a in course.not_covered] == ["strangles_and_headlocks"]


def test_not_covered_when_nothing_fits_after_the_mandatory_modules():
    catalogue = [
        spec("LAW", 150, "law", mandatory=True),
        spec("BRK", 30, "breakaway", ["grabs_and_holds"], intensity=2),
    ]
    course = compose_course(catalogue, {"grabs_and_holds": 16}, "3h", 10)
    assert [m.code for m in course.modules] == ["LAW"]
    assert course.risk_areas[0].reason == (
        "not covered: no module that addresses it fits in a 3-hour course after the mandatory "
        "modules (150 of the 170 teaching minutes are taken; the shortest module that "
        "addresses it, BRK, needs 30)"
    )


def test_include_and_exclude():
    course = compose_course(
        realistic_catalogue(), VERBAL, "3h", 10, include=["BRK-05"], exclude=["DES-01"]
    )
    codes = [m.code for m in course.modules]
    assert "BRK-05" in codes
    assert "DES-01" not in codes
    reasons = {m.code: m.reason for m in course.modules}
    assert reasons["BRK-05"] == "you asked for it; covers spitting_and_biting (2)"


def test_mandatory_modules_that_do_not_fit():
    catalogue = [spec("A", 100, "law", mandatory=True), spec("B", 80, "law", mandatory=True)]
    with pytest.raises(CourseDoesNotFit) as raised:
        compose_course(catalogue, {}, "3h", 10)
    assert raised.value.message == (
        "The mandatory modules (A 100 min, B 80 min: 180 minutes) do not fit in a 3-hour course, "
        "which has 170 minutes of teaching once the breaks are in."
    )
    assert compose_course(catalogue, {}, "half-day", 10).contact_minutes == 180


def test_mandatory_module_above_the_cap():
    with pytest.raises(CourseDoesNotFit, match=r"LAW-01 .* is mandatory but its intensity 2"):
        compose_course(
            [spec("LAW-01", 30, "law", mandatory=True, intensity=2)], {}, "3h", 5, max_intensity=1
        )
    with pytest.raises(CourseDoesNotFit, match="LAW-01 is mandatory and cannot be excluded"):
        compose_course(realistic_catalogue(), {}, "3h", 5, exclude=["LAW-01"])


def test_malformed_input():
    with pytest.raises(ValueError, match="unknown length"):
        compose_course(realistic_catalogue(), VERBAL, "week", 5)
    with pytest.raises(ValueError, match="no module in the catalogue has the code XYZ"):
        compose_course(realistic_catalogue(), VERBAL, "3h", 5, include=["XYZ"])
    with pytest.raises(ValueError, match="score of verbal_aggression must be 1–25"):
        compose_course(realistic_catalogue(), {"verbal_aggression": 30}, "3h", 5)
    with pytest.raises(ValueError, match="more than once"):
        compose_course([spec("A", 30, "law"), spec("A", 20, "law")], {}, "3h", 5)
    with pytest.raises(ValueError, match="past midnight"):
        compose_course(realistic_catalogue(), VERBAL, "1-day", 5, start="18:00")
    with pytest.raises(ValueError, match="unknown phase"):
        spec("A", 30, "warm-up")
    with pytest.raises(ValueError, match="min_minutes"):
        spec("A", 30, "law", min_minutes=40)


def test_same_inputs_same_course_in_any_order():
    first = compose_course(realistic_catalogue(), PHYSICAL, "2-day", 40).to_dict()
    again = compose_course(realistic_catalogue(), PHYSICAL, "2-day", 40).to_dict()
    shuffled = realistic_catalogue()
    random.Random(3).shuffle(shuffled)
    reordered = dict(reversed(list(PHYSICAL.items())))
    other = compose_course(shuffled, reordered, "2-day", 40).to_dict()
    assert first == again == other


def test_to_dict_contract():
    data = compose_course(realistic_catalogue(), VERBAL, "1-day", 30).to_dict()
    assert {"modules", "timetable", "contact_minutes", "attendees_per_trainer", "groups",
            "risk_areas"} <= data.keys()  # fmt: skip
    assert set(data["modules"][0]) >= {"code", "minutes", "intensity"}
    assert set(data["timetable"][0]) >= {"day", "start", "end", "kind", "code"}
    assert set(data["groups"][0]) == {"attendees", "trainers"}
    assert set(data["risk_areas"][0]) >= {"id", "score", "covered_by"}
    assert data["contact_minutes"] == sum(m["minutes"] for m in data["modules"])


# ---------------------------------------------------------------------------- group sizes


def test_attendees_per_trainer():
    assert [attendees_per_trainer(i) for i in range(4)] == [16, 12, 12, 8]


def test_groups():
    assert split_groups(30, 12) == [Group(10, 1)] * 3
    assert split_groups(30, 12, 24) == [Group(15, 2)] * 2
    assert split_groups(25, 12) == [Group(9, 1), Group(8, 1), Group(8, 1)]
    assert split_groups(12, 12) == [Group(12, 1)]
    assert split_groups(10, 8, 4) == [Group(4, 1), Group(3, 1), Group(3, 1)]
