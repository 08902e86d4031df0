"""Writes to the catalogue: editing a module (a new version) and signing a version off."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.assessments.taxonomy import RISK_AREAS
from breakaway.catalogue import content
from breakaway.catalogue.models import (
    LearningOutcome,
    Method,
    Module,
    ModuleVersion,
    Technique,
)
from breakaway.core.audit import audit_log, snapshot

EDITABLE = (*ModuleVersion.CONTENT_FIELDS, *ModuleVersion.RELATED_FIELDS)
# Lists are kept in one canonical order, so re-ordering alone is never a change.
_ORDER: dict[str, tuple[str, ...]] = {
    "methods": tuple(Method.values),
    "risk_areas": tuple(RISK_AREAS),
    "standards": tuple(content.STANDARDS),
}


def _ordered(field: str, values: Iterable[Any]) -> list[Any]:
    unique = list(dict.fromkeys(values))
    order = _ORDER.get(field)
    if order is None:
        return unique
    return sorted(unique, key=lambda v: (order.index(v) if v in order else len(order), str(v)))


def _codes(rows: Iterable[LearningOutcome | Technique]) -> list[str]:
    return sorted(row.code for row in rows)


@transaction.atomic
def module_update(
    *,
    module: Module,
    changes: Mapping[str, Any],
    edited_by: Any,
    change_note: str = "",
) -> ModuleVersion:
    """Save an edit as a new current version that awaits legal review; old versions stay as
    they were. An edit that changes nothing saves nothing and returns the current version.

    `changes` maps content fields (ModuleVersion.CONTENT_FIELDS) and `outcomes`/`techniques`
    (model instances) to their new values; fields left out keep the current version's.
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValueError(f"These are not editable module fields: {', '.join(unknown)}")
    locked = Module.objects.select_for_update().get(pk=module.pk)
    current = (
        ModuleVersion.objects.filter(module=locked, is_current=True)
        .prefetch_related("outcomes", "techniques")
        .get()
    )
    values = {name: getattr(current, name) for name in ModuleVersion.CONTENT_FIELDS}
    for name in ModuleVersion.CONTENT_FIELDS:
        if name in changes:
            value = changes[name]
            if isinstance(value, str):
                value = value.strip()
            elif isinstance(value, list | tuple):
                value = _ordered(name, (v.strip() if isinstance(v, str) else v for v in value))
            values[name] = value
    outcomes = list(changes.get("outcomes", current.outcomes.all()))
    techniques = list(changes.get("techniques", current.techniques.all()))
    errors: dict[str, str] = {}
    if not outcomes:
        errors["outcomes"] = _("Choose at least one learning outcome")
    most_physical = max((t.intensity for t in techniques), default=0)
    if values["intensity"] is not None and values["intensity"] < most_physical:
        errors["intensity"] = _(
            "Choose an intensity at least as high as the most physical technique the module teaches"
        )
    if errors:
        raise ValidationError(errors)

    before = {name: getattr(current, name) for name in ModuleVersion.CONTENT_FIELDS}
    before |= {"outcomes": _codes(current.outcomes.all())}
    before |= {"techniques": _codes(current.techniques.all())}
    after = values | {"outcomes": _codes(outcomes), "techniques": _codes(techniques)}
    changed = [name for name in EDITABLE if before[name] != after[name]]
    if not changed:
        return current

    current.is_current = False
    current.save(update_fields=["is_current"])
    version = ModuleVersion(
        module=locked,
        number=current.number + 1,
        is_current=True,
        change_note=change_note.strip(),
        created_by=edited_by if getattr(edited_by, "is_authenticated", False) else None,
        **values,
    )
    version.full_clean()
    version.save()
    version.outcomes.set(outcomes)
    version.techniques.set(techniques)
    audit_log(
        actor=edited_by,
        action="catalogue.module_update",
        obj=locked,
        before={"version": current.number} | {name: before[name] for name in changed},
        after={"version": version.number} | {name: after[name] for name in changed},
    )
    return version


@transaction.atomic
def module_sign_off(
    *,
    version: ModuleVersion,
    reviewer_name: str,
    reviewed_on: datetime.date,
    next_review_due: datetime.date,
    signed_by: Any,
) -> ModuleVersion:
    """Record a named reviewer's legal sign-off of the current version and when the next
    review is due; signing off again records a fresh review of the same content."""
    locked = ModuleVersion.objects.select_for_update().select_related("module").get(pk=version.pk)
    if not locked.is_current:
        raise ValidationError(
            _("Version %(number)s has been replaced: sign off the current version instead.")
            % {"number": locked.number}
        )
    errors: dict[str, str] = {}
    name = reviewer_name.strip()
    if not name:
        errors["reviewed_by_name"] = _("Enter the name of the person who reviewed the module")
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = _("The review date must be today or in the past")
    if next_review_due <= reviewed_on:
        errors["next_review_due"] = _("The next review must be due after the review date")
    if errors:
        raise ValidationError(errors)
    before = snapshot(locked, ModuleVersion.REVIEW_FIELDS)
    locked.reviewed_by_name = name
    locked.reviewed_on = reviewed_on
    locked.next_review_due = next_review_due
    locked.signed_off_by = signed_by if getattr(signed_by, "is_authenticated", False) else None
    locked.signed_off_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=list(ModuleVersion.REVIEW_FIELDS))
    audit_log(
        actor=signed_by,
        action="catalogue.module_sign_off",
        obj=locked.module,
        before={"version": locked.number} | before,
        after={"version": locked.number} | snapshot(locked, ModuleVersion.REVIEW_FIELDS),
    )
    version.refresh_from_db()
    return locked
