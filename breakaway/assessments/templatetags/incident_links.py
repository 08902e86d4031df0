"""Links to an organisation's needs assessment and incident data, for those who may use them."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from breakaway.accounts.models import Organisation
from breakaway.accounts.roles import CLIENT_STAFF, SALES, has_role
from breakaway.assessments.incident_services import INCIDENT_IMPORTERS

register = template.Library()


def _receives_training(organisation: Organisation) -> bool:
    # Organisation.objects.clients(), for the one organisation already on the page.
    return not organisation.is_provider or organisation.trains_own_staff


@register.inclusion_tag("assessments/incidents/_organisation_links.html", takes_context=True)
def incident_links(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """The organisation page's links: its needs assessment, its incident data and profile."""
    user = context["request"].user
    receives = _receives_training(organisation)
    profile_url = None
    if receives:
        # The profile page is another step's: link to it once it exists.
        with suppress(NoReverseMatch):
            profile_url = reverse(
                "assessments:incident_profile", kwargs={"slug": organisation.slug}
            )
    return {
        "organisation": organisation,
        "assessment": receives and has_role(user, *SALES, *CLIENT_STAFF),
        "incidents": receives and has_role(user, *INCIDENT_IMPORTERS),
        "profile_url": profile_url,
    }
