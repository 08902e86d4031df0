"""Reads for course design: the catalogue as the composer sees it, and the client's risks."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from breakaway.accounts.models import Organisation
from breakaway.assessments import risk
from breakaway.assessments.incident_selectors import incident_profile_for
from breakaway.assessments.models import Incident, NeedsAssessment
from breakaway.assessments.risk_selectors import risk_profile_for, risk_rules
from breakaway.catalogue.selectors import module_list_current
from breakaway.courses.composer import ModuleSpec
from breakaway.courses.models import CourseDesign


def module_specs() -> list[ModuleSpec]:
    """The current version of every catalogue module, in the composer's terms."""
    return [
        ModuleSpec(
            code=version.module.code,
            title=version.title,
            minutes=version.typical_minutes,
            intensity=version.intensity,
            mandatory=version.is_mandatory,
            risk_areas=frozenset(version.risk_areas),
            phase=version.phase,
        )
        for version in module_list_current()
    ]


def assessment_latest_for(*, organisation: Organisation) -> NeedsAssessment | None:
    """The client's latest sent assessment, else the one under way."""
    assessments = NeedsAssessment.objects.filter(organisation=organisation)
    sent = assessments.exclude(status=NeedsAssessment.Status.IN_PROGRESS)
    return sent.order_by("-submitted_at", "-id").first() or assessments.first()


def risk_scores_for(*, organisation: Organisation) -> tuple[dict[str, int], NeedsAssessment | None]:
    """Each risk area's score from the latest needs assessment, or from the incidents alone."""
    assessment = assessment_latest_for(organisation=organisation)
    if assessment is not None:
        profile = risk_profile_for(assessment=assessment)
    else:
        incidents = None
        if Incident.objects.filter(organisation=organisation).exists():
            incidents = incident_profile_for(organisation=organisation)
        context = risk.RiskContext(sector=organisation.sector, headcount=organisation.headcount)
        profile = risk.score_risks(context, incidents, rules=risk_rules())
    scores = {area["id"]: int(area["score"]) for area in profile.to_dict()["areas"]}
    return scores, assessment


def course_design_get_for_user(*, user: Any, pk: int) -> CourseDesign:
    """A design the user may see: provider staff see every client's; others none."""
    from breakaway.accounts.selectors import organisation_list_for_user

    design = (
        CourseDesign.objects.select_related("organisation")
        .filter(pk=pk, organisation__in=organisation_list_for_user(user=user))
        .first()
    )
    if design is None:
        raise Http404("No such course design.")
    return design
