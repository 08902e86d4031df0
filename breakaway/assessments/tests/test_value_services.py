"""A person's decision about what a value means: kept, applied to the incidents, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from breakaway.assessments import taxonomy
from breakaway.assessments.import_selectors import incident_value_list
from breakaway.assessments.incident_services import incidents_import
from breakaway.assessments.models import Incident, ValueMapping
from breakaway.assessments.tests.incident_factories import IncidentFactory
from breakaway.assessments.tests.incident_fixtures import write_csv
from breakaway.assessments.value_services import value_mapping_set, value_mappings_set
from breakaway.core.models import AuditEntry

pytestmark = pytest.mark.django_db

UNRECOGNISED = taxonomy.UNRECOGNISED


def _unrecognised(organisation, raw, **extra):
    return IncidentFactory(
        organisation=organisation, category_raw=raw, category=UNRECOGNISED, **extra
    )


def test_a_decision_is_kept_normalised_and_recodes_every_spelling_of_the_value(
    client_org, client_admin
):
    spellings = [
        _unrecognised(client_org, raw) for raw in ("Fisticuffs", "FISTICUFFS.", " fisticuffs")
    ]
    other = _unrecognised(client_org, "Scuffle")
    mapping = value_mapping_set(
        organisation=client_org,
        field="category",
        raw_value="Fisticuffs",
        code="physical_assault",
        decided_by=client_admin,
    )
    assert (mapping.field, mapping.raw_value, mapping.code) == (
        "category",
        "fisticuffs",
        "physical_assault",
    )
    assert mapping.decided_by == client_admin
    assert mapping.incidents_changed == 3
    for incident in spellings:
        incident.refresh_from_db()
        assert incident.category == "physical_assault"
    other.refresh_from_db()
    assert other.category == UNRECOGNISED


def test_a_second_decision_replaces_the_first(client_org, client_admin):
    incident = _unrecognised(client_org, "Fisticuffs")
    for code in ("physical_assault", "threatening_behaviour"):
        value_mapping_set(
            organisation=client_org,
            field="category",
            raw_value="Fisticuffs",
            code=code,
            decided_by=client_admin,
        )
    assert ValueMapping.objects.get().code == "threatening_behaviour"
    incident.refresh_from_db()
    assert incident.category == "threatening_behaviour"


def test_not_recognised_is_kept_as_no_code_and_marks_the_incidents_unrecognised(
    client_org, client_admin
):
    incident = IncidentFactory(
        organisation=client_org, category_raw="Assault", category="physical_assault"
    )
    value_mapping_set(
        organisation=client_org,
        field="category",
        raw_value="Assault",
        code="",
        decided_by=client_admin,
    )
    assert ValueMapping.objects.get().code == ""
    incident.refresh_from_db()
    assert incident.category == UNRECOGNISED


def test_other_organisations_incidents_are_not_touched(client_org, other_client, client_admin):
    theirs = _unrecognised(other_client, "Fisticuffs")
    value_mapping_set(
        organisation=client_org,
        field="category",
        raw_value="Fisticuffs",
        code="physical_assault",
        decided_by=client_admin,
    )
    theirs.refresh_from_db()
    assert theirs.category == UNRECOGNISED
    assert not ValueMapping.objects.filter(organisation=other_client).exists()


def test_remapping_harm_works_out_riddor_again(client_org, client_admin):
    fatal = IncidentFactory(organisation=client_org, harm_raw="Fatal", harm=UNRECOGNISED)
    long_absence = IncidentFactory(
        organisation=client_org, harm_raw="Fatal", harm=UNRECOGNISED, days_lost=10
    )
    assert not fatal.riddor_reportable
    value_mapping_set(
        organisation=client_org,
        field="harm",
        raw_value="fatal",
        code="death",
        decided_by=client_admin,
    )
    fatal.refresh_from_db()
    assert (fatal.harm, fatal.riddor_reportable) == ("death", True)

    value_mapping_set(
        organisation=client_org,
        field="harm",
        raw_value="Fatal",
        code="low",
        decided_by=client_admin,
    )
    fatal.refresh_from_db()
    long_absence.refresh_from_db()
    assert (fatal.harm, fatal.riddor_reportable) == ("low", False)
    assert long_absence.riddor_reportable  # more than 7 days lost is reportable whatever the harm


def test_location_type_is_decided_on_the_location(client_org, client_admin):
    incident = IncidentFactory(
        organisation=client_org, location="Bay 4", location_type=UNRECOGNISED
    )
    value_mapping_set(
        organisation=client_org,
        field="location_type",
        raw_value="Bay 4",
        code="bedroom",
        decided_by=client_admin,
    )
    incident.refresh_from_db()
    assert incident.location_type == "bedroom"


def test_a_decision_is_audited_without_any_description(client_org, client_admin):
    _unrecognised(client_org, "Fisticuffs", description="Mr Smith hit the nurse")
    value_mapping_set(
        organisation=client_org,
        field="category",
        raw_value="Fisticuffs",
        code="physical_assault",
        decided_by=client_admin,
    )
    entry = AuditEntry.objects.get(action="incidents.value_mapping")
    assert entry.actor == client_admin
    assert entry.organisation == client_org
    assert entry.after == {"field": "category", "code": "physical_assault", "incidents_changed": 1}
    assert "Smith" not in str(entry.after) + entry.object_repr


def test_several_decisions_are_made_at_once(client_org, client_admin):
    _unrecognised(client_org, "Fisticuffs")
    _unrecognised(client_org, "Argy-bargy")
    mappings = value_mappings_set(
        organisation=client_org,
        field="category",
        decisions={"Fisticuffs": "physical_assault", "Argy-bargy": "verbal_abuse"},
        decided_by=client_admin,
    )
    assert [m.incidents_changed for m in mappings] == [1, 1]
    assert set(Incident.objects.values_list("category", flat=True)) == {
        "physical_assault",
        "verbal_abuse",
    }


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [("colour", "Red", ""), ("category", "Fisticuffs", "boxing"), ("category", " - ", "")],
)
def test_a_decision_that_makes_no_sense_is_refused(client_org, client_admin, field, raw, code):
    with pytest.raises(ValidationError):
        value_mapping_set(
            organisation=client_org, field=field, raw_value=raw, code=code, decided_by=client_admin
        )
    assert ValueMapping.objects.count() == 0


def test_the_next_import_uses_the_decision(tmp_path, client_org, client_admin):
    value_mapping_set(
        organisation=client_org,
        field="category",
        raw_value="Fisticuffs",
        code="physical_assault",
        decided_by=client_admin,
    )
    path = write_csv(tmp_path, "next.csv", [["Date", "Category"], ["03/02/2026", "Fisticuffs!"]])
    result = incidents_import(organisation=client_org, path=path)
    assert result.unmapped_values == {}
    assert Incident.objects.get().category == "physical_assault"


# The values listed for review


def test_the_values_for_review_merge_spellings_and_put_values_not_recognised_first(client_org):
    for raw in ("Fisticuffs", "fisticuffs", "Fisticuffs"):
        _unrecognised(client_org, raw)
    IncidentFactory.create_batch(5, organisation=client_org)
    values = incident_value_list(organisation=client_org, field_name="category")
    assert [(r.raw, r.normalised, r.count, r.code) for r in values.rows] == [
        ("Fisticuffs", "fisticuffs", 3, ""),
        ("Physical assault", "physical assault", 5, "physical_assault"),
    ]
    assert not values.capped


def test_the_values_for_review_are_capped(client_org):
    for n in range(6):
        _unrecognised(client_org, f"Odd value {n}")
    values = incident_value_list(organisation=client_org, field_name="category", limit=1)
    assert len(values.rows) == 1
    assert values.capped
    assert values.distinct == 6
