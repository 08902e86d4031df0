"""API route for pricing a quote request."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from breakaway.accounts.models import Organisation, Role
from breakaway.accounts.roles import has_role, standing
from breakaway.quotes.pricing import InvalidRequest
from breakaway.quotes.services import quote_price

router = Router(tags=["quotes"])

# Who prices quotes: the provider's administrators, advisors and course designers.
PRICERS = (Role.PROVIDER_ADMIN, Role.ADVISOR, Role.DESIGNER)


class QuoteProblemsOut(Schema):
    detail: list[str]


_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["supply_date", "vat_treatment", "course", "groups", "travel"],
                "properties": {
                    "supply_date": {"type": "string", "format": "date"},
                    "vat_treatment": {
                        "type": "string",
                        "enum": ["standard", "exempt", "zero", "outside_scope"],
                    },
                    "rate_card": {"type": "object"},
                    "course": {"type": "object"},
                    "groups": {"type": "array", "items": {"type": "object"}},
                    "travel": {"type": "array", "items": {"type": "object"}},
                },
            }
        }
    },
}


@router.post(
    "/quotes/price",
    response={200: dict[str, Any], 422: QuoteProblemsOut},
    openapi_extra={"requestBody": _REQUEST_BODY},
)
def quote_price_route(request: HttpRequest) -> Status[dict[str, Any]]:
    """Price a request as `manage.py price_quote --json` does; stores nothing.

    Without `rate_card` the provider's current card is used. 422 lists every problem.
    """
    if not has_role(request.user, *PRICERS):
        raise HttpError(403, "Your role cannot price quotes.")
    try:
        data = json.loads(request.body or b"null", parse_float=Decimal)
    except ValueError as error:
        return Status(422, {"detail": [f"the body is not JSON: {error}"]})
    provider_ids = sorted(standing(request.user).provider_ids)
    provider = Organisation.objects.filter(pk__in=provider_ids[:1]).first()
    try:
        priced = quote_price(data=data, provider=provider)
    except InvalidRequest as invalid:
        return Status(422, {"detail": invalid.problems})
    return Status(200, priced.to_dict())
