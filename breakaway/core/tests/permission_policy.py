"""The declared access policy: every web route and API route, and who may reach it.

The permission-matrix test walks the URL configuration and the OpenAPI document and
fails for any route missing here, so each new route must state its policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

PROVIDER = ("provider_admin", "advisor", "designer", "trainer", "superuser")
SALES = ("provider_admin", "advisor", "superuser")
ADMINS = ("provider_admin", "superuser")
CATALOGUE_EDITORS = ("provider_admin", "designer", "superuser")
COURSE_DESIGNERS = ("provider_admin", "designer", "advisor", "superuser")
CLIENTS = ("client_admin", "client_manager", "other_client_admin")
PERSONAS = ("anonymous", *PROVIDER, *CLIENTS)
INCIDENT_IMPORTERS = ("provider_admin", "advisor", "superuser", "client_admin", "client_manager")
SMALL_EXPORT = b"Ref,Date of incident,Category\r\nA1,03/03/2026,Physical assault\r\n"

Kwargs = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """Who gets what. `allowed` get `ok`; other signed-in users `denied`; anonymous `anonymous`.

    `outsiders` are allowed roles that still may not see this tenant's object (404).
    """

    allowed: tuple[str, ...] | str = "everyone"
    ok: tuple[int, ...] = (200,)
    denied: tuple[int, ...] | str = (403,)
    anonymous: tuple[int, ...] | str = "login"
    method: str = "get"
    kwargs: Kwargs | None = None
    # The request body, or a function of the world making it (an uploaded file can be read
    # only once; some bodies name the world's objects).
    data: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] = field(default_factory=dict)
    multipart: bool = False
    outsiders: tuple[str, ...] = ()

    def body(self, world: dict[str, Any]) -> dict[str, Any]:
        return self.data(world) if callable(self.data) else self.data

    def expected(self, persona: str) -> tuple[int, ...] | str:
        if persona == "anonymous":
            return self.anonymous
        if persona in self.outsiders:
            return (404,)
        if self.allowed == "everyone" or self.allowed == "signed-in" or persona in self.allowed:
            return self.ok
        return self.denied


def public(*ok: int, **extra: Any) -> Rule:
    codes = ok or (200,)
    return Rule(allowed="everyone", ok=codes, anonymous=codes, **extra)


def signed_in(*ok: int, **extra: Any) -> Rule:
    return Rule(allowed="signed-in", ok=ok or (200,), **extra)


def roles(allowed: tuple[str, ...], *ok: int, **extra: Any) -> Rule:
    return Rule(allowed=allowed, ok=ok or (200,), **extra)


def _enquiry(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["enquiry"].pk}


def _module(world: dict[str, Any]) -> dict[str, Any]:
    return {"code": world["module"].code}


def _assessment(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["assessment"].pk}


def _assessment_page(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["assessment"].pk, "section": "organisation", "page": "sector"}


def _incident_import(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["incident_import"].pk}


def _design(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["course_design"].pk}


def _quote(world: dict[str, Any]) -> dict[str, Any]:
    """The client's quote, made the first time a route asks (its PDF takes a moment)."""
    if "quote" not in world:
        from datetime import timedelta

        from django.utils import timezone

        from breakaway.quotes.demo import seed_rate_card
        from breakaway.quotes.quote_services import quote_create

        seed_rate_card(world["provider"])
        world["quote"] = quote_create(
            design=world["course_design"],
            content="breakaway",
            supply_date=timezone.localdate() + timedelta(days=20),
            travel=[],
            created_by=None,
        )
    return {"pk": world["quote"].pk}


def _client_slug(world: dict[str, Any]) -> dict[str, Any]:
    return {"slug": world["client_org"].slug}


# Who imports incidents: the client's admins and managers, and the provider's sales staff.
IMPORTERS = SALES + CLIENTS

# Signed-in users are sent on from pages meant for visitors (allauth's login and reset pages).
VISITOR_PAGE = Rule(allowed="signed-in", ok=(302,), anonymous=(200,))

WEB: dict[str, Rule] = {
    "healthz": public(),
    # Public site
    "enquiries:home": public(),
    "enquiries:training": public(),
    "enquiries:how_it_works": public(),
    "enquiries:faq": public(),
    "enquiries:book": public(),
    "enquiries:thanks": public(),
    # The pipeline
    "enquiries:board": roles(SALES),
    "enquiries:list": roles(SALES),
    "enquiries:detail": roles(SALES, kwargs=_enquiry),
    "enquiries:move": roles(SALES, 302, method="post", kwargs=_enquiry, data={"stage": "proposal"}),
    "enquiries:convert": roles(SALES, 302, method="post", kwargs=_enquiry),
    # Portal
    "portal:home": signed_in(),
    "portal:organisation_list": roles(PROVIDER + CLIENTS),
    "portal:organisation_detail": roles(
        PROVIDER + CLIENTS,
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    "core:audit_list": roles(ADMINS),
    # The needs-assessment questionnaire: the client's staff and the provider's sales staff
    "assessments:assessment_list": roles(SALES + CLIENTS),
    "assessments:assessment_choose_client": roles(SALES + CLIENTS),
    "assessments:assessment_start": roles(
        SALES + CLIENTS,
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    "assessments:assessment_detail": roles(
        SALES + CLIENTS, kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_page": roles(
        SALES + CLIENTS, kwargs=_assessment_page, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_check": roles(
        SALES + CLIENTS, kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_submit": roles(
        SALES + CLIENTS, 302, method="post", kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_review": roles(
        SALES, 302, method="post", kwargs=_assessment, data={"advisor_notes": "Called the ward."}
    ),
    # Reports: the incident profile (the organisation's staff and the provider's), the
    # needs-assessment report and its PDF (as the assessment), and the advisor's adjustments.
    "assessments:incident_profile": roles(
        PROVIDER + CLIENTS,
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    "assessments:assessment_report": roles(
        SALES + CLIENTS, kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_report_pdf": roles(
        SALES + CLIENTS, kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:risk_adjust": roles(
        SALES,
        302,
        method="post",
        kwargs=_assessment,
        data={
            "area": "grabs_and_holds",
            "grabs_and_holds-likelihood": "4",
            "grabs_and_holds-severity": "3",
            "grabs_and_holds-reason": "Two grabs on the ward last month were not logged.",
        },
    ),
    # Incident imports
    "assessments:incident_upload": roles(
        IMPORTERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "assessments:incident_import_list": roles(
        IMPORTERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "assessments:incident_values": roles(
        IMPORTERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "assessments:incident_mapping": roles(
        IMPORTERS, kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    # The import has no columns chosen yet, so the preview sends people to choose them.
    "assessments:incident_preview": roles(
        IMPORTERS, 302, kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    "assessments:incident_import_detail": roles(
        IMPORTERS, kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    "assessments:incident_import_rejects": roles(
        IMPORTERS, kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    # The import has no errors to skip, so this goes back to it.
    "assessments:incident_import_skip_invalid": roles(
        IMPORTERS, 302, method="post", kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    # The module catalogue: provider staff read it; designers and administrators edit it;
    # administrators record the legal sign-off.
    "catalogue:module_list": roles(PROVIDER),
    "catalogue:technique_list": roles(PROVIDER),
    "catalogue:module_detail": roles(PROVIDER, kwargs=_module),
    "catalogue:module_edit": roles(CATALOGUE_EDITORS, kwargs=_module),
    "catalogue:module_sign_off": roles(ADMINS, kwargs=_module),
    # Course designs: designers (administrators, designers, advisors) create and change them;
    # all provider staff read them. Clients see none until a quote exists (403).
    "courses:design_list": roles(PROVIDER),
    "courses:design_new": roles(COURSE_DESIGNERS),
    "courses:design_detail": roles(PROVIDER, kwargs=_design),
    "courses:design_edit": roles(COURSE_DESIGNERS, kwargs=_design),
    "courses:design_check": roles(COURSE_DESIGNERS, method="post", kwargs=_design),
    # A design's documents: provider staff get all four; the client's own staff get the
    # outline and the screening form (403 for the trainers' lesson plan and risk assessment);
    # another organisation's design is not found.
    "courses:document": roles(
        PROVIDER + CLIENTS,
        kwargs=lambda w: {**_design(w), "kind": "outline"},
        outsiders=("other_client_admin",),
    ),
    "courses:document_preview": roles(
        PROVIDER, kwargs=lambda w: {**_design(w), "kind": "lesson-plan"}
    ),
    # Quotes: advisors and administrators make them from a design and see every client's;
    # the client's own staff see theirs and accept or decline; another client's are not found.
    "quotes:list": roles(SALES + CLIENTS),
    "quotes:create": roles(SALES, kwargs=_design),
    "quotes:detail": roles(SALES + CLIENTS, kwargs=_quote, outsiders=("other_client_admin",)),
    "quotes:pdf": roles(SALES + CLIENTS, kwargs=_quote, outsiders=("other_client_admin",)),
    "quotes:accept": roles(
        SALES + CLIENTS, 302, method="post", kwargs=_quote, outsiders=("other_client_admin",)
    ),
    "quotes:decline": roles(
        SALES + CLIENTS,
        302,
        method="post",
        kwargs=_quote,
        data={"decline-reason": "Over budget"},
        outsiders=("other_client_admin",),
    ),
    # Accounts
    "accounts:invitation_accept": public(kwargs=lambda w: {"token": w["invitation_token"]}),
    "accounts:api_tokens": signed_in(),
    "accounts:api_token_revoke": Rule(
        allowed=("provider_admin",),
        ok=(302,),
        denied=(404,),
        method="post",
        kwargs=lambda w: {"pk": w["provider_admin_token"].pk},
    ),
    # django-allauth
    "account_login": VISITOR_PAGE,
    # Signing out when not signed in just goes home.
    "account_logout": signed_in(anonymous=(302,)),
    "account_inactive": public(),
    # Sign-up is closed: visitors read that accounts are by invitation.
    "account_signup": Rule(allowed="signed-in", ok=(302,), anonymous=(200,)),
    "account_reauthenticate": signed_in(),
    # Codes by e-mail are off, so these send people back to the password form.
    "account_request_reauthentication_code": signed_in(302),
    "account_confirm_reauthentication_code": signed_in(302),
    "account_email": signed_in(),
    "account_email_verification_sent": public(),
    "account_change_password": signed_in(),
    "account_set_password": signed_in(302),
    "account_reset_password": public(),
    "account_confirm_login_code": public(302),
    "account_confirm_email": public(200, kwargs=lambda w: {"key": "not-a-real-key"}),
    "account_reset_password_from_key_done": public(),
    "account_reset_password_from_key": public(
        200, kwargs=lambda w: {"uidb36": "1", "key": "not-a-real-key"}
    ),
    "account_reset_password_done": public(),
    "mfa_index": signed_in(),
    "mfa_authenticate": public(302),
    "mfa_reauthenticate": signed_in(302),
    # Setting up MFA asks for the password again first (a recent sign-in).
    "mfa_activate_totp": signed_in(302),
    "mfa_deactivate_totp": signed_in(404),
    "mfa_view_recovery_codes": signed_in(404),
    "mfa_generate_recovery_codes": signed_in(302),
    "mfa_download_recovery_codes": signed_in(404),
}

# Django's admin: the superuser only; everyone else is sent to the admin's own login.
# The superuser must never see a server error; the made-up object ids the walk uses may not
# exist (404), and the autocomplete endpoint refuses a request without its parameters (403).
ADMIN_RULE = Rule(
    allowed=("superuser",), ok=(200, 302, 403, 404), denied="admin-login", anonymous="admin-login"
)


API: dict[tuple[str, str], Rule] = {
    ("get", "/api/v1/openapi.json"): public(),
    ("get", "/api/v1/docs"): public(),
    ("get", "/api/v1/me"): Rule(allowed="everyone", anonymous=(401,)),
    ("get", "/api/v1/organisations"): Rule(allowed="everyone", anonymous=(401,)),
    ("get", "/api/v1/catalogue/modules"): Rule(allowed=PROVIDER, anonymous=(401,)),
    ("post", "/api/v1/organisations"): Rule(
        allowed=SALES,
        ok=(201,),
        anonymous=(401,),
        data={"name": "Matrix Trust", "sector": "nhs-acute", "headcount": 10},
    ),
    ("get", "/api/v1/organisations/{slug}"): Rule(
        allowed="everyone",
        anonymous=(401,),
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    ("post", "/api/v1/organisations/{slug}/incidents/import"): Rule(
        allowed=INCIDENT_IMPORTERS,
        ok=(202,),
        anonymous=(401,),
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
        multipart=True,
        data=lambda w: {"file": SimpleUploadedFile("incidents.csv", SMALL_EXPORT, "text/csv")},
    ),
    ("get", "/api/v1/incident-imports/{job_id}"): Rule(
        allowed="everyone",
        anonymous=(401,),
        kwargs=lambda w: {"job_id": w["incident_import"].pk},
        outsiders=("other_client_admin",),
    ),
    ("get", "/api/v1/organisations/{slug}/incident-profile"): Rule(
        allowed="everyone",
        anonymous=(401,),
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    ("get", "/api/v1/needs-assessments/{assessment_id}/risk-profile"): Rule(
        allowed="everyone",
        anonymous=(401,),
        kwargs=lambda w: {"assessment_id": w["assessment"].pk},
        # Needs assessments are for sales staff and the client; other provider roles see none.
        outsiders=("designer", "trainer", "other_client_admin"),
    ),
    # Pricing a quote: the provider's administrators, advisors and designers. The request
    # carries its own rate card so that the check does not depend on demo data.
    ("post", "/api/v1/quotes/price"): Rule(
        allowed=("provider_admin", "advisor", "designer", "superuser"),
        anonymous=(401,),
        data={
            "supply_date": "2027-03-12",
            "vat_treatment": "standard",
            "rate_card": {
                "day_rates": {"breakaway": {"low": "650", "medium": "750", "high": "850"}},
                "part_day_fraction": "0.6",
                "materials_per_attendee": "4.50",
                "mileage_rate": "0.45",
                "overnight_threshold_miles": "60",
                "overnight_rate": "95",
            },
            "course": {
                "content": "breakaway",
                "risk_level": "medium",
                "length": "1-day",
                "attendees_per_trainer": 12,
            },
            "groups": [{"date": "2027-03-12", "attendees": 12}],
            "travel": [{"trainer": "Dan Hughes", "one_way_miles": 42, "days": 1}],
        },
    ),
    ("post", "/api/v1/course-designs"): Rule(
        allowed=("provider_admin", "designer", "advisor", "superuser"),
        ok=(201,),
        anonymous=(401,),
        outsiders=("other_client_admin",),
        data=lambda w: {
            "organisation": w["client_org"].slug,
            "length": "half-day",
            "headcount": 10,
        },
    ),
}
