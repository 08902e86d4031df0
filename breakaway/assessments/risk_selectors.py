"""The risk profile of a needs assessment: its answers, its incidents and the advisor's changes."""

from __future__ import annotations

from django.conf import settings

from breakaway.assessments import risk
from breakaway.assessments.incident_selectors import incident_profile_for
from breakaway.assessments.models import Incident, NeedsAssessment
from breakaway.assessments.questionnaire import risk_context


def risk_rules() -> risk.RiskRules:
    """The default rules with the installation's overrides (BREAKAWAY_RISK_RULES)."""
    return risk.RiskRules.from_dict(getattr(settings, "BREAKAWAY_RISK_RULES", None) or None)


def risk_adjustments_latest(*, assessment: NeedsAssessment) -> dict[str, tuple[int, int, str]]:
    """The advisor's latest change to each area (older changes stay in the history)."""
    latest: dict[str, tuple[int, int, str]] = {}
    for change in assessment.risk_adjustments.order_by("area", "-adjusted_at", "-id"):
        latest.setdefault(change.area, (change.likelihood, change.severity, change.reason))
    return latest


def risk_profile_for(*, assessment: NeedsAssessment) -> risk.RiskProfile:
    """Score the assessment's risk areas from its answers and the client's incident data."""
    context = risk_context(assessment)
    organisation = assessment.organisation
    profile = None
    if Incident.objects.filter(organisation=organisation).exists():
        profile = incident_profile_for(
            organisation=organisation,
            date_from=assessment.incidents_from,
            date_to=assessment.incidents_to,
            headcount=organisation.headcount or context.headcount,
        )
    return risk.score_risks(
        context,
        profile,
        rules=risk_rules(),
        adjustments=risk_adjustments_latest(assessment=assessment),
    )
