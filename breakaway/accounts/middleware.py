"""Provider staff must set up a second factor before using the app, where settings require it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from breakaway.accounts.roles import standing

# Paths a provider without MFA may still reach: setting MFA up, signing out, static files.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/")


class ProviderStaffMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.BREAKAWAY_REQUIRE_PROVIDER_MFA
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and standing(request.user).is_provider_staff
            and not _has_mfa(request.user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_mfa(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
