"""Editing makes a new version and keeps the old; a named sign-off clears the review flag."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from breakaway.catalogue.models import Intensity, ModuleVersion
from breakaway.catalogue.selectors import module_list_current
from breakaway.catalogue.services import module_sign_off, module_update
from breakaway.catalogue.tests.factories import (
    LearningOutcomeFactory,
    ModuleVersionFactory,
    TechniqueFactory,
)
from breakaway.core.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)


def _audit(module, action):
    return AuditEntry.objects.filter(
        object_type="catalogue.module", object_id=str(module.pk), action=action
    )


def _sign_off(version, user, **changes):
    today = timezone.localdate()
    fields = {
        "reviewer_name": "A. Barrister, Example Chambers",
        "reviewed_on": today,
        "next_review_due": today + dt.timedelta(days=365),
    }
    return module_sign_off(version=version, signed_by=user, **{**fields, **changes})


def test_editing_makes_a_new_current_version_and_keeps_the_old_one(designer):
    first = ModuleVersionFactory(title="Breakaway from grabs")
    outcome = LearningOutcomeFactory()
    technique = TechniqueFactory()

    second = module_update(
        module=first.module,
        changes={"title": "  Breakaway from wrist grabs ", "techniques": [technique]},
        edited_by=designer,
        change_note="Narrowed to wrists.",
    )

    first.refresh_from_db()
    assert (first.number, first.is_current, first.title) == (1, False, "Breakaway from grabs")
    assert (second.number, second.is_current, second.title) == (
        2,
        True,
        "Breakaway from wrist grabs",
    )
    assert second.created_by == designer
    assert second.change_note == "Narrowed to wrists."
    assert list(second.techniques.all()) == [technique]
    assert list(first.techniques.all()) == []
    assert list(second.outcomes.all()) == list(first.outcomes.all())
    assert outcome not in second.outcomes.all()
    assert first.module.versions.count() == 2


def test_editing_audits_only_the_fields_that_changed(designer):
    version = ModuleVersionFactory(typical_minutes=45)

    module_update(module=version.module, changes={"typical_minutes": 60}, edited_by=designer)

    entry = _audit(version.module, "catalogue.module_update").get()
    assert entry.actor == designer
    assert entry.before == {"version": 1, "typical_minutes": 45}
    assert entry.after == {"version": 2, "typical_minutes": 60}


def test_an_edit_that_changes_nothing_saves_no_version(designer):
    version = ModuleVersionFactory(risk_areas=["grabs_and_holds", "strikes_and_kicks"])

    same = module_update(
        module=version.module,
        # The same items in another order, and the same text with spaces around it.
        changes={"risk_areas": ["strikes_and_kicks", "grabs_and_holds"], "title": version.title},
        edited_by=designer,
    )

    assert same.pk == version.pk
    assert version.module.versions.count() == 1
    assert not _audit(version.module, "catalogue.module_update").exists()


def test_a_new_version_awaits_legal_review_even_when_the_old_was_signed_off(
    designer, provider_admin
):
    version = ModuleVersionFactory()
    _sign_off(version, provider_admin)

    new = module_update(
        module=version.module, changes={"summary": "New words."}, edited_by=designer
    )

    assert not new.is_signed_off
    assert (new.reviewed_by_name, new.reviewed_on, new.next_review_due) == ("", None, None)
    version.refresh_from_db()
    assert version.is_signed_off


def test_editing_refuses_invalid_content_and_saves_nothing(designer):
    version = ModuleVersionFactory(intensity=Intensity.NONE, risk_controls="")

    with pytest.raises(ValidationError) as caught:
        module_update(
            module=version.module,
            changes={"intensity": Intensity.HIGH, "risk_areas": ["dragons"]},
            edited_by=designer,
        )

    assert set(caught.value.error_dict) == {"risk_controls", "risk_areas"}
    version.refresh_from_db()
    assert version.is_current
    assert version.module.versions.count() == 1


def test_editing_refuses_a_module_without_outcomes(designer):
    version = ModuleVersionFactory()

    with pytest.raises(ValidationError):
        module_update(module=version.module, changes={"outcomes": []}, edited_by=designer)


def test_editing_refuses_fields_that_are_not_content(designer):
    version = ModuleVersionFactory()

    with pytest.raises(ValueError, match="reviewed_on"):
        module_update(module=version.module, changes={"reviewed_on": TODAY}, edited_by=designer)


def test_the_law_cannot_be_made_optional(designer, shipped):
    law = ModuleVersion.objects.get(module__code="law-and-force", is_current=True)

    with pytest.raises(ValidationError) as caught:
        module_update(module=law.module, changes={"is_mandatory": False}, edited_by=designer)

    assert "is_mandatory" in caught.value.error_dict


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_sign_off_records_the_named_reviewer_and_audits_it(provider_admin):
    version = ModuleVersionFactory()

    signed = _sign_off(version, provider_admin, reviewer_name="  Jo Reviewer ")

    assert signed.is_signed_off
    assert signed.reviewed_by_name == "Jo Reviewer"
    assert signed.signed_off_by == provider_admin
    entry = _audit(version.module, "catalogue.module_sign_off").get()
    assert entry.before["reviewed_on"] is None
    assert entry.after["reviewed_on"] == "2026-11-27"
    assert entry.after["next_review_due"] == "2027-11-27"


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_sign_off_clears_the_awaiting_review_flag(provider_admin):
    version = ModuleVersionFactory()
    assert not module_list_current().get(pk=version.pk).is_signed_off

    _sign_off(version, provider_admin)

    listed = module_list_current().get(pk=version.pk)
    assert listed.is_signed_off
    assert not listed.is_review_overdue


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reviewer_name": "  "}, "reviewed_by_name"),
        ({"reviewed_on": TODAY + dt.timedelta(days=1)}, "reviewed_on"),
        ({"next_review_due": TODAY}, "next_review_due"),
    ],
)
def test_sign_off_refuses_a_missing_name_a_future_review_or_an_earlier_next_review(
    provider_admin, changes, field
):
    version = ModuleVersionFactory()

    with pytest.raises(ValidationError) as caught:
        _sign_off(version, provider_admin, **changes)

    assert field in caught.value.error_dict
    version.refresh_from_db()
    assert not version.is_signed_off


def test_only_the_current_version_can_be_signed_off(designer, provider_admin):
    first = ModuleVersionFactory()
    module_update(module=first.module, changes={"summary": "New words."}, edited_by=designer)

    with pytest.raises(ValidationError, match="replaced"):
        _sign_off(first, provider_admin)


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_signing_off_again_records_a_fresh_review_of_the_same_content(provider_admin):
    version = ModuleVersionFactory()
    _sign_off(
        version,
        provider_admin,
        reviewed_on=dt.date(2024, 1, 10),
        next_review_due=dt.date(2025, 1, 10),
    )
    assert module_list_current().get(pk=version.pk).is_review_overdue

    _sign_off(version, provider_admin)

    assert not module_list_current().get(pk=version.pk).is_review_overdue
    assert version.module.versions.count() == 1


def test_a_module_must_be_at_least_as_physical_as_its_techniques(designer):
    version = ModuleVersionFactory(intensity=Intensity.MODERATE)
    strangle = TechniqueFactory(intensity=Intensity.HIGH)

    with pytest.raises(ValidationError) as caught:
        module_update(module=version.module, changes={"techniques": [strangle]}, edited_by=designer)

    assert "intensity" in caught.value.error_dict
    assert version.module.versions.count() == 1
