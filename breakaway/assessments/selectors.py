"""Reads of needs assessments, always through the user asking (tenancy)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from breakaway.accounts.roles import SALES, standing
from breakaway.assessments.models import NeedsAssessment

# The questionnaire -----------------------------------------------------------------------------


def _sales_provider_ids(user: Any) -> frozenset[int]:
    """The providers where the user is an advisor or administrator (a superuser: all)."""
    who = standing(user)
    if getattr(user, "is_superuser", False):
        return who.provider_ids
    return frozenset(m.organisation_id for m in who.memberships if m.role in SALES)


def assessment_list_for_user(*, user: Any) -> QuerySet[NeedsAssessment]:
    """Client staff see their own organisation's assessments; a provider's sales staff see
    those of its clients (and its own, when it trains its own staff); nobody else sees any."""
    who = standing(user)
    visible = Q(organisation_id__in=who.client_ids)
    if sales := _sales_provider_ids(user):
        visible |= Q(organisation__provider_id__in=sales) | Q(
            organisation_id__in=sales, organisation__trains_own_staff=True
        )
    return NeedsAssessment.objects.filter(visible).select_related(
        "organisation", "started_by", "submitted_by", "reviewed_by"
    )


def assessment_get_for_user(*, user: Any, pk: int) -> NeedsAssessment:
    """One assessment the user may see; any other answers 404."""
    try:
        return assessment_list_for_user(user=user).get(pk=pk)
    except NeedsAssessment.DoesNotExist:
        raise Http404("No such needs assessment.") from None
