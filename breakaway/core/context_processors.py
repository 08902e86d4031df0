"""The navigation a signed-in user sees depends on their roles."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.roles import ADMINS, CLIENT_STAFF, PROVIDER_STAFF, SALES, has_role

# (label, url name, roles that see it); an empty tuple means every signed-in user.
_NAVIGATION = [
    (_("Home"), "portal:home", ()),
    (_("Pipeline"), "enquiries:board", SALES),
    (_("Enquiries"), "enquiries:list", SALES),
    (_("Clients"), "portal:organisation_list", PROVIDER_STAFF + CLIENT_STAFF),
    (_("Audit log"), "core:audit_list", ADMINS),
    (_("API tokens"), "accounts:api_tokens", ()),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, roles in _NAVIGATION:
        if roles and not has_role(user, *roles):
            continue
        url = reverse(name)
        home = name == "portal:home"
        current = request.path == url if home else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items}
