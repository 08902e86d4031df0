"""API routes for certificates (public verification) and the client's compliance view."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from breakaway.accounts.roles import has_role
from breakaway.delivery.certificate_selectors import (
    certificate_get_by_code,
    certificate_verification,
)
from breakaway.delivery.compliance import STATUSES
from breakaway.delivery.compliance_selectors import (
    ComplianceFilters,
    compliance_report,
    compliance_row_out,
)
from breakaway.delivery.selectors import STAFF_KEEPERS, staff_organisation_get_for_user
from breakaway.delivery.views_certificates import VERIFY_WINDOW, too_many

router = Router(tags=["certificates"])


class VerificationOut(Schema):
    code: str
    holder: str
    course: str
    completed_on: date
    expires_on: date
    status: str
    valid: bool
    provider: str
    revoked_on: date | None


class MessageOut(Schema):
    detail: str


@router.get(
    "/certificates/{code}",
    auth=None,
    response={200: VerificationOut, 404: MessageOut, 429: MessageOut},
)
def certificate_verify(request: HttpRequest, code: str) -> Any:
    """Check a certificate by its code, without signing in (public, rate-limited per address).

    `status` is `valid`, `expired` (after its expiry date) or `revoked`; the holder's name is
    initialled ("J. Smith") and no e-mail address or employee number is ever given. Codes are
    accepted in any case, with hyphens or spaces, and with O for 0 or I or L for 1. An unknown
    code answers 404; too many look-ups from one address answer 429 with `Retry-After`.
    """
    if too_many(request):
        response = JsonResponse({"detail": "Too many look-ups: try again later."}, status=429)
        response["Retry-After"] = str(VERIFY_WINDOW)
        return response
    certificate = certificate_get_by_code(code)
    if certificate is None:
        return Status(404, {"detail": "No certificate has this code."})
    return certificate_verification(certificate).as_dict()


class ComplianceRowOut(Schema):
    person: str
    person_id: int
    role: str
    site: str
    team: str
    course: str
    status: str
    completed_on: date | None
    expires_on: date | None
    certificate: str | None


class ComplianceOut(Schema):
    as_of: date
    counts: dict[str, int]
    people: list[ComplianceRowOut]


class ComplianceQuery(Schema):
    as_of: date | None = None
    site: str = ""
    team: str = ""
    course: str = ""
    status: str = ""


@router.get("/organisations/{slug}/compliance", response=ComplianceOut)
def organisation_compliance(
    request: HttpRequest, slug: str, query: Query[ComplianceQuery]
) -> dict[str, Any]:
    """One row per current person and required course, as `manage.py compliance_report`.

    `status` is `in_date`, `due` (expires from `as_of` to 90 days after it, inclusive),
    `expired` (expired before `as_of`) or `never`; `certificate` is the counting certificate's
    code. `as_of` defaults to today (London); `site` takes a site's id; `counts` are per status
    before the `status` filter.
    """
    organisation = staff_organisation_get_for_user(user=request.user, slug=slug)
    if not has_role(request.user, *STAFF_KEEPERS):
        raise HttpError(403, "Your role cannot see compliance.")
    if query.status and query.status not in STATUSES:
        raise HttpError(422, f"status must be one of {', '.join(STATUSES)}.")
    filters = ComplianceFilters(
        site=query.site, team=query.team, course=query.course, status=query.status
    )
    report = compliance_report(organisation=organisation, as_of=query.as_of, filters=filters)
    return {
        "as_of": report.as_of,
        "counts": report.counts,
        "people": [compliance_row_out(row) for row in report.rows],
    }
