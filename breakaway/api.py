"""The REST API at /api/v1/: each app contributes a router."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.security import HttpBearer

from breakaway.accounts.api import router as accounts_router
from breakaway.accounts.services import api_token_authenticate
from breakaway.assessments.api import router as assessments_router
from breakaway.catalogue.api import router as catalogue_router
from breakaway.core.http import client_address
from breakaway.core.ratelimit import RateLimit
from breakaway.courses.api import router as courses_router
from breakaway.delivery.api import router as delivery_router
from breakaway.evaluation.api import router as evaluation_router
from breakaway.quotes.api import router as quotes_router
from breakaway.scheduling.api import router as scheduling_router

USER_WINDOW = 60
BAD_TOKEN_WINDOW = 600


class BearerToken(HttpBearer):
    """Authorization: Bearer <personal API token>.

    Rate-limited twice: requests a minute per user (`BREAKAWAY_API_RATE_LIMIT`), and wrong
    tokens per address (`BREAKAWAY_API_BAD_TOKEN_LIMIT` in ten minutes), so a token cannot
    be guessed by trying. Either answers 429 with Retry-After.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        bad_tokens = RateLimit(
            "api-bad-token", settings.BREAKAWAY_API_BAD_TOKEN_LIMIT, BAD_TOKEN_WINDOW
        )
        address = client_address(request)
        if bad_tokens.exceeded(address):
            raise Throttled(wait=BAD_TOKEN_WINDOW)
        user = api_token_authenticate(secret=token)
        if user is None:
            bad_tokens.hit(address)
            return None
        per_user = RateLimit("api-user", settings.BREAKAWAY_API_RATE_LIMIT, USER_WINDOW)
        if per_user.exceeded(str(user.pk)):
            raise Throttled(wait=USER_WINDOW)
        per_user.hit(str(user.pk))
        request.user = user
        return user


api = NinjaAPI(
    title="Breakaway API",
    version="1",
    description=(
        "Breakaway's REST API. Authenticate with a personal API token: "
        "`Authorization: Bearer <token>`. Tokens are made on the API tokens page "
        "or with `manage.py api_token --email E`."
    ),
    auth=BearerToken(),
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", assessments_router)
api.add_router("/", catalogue_router)
api.add_router("/", courses_router)
api.add_router("/", delivery_router)
api.add_router("/", "breakaway.delivery.api_certificates.router")
api.add_router("/", quotes_router)
api.add_router("/", scheduling_router)
api.add_router("/", evaluation_router)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, error: Throttled) -> Any:
    """429 with Retry-After (seconds), whichever limit refused the request."""
    response = api.create_response(request, {"detail": "Too many requests."}, status=429)
    if error.wait is not None:
        response["Retry-After"] = str(error.wait)
    return response
