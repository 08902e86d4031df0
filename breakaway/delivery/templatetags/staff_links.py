"""Links to an organisation's staff list and training matrix, for those who keep them."""

from __future__ import annotations

from typing import Any

from django import template

from breakaway.accounts.models import Organisation
from breakaway.accounts.roles import has_role
from breakaway.delivery.selectors import STAFF_KEEPERS

register = template.Library()


@register.inclusion_tag("delivery/_staff_links.html", takes_context=True)
def staff_links(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """The organisation page's links to its staff list, imports and training matrix."""
    user = context["request"].user
    receives = not organisation.is_provider or organisation.trains_own_staff
    return {"organisation": organisation, "show": receives and has_role(user, *STAFF_KEEPERS)}
