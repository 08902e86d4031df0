"""The navigation a signed-in user sees depends on their roles."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.roles import ADMINS, CLIENT_STAFF, PROVIDER_STAFF, SALES, has_role, standing

# (label, url name, roles that see it); an empty tuple means every signed-in user.
_NAVIGATION = [
    (_("Home"), "portal:home", ()),
    (_("Pipeline"), "enquiries:board", SALES),
    (_("Enquiries"), "enquiries:list", SALES),
    (_("Needs assessments"), "assessments:assessment_list", SALES + CLIENT_STAFF),
    (_("Clients"), "portal:organisation_list", PROVIDER_STAFF + CLIENT_STAFF),
    (_("Catalogue"), "catalogue:module_list", PROVIDER_STAFF),
    (_("Courses"), "courses:design_list", PROVIDER_STAFF),
    (_("Trainers"), "trainers:list", ADMINS),
    (_("My training profile"), "trainers:my_profile", ("trainer",)),
    (_("Quotes"), "quotes:list", SALES + CLIENT_STAFF),
    (_("Invoices"), "quotes:invoice_list", SALES + CLIENT_STAFF),
    (_("Engagements"), "scheduling:engagement_list", SALES + CLIENT_STAFF),
    (_("My rota"), "scheduling:my_rota", ("trainer",)),
    (_("Training days"), "delivery:day_today", ("trainer", *ADMINS)),
    (_("Results"), "evaluation:provider_impact", SALES),
    (_("Learning"), "learning:item_list", PROVIDER_STAFF),
    (_("Questionnaires"), "evaluation:instrument_list", ("client_admin",)),
    (_("Privacy"), "privacy:home", (*ADMINS, "client_admin")),
    (_("Audit log"), "core:audit_list", ADMINS),
    (_("API tokens"), "accounts:api_tokens", ()),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[dict[str, Any]] = []
    for label, name, roles in _NAVIGATION:
        if roles and not has_role(user, *roles):
            continue
        if name == "portal:organisation_list" and not standing(user).is_provider_staff:
            label = _("Your organisation")
        items.append({"label": label, "url": reverse(name), "current": False})
    # The current item is the one whose address is the longest prefix of this page's
    # (home only counts on itself, or it would be the prefix of every page).
    home = reverse("portal:home")
    matches = [
        i
        for i in items
        if request.path.startswith(i["url"]) and (i["url"] != home or request.path == home)
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return {"nav_items": items}
