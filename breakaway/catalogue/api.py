"""API routes for the module catalogue: provider staff read it; clients may not."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from breakaway.accounts.roles import PROVIDER_STAFF, has_role
from breakaway.catalogue.selectors import catalogue_contract

router = Router(tags=["catalogue"])


class ModuleOut(Schema):
    code: str
    title: str
    minutes: int
    intensity: int
    mandatory: bool
    risk_areas: list[str]


class RiskAreaOut(Schema):
    id: str
    name: str


class CatalogueOut(Schema):
    modules: list[ModuleOut]
    risk_areas: list[RiskAreaOut]


@router.get("/catalogue/modules", response=CatalogueOut, url_name="catalogue_modules")
def catalogue_modules(request: HttpRequest) -> dict[str, Any]:
    """Each current module (code, title, typical minutes, physical intensity 0–3, mandatory,
    risk areas) in course order, and every risk area; for provider staff only."""
    if not has_role(request.user, *PROVIDER_STAFF):
        raise HttpError(403, "Only the provider's staff can read the module catalogue.")
    return catalogue_contract()
