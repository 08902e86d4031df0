"""Reads of the catalogue: current modules, a module's versions and what changed between them."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.assessments.taxonomy import RISK_AREAS
from breakaway.catalogue import content
from breakaway.catalogue.models import Intensity, Method, Module, ModuleVersion, Phase, Technique

# Prose fields are compared word by word; the others as values or as lists of items.
_PROSE_FIELDS = ("title", "summary", "equipment", "venue", "risk_controls")
_CHOICE_FIELDS = {"phase": Phase, "intensity": Intensity}
_SINGLE_VALUES = (*_PROSE_FIELDS, *_CHOICE_FIELDS, "typical_minutes", "is_mandatory")
_LIST_LABELS: dict[str, dict[str, str]] = {
    "methods": {value: str(label) for value, label in Method.choices},
    "risk_areas": RISK_AREAS,
    "standards": content.STANDARDS,
}


def module_list_current(*, today: datetime.date | None = None) -> QuerySet[ModuleVersion]:
    """The current version of every module in course order (phase, then catalogue position),
    each flagged `is_review_overdue` when its next legal review was due before today."""
    day = today or timezone.localdate()
    return (
        ModuleVersion.objects.current()
        .with_review_flags(day)
        .select_related("module")
        .order_by("phase", "module__position", "module__code")
    )


def module_get(*, code: str) -> Module:
    """The module with this code, or 404."""
    try:
        return Module.objects.get(code=code)
    except Module.DoesNotExist:
        raise Http404("No such module.") from None


def module_version_get(
    *, module: Module, number: int | None = None, today: datetime.date | None = None
) -> ModuleVersion:
    """One version of a module (the current one unless a number is given) with its outcomes
    and techniques, flagged `is_review_overdue`; an unknown number answers 404."""
    versions = (
        ModuleVersion.objects.filter(module=module)
        .with_review_flags(today or timezone.localdate())
        .select_related("module", "created_by", "signed_off_by")
        .prefetch_related("outcomes", "techniques")
    )
    try:
        if number is None:
            return versions.get(is_current=True)
        return versions.get(number=number)
    except ModuleVersion.DoesNotExist:
        raise Http404("No such version of this module.") from None


def module_version_list(
    *, module: Module, today: datetime.date | None = None
) -> QuerySet[ModuleVersion]:
    """Every version of a module, newest first, with who saved and who signed off each, and
    each flagged `is_review_overdue`."""
    return (
        ModuleVersion.objects.filter(module=module)
        .with_review_flags(today or timezone.localdate())
        .select_related("created_by", "signed_off_by")
        .order_by("-number")
    )


def technique_list() -> QuerySet[Technique]:
    """Every technique in catalogue order, each with `current_modules`: the current module
    versions that teach it."""
    teaching = (
        ModuleVersion.objects.current()
        .select_related("module")
        .order_by("phase", "module__position", "module__code")
    )
    return Technique.objects.prefetch_related(
        Prefetch("module_versions", queryset=teaching, to_attr="current_modules")
    )


def catalogue_contract() -> dict[str, Any]:
    """The catalogue as scripts read it (`manage.py catalogue --json`, the API): each current
    module's headline facts, and every risk area of the taxonomy."""
    return {
        "modules": [
            {
                "code": version.module.code,
                "title": version.title,
                "minutes": version.typical_minutes,
                "intensity": version.intensity,
                "mandatory": version.is_mandatory,
                "risk_areas": sorted(version.risk_areas),
            }
            for version in module_list_current()
        ],
        "risk_areas": [{"id": area, "name": name} for area, name in RISK_AREAS.items()],
    }


# What changed between two versions ---------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, or only in the old or the new one."""

    kind: str  # "same", "removed" or "added"
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    segments: tuple[Segment, ...] = ()  # prose and single values
    removed: tuple[str, ...] = ()  # lists
    added: tuple[str, ...] = ()
    before: str = ""
    after: str = ""
    is_list: bool = False


def _words(text: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", text)


def _text_diff(before: str, after: str) -> tuple[Segment, ...]:
    old, new = _words(before), _words(after)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("removed", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("added", "".join(new[j1:j2])))
    return tuple(segments)


def _display(name: str, value: Any) -> str:
    if name in _CHOICE_FIELDS:
        labels = dict(_CHOICE_FIELDS[name].choices)
        return str(labels.get(value, value))
    if name == "is_mandatory":
        return _("Mandatory") if value else _("Optional")
    if name == "typical_minutes":
        return _("%(minutes)s minutes") % {"minutes": value}
    return str(value)


def _list_items(version: ModuleVersion, name: str) -> list[str]:
    if name == "outcomes":
        return [o.title for o in version.outcomes.all()]
    if name == "techniques":
        return [t.name for t in version.techniques.all()]
    labels = _LIST_LABELS.get(name, {})
    return [labels.get(v, v) for v in getattr(version, name)]


def version_diff(*, old: ModuleVersion, new: ModuleVersion) -> list[FieldChange]:
    """Each field that differs from `old` to `new`, in reading order: prose word by word,
    single values as before and after, lists as the items removed and added."""
    changes: list[FieldChange] = []
    fields = (*ModuleVersion.CONTENT_FIELDS, *ModuleVersion.RELATED_FIELDS)
    for name in fields:
        label = str(getattr(ModuleVersion._meta.get_field(name), "verbose_name", name))
        label = label[:1].upper() + label[1:]
        if name in _SINGLE_VALUES:
            raw_before, raw_after = getattr(old, name), getattr(new, name)
            if raw_before == raw_after:
                continue
            before, after = _display(name, raw_before), _display(name, raw_after)
            segments = (
                _text_diff(before, after)
                if name in _PROSE_FIELDS
                else (Segment("removed", before), Segment("added", after))
            )
            changes.append(FieldChange(name, label, segments, before=before, after=after))
            continue
        old_items, new_items = _list_items(old, name), _list_items(new, name)
        removed = tuple(i for i in old_items if i not in new_items)
        added = tuple(i for i in new_items if i not in old_items)
        if removed or added:
            changes.append(FieldChange(name, label, removed=removed, added=added, is_list=True))
    return changes
