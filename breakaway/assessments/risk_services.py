"""The advisor's changes to a risk profile."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from breakaway.assessments.models import NeedsAssessment, RiskAdjustment
from breakaway.assessments.taxonomy import RISK_AREAS
from breakaway.core.audit import audit_log


@transaction.atomic
def risk_adjust(
    *,
    assessment: NeedsAssessment,
    area: str,
    likelihood: int,
    severity: int,
    reason: str,
    adjusted_by: Any,
) -> RiskAdjustment:
    """Record an advisor's score for one risk area; the reason is required and kept."""
    if area not in RISK_AREAS:
        raise ValidationError({"area": f"'{area}' is not a risk area."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are changing the score."})
    change = RiskAdjustment(
        assessment=assessment,
        area=area,
        likelihood=likelihood,
        severity=severity,
        reason=reason.strip(),
        adjusted_by=adjusted_by if getattr(adjusted_by, "is_authenticated", False) else None,
    )
    change.full_clean()
    change.save()
    audit_log(
        actor=adjusted_by,
        action="risk.adjust",
        obj=assessment,
        after={
            "area": area,
            "likelihood": likelihood,
            "severity": severity,
            "reason": change.reason,
        },
        organisation=assessment.organisation,
    )
    return change
