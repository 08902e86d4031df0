"""API routes for organisations and the caller."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from breakaway.accounts import selectors, services
from breakaway.accounts.models import Organisation, Sector
from breakaway.accounts.roles import SALES, has_role, standing
from breakaway.core.http import AuthenticatedHttpRequest

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    sector: str
    headcount: int | None


class OrganisationIn(Schema):
    name: str
    sector: Sector
    headcount: int | None = None


class MembershipOut(Schema):
    organisation: str
    role: str
    is_safeguarding_lead: bool


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[str]
    memberships: list[MembershipOut]


def _organisation_out(organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "sector": organisation.sector,
        "headcount": organisation.headcount,
    }


@router.get("/me", response=MeOut, tags=["me"])
def me(request: AuthenticatedHttpRequest) -> dict:
    """Who the token belongs to, and their roles."""
    who = standing(request.user)
    return {
        "email": request.user.email,
        "full_name": request.user.full_name,
        "roles": sorted(who.roles),
        "memberships": [
            {
                "organisation": m.organisation.slug,
                "role": m.role,
                "is_safeguarding_lead": m.is_safeguarding_lead,
            }
            for m in who.memberships
        ],
    }


@router.get("/organisations", response=list[OrganisationOut])
def organisation_list(request: HttpRequest) -> list[dict]:
    """The organisations the caller may see: a client sees only its own."""
    return [_organisation_out(o) for o in selectors.organisation_list_for_user(user=request.user)]


@router.post("/organisations", response={201: OrganisationOut})
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Status[dict]:
    """Add a client organisation (provider administrators and advisors)."""
    if not has_role(request.user, *SALES):
        raise HttpError(403, "Only provider administrators and advisors can add organisations.")
    try:
        organisation = services.organisation_create(
            name=payload.name,
            sector=payload.sector,
            headcount=payload.headcount,
            created_by=request.user,
        )
    except ValidationError as error:
        raise HttpError(422, "; ".join(error.messages)) from error
    return Status(201, _organisation_out(organisation))


@router.get("/organisations/{slug}", response=OrganisationOut)
def organisation_detail(request: HttpRequest, slug: str) -> dict:
    """One organisation; another tenant's answers 404."""
    return _organisation_out(selectors.organisation_get_for_user(user=request.user, slug=slug))
