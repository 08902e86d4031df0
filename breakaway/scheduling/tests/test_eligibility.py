"""The eligibility rules, by example and as properties over random trainers and weeks."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from breakaway.scheduling.eligibility import OtherWork, ineligibility_reasons, is_eligible

MON = dt.date(2027, 3, 1)  # a Monday


def trainer(**extra):
    facts = {
        "id": "7",
        "name": "Dan Hughes",
        "base": {"lat": 53.48, "lon": -2.24},
        "qualifications": [{"type": "first_aid", "expires_on": "2027-12-31"}],
        "unavailable": [],
        "max_days_per_week": 4,
        "modules": ["breakaway-basics"],
        "cpd_current": True,
    }
    facts.update(extra)
    return facts


def kinds(reasons):
    return [r.kind for r in reasons]


def test_a_qualified_available_trainer_is_eligible():
    assert ineligibility_reasons(
        trainer=trainer(), days=[MON], required_qualifications=["first_aid"],
        modules=["breakaway-basics"],
    ) == []  # fmt: skip


def test_a_qualification_is_valid_on_its_expiry_day_and_not_after():
    on_the_day = trainer(qualifications=[{"type": "first_aid", "expires_on": "2027-03-02"}])
    assert is_eligible(trainer=on_the_day, days=[MON, MON + dt.timedelta(1)],
                       required_qualifications=["first_aid"])  # fmt: skip
    reasons = ineligibility_reasons(
        trainer=on_the_day, days=[MON + dt.timedelta(1), MON + dt.timedelta(2)],
        required_qualifications=["first_aid"],
    )  # fmt: skip
    assert kinds(reasons) == ["expired"]
    assert "expires on 2 March 2027, during the course" in reasons[0].text


def test_a_missing_qualification_is_named_by_its_label():
    reasons = ineligibility_reasons(
        trainer=trainer(), days=[MON], required_qualifications=["breakaway_instructor"],
        labels={"breakaway_instructor": "Breakaway instructor"},
    )  # fmt: skip
    assert [str(r) for r in reasons] == ["Does not hold Breakaway instructor."]


def test_the_latest_certificate_of_a_type_counts():
    facts = trainer(qualifications=[
        {"type": "first_aid", "expires_on": "2027-01-01"},
        {"type": "first_aid", "expires_on": "2028-01-01"},
    ])  # fmt: skip
    assert is_eligible(trainer=facts, days=[MON], required_qualifications=["first_aid"])


def test_a_qualification_without_expiry_never_lapses():
    facts = trainer(qualifications=[{"type": "teaching_l3", "expires_on": None}])
    assert is_eligible(trainer=facts, days=[dt.date(2090, 1, 2)],
                       required_qualifications=["teaching_l3"])  # fmt: skip


def test_module_permission_and_cpd_are_required():
    reasons = ineligibility_reasons(
        trainer=trainer(modules=[], cpd_current=False), days=[MON], modules=["restraint-2"]
    )
    assert kinds(reasons) == ["module", "cpd"]


def test_unavailable_days_are_each_listed():
    facts = trainer(unavailable=["2027-03-01", "2027-03-02"])
    reasons = ineligibility_reasons(trainer=facts, days=[MON, MON + dt.timedelta(1)])
    assert [r.text for r in reasons] == [
        "Not available on 1 March 2027.",
        "Not available on 2 March 2027.",
    ]


def test_a_clash_names_the_other_engagement():
    other = OtherWork(engagement="Hillcrest Academy, from 1 March 2027", dates=(MON,),
                      engagement_id="12")  # fmt: skip
    reasons = ineligibility_reasons(trainer=trainer(), days=[MON], other_work=[other])
    assert kinds(reasons) == ["clash"]
    assert "Hillcrest Academy" in reasons[0].text
    assert reasons[0].engagement_id == "12"


def test_the_weekly_limit_counts_other_work_in_the_same_iso_week():
    other = OtherWork(engagement="Elsewhere", dates=tuple(MON + dt.timedelta(i) for i in range(3)))
    friday = MON + dt.timedelta(4)
    reasons = ineligibility_reasons(
        trainer=trainer(max_days_per_week=3), days=[friday], other_work=[other]
    )
    assert kinds(reasons) == ["weekly_limit"]
    assert reasons[0].text == "Would work 4 days in the week of 1 March 2027; the most is 3."
    next_monday = MON + dt.timedelta(7)
    assert is_eligible(trainer=trainer(max_days_per_week=3), days=[next_monday],
                       other_work=[other])  # fmt: skip


# Properties -------------------------------------------------------------------------------

days_in_march = st.builds(lambda n: MON + dt.timedelta(days=n), st.integers(0, 27))
trainers = st.fixed_dictionaries(
    {
        "qualifications": st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.sampled_from(["first_aid", "breakaway_instructor"]),
                    "expires_on": st.one_of(st.none(), days_in_march.map(dt.date.isoformat)),
                }
            ),
            max_size=3,
        ),
        "unavailable": st.lists(days_in_march.map(dt.date.isoformat), max_size=5),
        "max_days_per_week": st.integers(1, 7),
        "modules": st.lists(st.sampled_from(["a", "b"]), max_size=2),
        "cpd_current": st.booleans(),
    }
)
engagements = st.lists(days_in_march, min_size=1, max_size=3, unique=True)
other_work = st.lists(
    st.lists(days_in_march, min_size=1, max_size=3, unique=True).map(
        lambda ds: OtherWork(engagement="Other", dates=tuple(sorted(ds)))
    ),
    max_size=3,
)
required = st.lists(st.sampled_from(["first_aid", "breakaway_instructor"]), max_size=2)
modules = st.lists(st.sampled_from(["a", "b"]), max_size=2)


def _independently_eligible(facts, days, need, mods, others) -> bool:
    """The rules written again, plainly, to check the module against."""
    for code in need:
        held = [q for q in facts["qualifications"] if q["type"] == code]
        if not held:
            return False
        if not any(
            q["expires_on"] is None
            or all(dt.date.fromisoformat(q["expires_on"]) >= d for d in days)
            for q in held
        ):
            return False
    if any(m not in facts["modules"] for m in mods) or not facts["cpd_current"]:
        return False
    if any(d.isoformat() in facts["unavailable"] for d in days):
        return False
    busy = {d for w in others for d in w.dates}
    if busy & set(days):
        return False
    for day in days:
        week = day.isocalendar()[:2]
        worked = {d for d in busy | set(days) if d.isocalendar()[:2] == week}
        if len(worked) > facts["max_days_per_week"]:
            return False
    return True


@given(trainers, engagements, required, modules, other_work)
def test_eligibility_matches_an_independent_reading_of_the_rules(facts, days, need, mods, others):
    reasons = ineligibility_reasons(
        trainer=facts, days=days, required_qualifications=need, modules=mods, other_work=others
    )
    assert (not reasons) == _independently_eligible(facts, days, need, mods, others)


@given(trainers, engagements, required, modules, other_work)
def test_every_clash_and_unavailable_reason_is_about_a_day_of_the_engagement(
    facts, days, need, mods, others
):
    reasons = ineligibility_reasons(
        trainer=facts, days=days, required_qualifications=need, modules=mods, other_work=others
    )
    named = {f"{d.day} {d:%B %Y}" for d in days}
    for reason in reasons:
        if reason.kind in ("clash", "unavailable"):
            assert any(n in reason.text for n in named)


@given(trainers, engagements, required, modules)
def test_more_qualifications_never_make_a_trainer_ineligible(facts, days, need, mods):
    before = ineligibility_reasons(
        trainer=facts, days=days, required_qualifications=need, modules=mods
    )
    richer = dict(facts)
    richer["qualifications"] = [*facts["qualifications"],
                                {"type": "first_aid", "expires_on": None}]  # fmt: skip
    after = ineligibility_reasons(
        trainer=richer, days=days, required_qualifications=need, modules=mods
    )
    assert len(after) <= len(before)
