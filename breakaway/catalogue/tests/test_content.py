"""The catalogue Breakaway ships: complete, consistent, and awaiting legal review."""

import pytest

from breakaway.assessments.outcomes import OUTCOMES
from breakaway.assessments.taxonomy import RISK_AREAS
from breakaway.catalogue import content
from breakaway.catalogue.content import MODULES, TECHNIQUES, load_catalogue
from breakaway.catalogue.models import (
    Intensity,
    LearningOutcome,
    Method,
    Module,
    ModuleVersion,
    Phase,
    Technique,
)

SPECS = {m.code: m for m in MODULES}
TECHNIQUE_SPECS = {t.code: t for t in TECHNIQUES}
OUTCOME_AREAS = {o.id: set(o.risk_areas) for o in OUTCOMES}


def test_it_ships_at_least_seventeen_modules_with_unique_codes():
    assert len(MODULES) >= 17
    assert len(SPECS) == len(MODULES)


def test_the_law_and_duty_of_care_are_mandatory():
    assert content.ALWAYS_MANDATORY == ("law-and-force", "duty-of-care")
    for code in content.ALWAYS_MANDATORY:
        assert SPECS[code].mandatory


def test_every_risk_area_is_addressed_by_at_least_one_module():
    addressed = {area for spec in MODULES for area in spec.risk_areas}
    assert addressed == set(RISK_AREAS)


def test_every_module_uses_only_known_risk_areas_standards_methods_and_phases():
    for spec in MODULES:
        assert set(spec.risk_areas) <= set(RISK_AREAS), spec.code
        assert set(spec.standards) <= set(content.STANDARDS), spec.code
        assert spec.methods, spec.code
        assert set(spec.methods) <= set(Method.values), spec.code
        assert spec.phase in Phase.values, spec.code
        assert spec.intensity in Intensity.values, spec.code
        assert spec.qualifications, spec.code
        assert set(spec.qualifications) <= set(content.QUALIFICATIONS), spec.code


def test_every_modules_techniques_exist():
    for spec in MODULES:
        assert set(spec.techniques) <= set(TECHNIQUE_SPECS), spec.code


def test_every_modules_outcomes_exist_and_explain_its_risk_areas():
    for spec in MODULES:
        assert spec.outcomes, spec.code
        assert set(spec.outcomes) <= set(OUTCOME_AREAS), spec.code
        explained = set().union(*(OUTCOME_AREAS[o] for o in spec.outcomes))
        assert set(spec.risk_areas) <= explained, spec.code


def test_every_outcome_and_technique_is_taught_somewhere():
    assert {o for spec in MODULES for o in spec.outcomes} == set(OUTCOME_AREAS)
    assert {t for spec in MODULES for t in spec.techniques} == set(TECHNIQUE_SPECS)


def test_a_module_is_at_least_as_physical_as_its_techniques_and_controls_practice():
    for spec in MODULES:
        for code in spec.techniques:
            assert spec.intensity >= TECHNIQUE_SPECS[code].intensity, (spec.code, code)
        if spec.intensity >= Intensity.MODERATE:
            assert spec.risk_controls, spec.code
            assert content.BREAKAWAY_INSTRUCTOR in spec.qualifications, spec.code
            assert content.FIRST_AID in spec.qualifications, spec.code


def test_about_twenty_five_techniques_each_with_the_screening_it_needs():
    assert 24 <= len(TECHNIQUES) <= 30
    for technique in TECHNIQUES:
        assert technique.screening, technique.code
        assert set(technique.screening) <= set(content.SCREENING), technique.code
        assert technique.group in Technique.Group.values, technique.code
    # The most demanding holds ask every question, pregnancy and the heart included.
    for code in ("strangle-front", "side-headlock", "bear-hug-front-arms-held"):
        assert set(TECHNIQUE_SPECS[code].screening) == set(content.SCREENING)


def test_the_cstf_tag_claims_no_alignment_that_could_not_be_verified():
    assert content.STANDARDS["cstf-conflict-resolution"].endswith("(alignment to be confirmed)")


@pytest.mark.django_db
def test_the_migration_loads_every_module_as_version_one_awaiting_legal_review(shipped):
    versions = ModuleVersion.objects.filter(module__code__in=SPECS).select_related("module")
    assert versions.count() == len(MODULES)
    for version in versions:
        assert (version.number, version.is_current) == (1, True)
        assert not version.is_signed_off
        assert (version.reviewed_by_name, version.reviewed_on, version.next_review_due) == (
            "",
            None,
            None,
        )
        assert version.change_note == content.SHIPPED_CHANGE_NOTE
        version.full_clean()


@pytest.mark.django_db
def test_loaded_modules_link_their_outcomes_and_techniques(shipped):
    version = ModuleVersion.objects.get(module__code="breakaway-strangles-and-headlocks")
    assert {t.code for t in version.techniques.all()} == set(
        SPECS["breakaway-strangles-and-headlocks"].techniques
    )
    assert [o.code for o in version.outcomes.all()] == ["breakaway-strangles"]
    assert LearningOutcome.objects.filter(code__in=OUTCOME_AREAS).count() == len(OUTCOMES) == 18
    assert Technique.objects.filter(code__in=TECHNIQUE_SPECS).count() == len(TECHNIQUES)


@pytest.mark.django_db
def test_loading_again_adds_nothing_and_keeps_the_installations_edits(shipped):
    law = ModuleVersion.objects.get(module__code="law-and-force")
    law.title = "Our own title"
    law.save()

    assert load_catalogue() == {"outcomes": 0, "techniques": 0, "modules": 0}
    assert Module.objects.filter(code__in=SPECS).count() == len(MODULES)
    law.refresh_from_db()
    assert law.title == "Our own title"
