"""A person's decisions about what the values in a client's exports mean: kept for the next
import, and applied at once to the incidents already imported."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation
from breakaway.assessments import taxonomy
from breakaway.assessments.import_selectors import RAW_COLUMNS
from breakaway.assessments.models import Incident, ValueMapping
from breakaway.core.audit import audit_log

# profiling.RIDDOR_RULE in the ORM: marked reportable, more than 7 days lost, or a death.
RIDDOR_REPORTABLE = Q(riddor=True) | Q(days_lost__gt=7) | Q(harm="death")


@transaction.atomic
def value_mapping_set(
    *, organisation: Organisation, field: str, raw_value: str, code: str, decided_by: Any
) -> ValueMapping:
    """Decide that a raw value of `field` means our `code` ("" for not recognised), and re-code
    the organisation's incidents that have it (and their RIDDOR flag, for harm)."""
    mappings = value_mappings_set(
        organisation=organisation, field=field, decisions={raw_value: code}, decided_by=decided_by
    )
    return mappings[0]


@transaction.atomic
def value_mappings_set(
    *,
    organisation: Organisation,
    field: str,
    decisions: Mapping[str, str],
    decided_by: Any,
) -> list[ValueMapping]:
    """`value_mapping_set` for several values of one field, reading the field's values once.

    Each `ValueMapping` returned carries `incidents_changed`, the incidents it re-coded.
    """
    if field not in taxonomy.FIELDS:
        raise ValidationError(
            _("“%(field)s” is not a field that can be mapped.") % {"field": field}
        )
    wanted: dict[str, str] = {}
    for raw_value, code in decisions.items():
        normalised = taxonomy.normalise(raw_value)
        if not normalised:
            raise ValidationError(_("A blank value cannot be mapped."))
        if code and code not in taxonomy.LABELS[field]:
            raise ValidationError(
                _("“%(code)s” is not one of our codes for %(field)s.")
                % {"code": code, "field": field}
            )
        wanted[normalised] = code
    spellings = _spellings(organisation, field, set(wanted))
    raw_column = RAW_COLUMNS[field]
    mappings = []
    for normalised, code in wanted.items():
        mapping = ValueMapping.objects.filter(
            organisation=organisation, field=field, raw_value=normalised
        ).first() or ValueMapping(organisation=organisation, field=field, raw_value=normalised)
        before = None if mapping.pk is None else {"code": mapping.code}
        mapping.code = code
        mapping.decided_by = decided_by if getattr(decided_by, "is_authenticated", False) else None
        mapping.decided_at = timezone.now()
        mapping.full_clean()
        mapping.save()
        raws = spellings.get(normalised, [])
        changed = 0
        if raws:
            incidents = Incident.objects.filter(
                organisation=organisation, **{raw_column + "__in": raws}
            )
            stored = code or taxonomy.UNRECOGNISED
            changed = incidents.exclude(**{field: stored}).update(**{field: stored})
            if field == "harm" and changed:
                incidents.update(
                    riddor_reportable=Case(
                        When(RIDDOR_REPORTABLE, then=Value(True)), default=Value(False)
                    )
                )
        mapping.incidents_changed = changed  # type: ignore[attr-defined]
        # The normalised value and our code only: never text from a description.
        audit_log(
            actor=decided_by,
            action="incidents.value_mapping",
            obj=mapping,
            before=before,
            after={"field": field, "code": code, "incidents_changed": changed},
            organisation=organisation,
        )
        mappings.append(mapping)
    return mappings


def _spellings(organisation: Organisation, field: str, wanted: set[str]) -> dict[str, list[str]]:
    """The raw values in the organisation's incidents that normalise to each wanted value.

    Normalised words are ASCII letters and digits, and each appears in every spelling of the
    value, so SQL narrows the search to raw values containing the longest word of one.
    """
    raw_column = RAW_COLUMNS[field]
    narrow = Q()
    for normalised in wanted:
        narrow |= Q(**{raw_column + "__icontains": max(normalised.split(), key=len)})
    found: dict[str, list[str]] = {}
    raws = (
        Incident.objects.filter(narrow, organisation=organisation)
        .values_list(raw_column, flat=True)
        .order_by()
        .distinct()
    )
    for raw in raws:
        normalised = taxonomy.normalise(raw)
        if normalised in wanted:
            found.setdefault(normalised, []).append(raw)
    return found
