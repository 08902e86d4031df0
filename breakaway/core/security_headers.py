"""The Content-Security-Policy on every response: scripts, styles and media only from our
own origin, never inline, so an injected `<script>` or `onclick=` cannot run.

The policy is on in every environment (tests included), so a browser test meets any inline
script a template gains and fails on it (conftest's browser fixtures watch for violations).
Django 5.2 has no CSP of its own; settings.BREAKAWAY_CSP can replace the policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_POLICY: Final = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # QR codes for authenticator apps arrive as data: images
    "font-src": "'self'",
    "media-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_header(policy: dict[str, str]) -> str:
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy_header(getattr(settings, "BREAKAWAY_CSP", DEFAULT_POLICY))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
