"""The REST API at /api/v1/: each app contributes a router."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer

from breakaway.accounts.api import router as accounts_router
from breakaway.accounts.services import api_token_authenticate
from breakaway.assessments.api import router as assessments_router
from breakaway.catalogue.api import router as catalogue_router
from breakaway.courses.api import router as courses_router
from breakaway.delivery.api import router as delivery_router
from breakaway.evaluation.api import router as evaluation_router
from breakaway.quotes.api import router as quotes_router
from breakaway.scheduling.api import router as scheduling_router


class BearerToken(HttpBearer):
    """Authorization: Bearer <personal API token>."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(secret=token)
        if user is not None:
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
