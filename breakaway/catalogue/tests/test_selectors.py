"""Reads: the overdue flag against today, course order, and what changed between versions."""

import datetime as dt

import pytest
import time_machine

from breakaway.catalogue.models import Intensity, Method, Phase
from breakaway.catalogue.selectors import module_list_current, version_diff
from breakaway.catalogue.services import module_update
from breakaway.catalogue.tests.factories import ModuleVersionFactory, TechniqueFactory

pytestmark = pytest.mark.django_db


def _signed(next_review_due):
    return ModuleVersionFactory(
        reviewed_by_name="Jo Reviewer",
        reviewed_on=next_review_due - dt.timedelta(days=365),
        next_review_due=next_review_due,
    )


def test_a_module_is_overdue_only_once_its_review_date_has_passed():
    version = _signed(dt.date(2027, 3, 31))

    with time_machine.travel(dt.datetime(2027, 3, 31, 23, tzinfo=dt.UTC), tick=False):
        # 23:00 UTC on 31 March is 00:00 on 1 April in London (summer time).
        assert module_list_current().get(pk=version.pk).is_review_overdue
    with time_machine.travel(dt.datetime(2027, 3, 31, 12, tzinfo=dt.UTC), tick=False):
        assert not module_list_current().get(pk=version.pk).is_review_overdue


def test_a_module_awaiting_review_is_never_overdue():
    version = ModuleVersionFactory()

    listed = module_list_current(today=dt.date(2099, 1, 1)).get(pk=version.pk)

    assert not listed.is_signed_off
    assert not listed.is_review_overdue


def test_the_list_holds_only_current_versions_in_course_order(designer):
    scenario = ModuleVersionFactory(phase=Phase.SCENARIOS)
    law = ModuleVersionFactory(phase=Phase.LAW_AND_AWARENESS)
    module_update(module=law.module, changes={"title": "The law, revised"}, edited_by=designer)

    mine = [v for v in module_list_current() if v.module_id in {scenario.module_id, law.module_id}]

    assert [(v.module_id, v.number) for v in mine] == [(law.module_id, 2), (scenario.module_id, 1)]


def test_the_diff_shows_prose_word_by_word(designer):
    old = ModuleVersionFactory(summary="Releases from grabs to the wrist.")
    new = module_update(
        module=old.module,
        changes={"summary": "Simple releases from grabs to the arm."},
        edited_by=designer,
    )

    [change] = version_diff(old=old, new=new)

    assert change.field == "summary"
    assert change.label == "What it covers"
    assert [(s.kind, s.text) for s in change.segments] == [
        ("removed", "Releases"),
        ("added", "Simple releases"),
        ("same", " from grabs to the "),
        ("removed", "wrist."),
        ("added", "arm."),
    ]
    assert "".join(s.text for s in change.segments if s.kind != "removed") == new.summary
    assert "".join(s.text for s in change.segments if s.kind != "added") == old.summary


def test_the_diff_shows_values_by_their_labels_and_lists_as_items_removed_and_added(designer):
    old = ModuleVersionFactory(intensity=Intensity.MODERATE, methods=[Method.LECTURE])
    technique = TechniqueFactory(name="Side headlock")
    new = module_update(
        module=old.module,
        changes={
            "intensity": Intensity.HIGH,
            "methods": [Method.QA],
            "techniques": [technique],
        },
        edited_by=designer,
    )

    changes = {c.field: c for c in version_diff(old=old, new=new)}

    assert list(changes) == ["intensity", "methods", "techniques"]
    assert [(s.kind, s.text) for s in changes["intensity"].segments] == [
        ("removed", "Moderate"),
        ("added", "High"),
    ]
    assert changes["methods"].removed == ("Lecture",)
    assert changes["methods"].added == ("Questions and answers",)
    assert changes["techniques"].added == ("Side headlock",)


def test_the_diff_of_a_version_with_itself_is_empty():
    version = ModuleVersionFactory()

    assert version_diff(old=version, new=version) == []
