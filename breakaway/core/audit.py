"""Write and snapshot audit entries. Services call `audit_log` for every write that matters."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from breakaway.core.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values, as JSON-ready data (foreign keys as ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def audit_values(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation: Any = None,
) -> dict[str, Any]:
    """What an audit line holds, by field name: for `audit_log`, and for a hot path that
    writes the line in its own statement."""
    return {
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:200],
        "organisation": organisation,
        "before": before,
        "after": after,
    }


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation: Any = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`; never pass special-category values here."""
    return AuditEntry.objects.create(
        **audit_values(
            actor=actor,
            action=action,
            obj=obj,
            before=before,
            after=after,
            organisation=organisation,
        )
    )
