"""Certificates on the web: issuing them after a course, downloading and revoking one, and the
public verification page anyone reaches from a certificate's code or QR code."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import has_role
from breakaway.core.http import client_address
from breakaway.core.ratelimit import RateLimit
from breakaway.delivery.certificate_codes import code_display, code_is_valid, code_normalise
from breakaway.delivery.certificate_selectors import (
    CERTIFIERS,
    REVOKERS,
    certificate_get_by_code,
    certificate_get_for_user,
    certificate_verification,
    engagement_get_for_certifier,
    engagement_list_for_certifier,
    enrolment_list_for_certificates,
)
from breakaway.delivery.certificate_services import (
    certificate_from_download_token,
    certificate_pdf_ensure,
    certificate_revoke,
    certificates_issue,
)

VERIFY_WINDOW = 10 * 60  # seconds


def verify_limit() -> RateLimit:
    """Look-ups of codes per address: enough for an employer checking a few, not for guessing."""
    return RateLimit(
        "certificate-verify", getattr(settings, "BREAKAWAY_VERIFY_RATE_LIMIT", 30), VERIFY_WINDOW
    )


def too_many(request: HttpRequest) -> bool:
    """Count this look-up; True when the address has used up its window."""
    limit, who = verify_limit(), client_address(request)
    if limit.exceeded(who):
        return True
    limit.hit(who)
    return False


# Issuing --------------------------------------------------------------------------------------


@role_required(*CERTIFIERS)
@require_GET
def engagement_list(request: HttpRequest) -> HttpResponse:
    """Courses the user may issue certificates for, latest first."""
    engagements = engagement_list_for_certifier(user=request.user)[:100]
    return render(
        request, "delivery/certificates/engagement_list.html", {"engagements": engagements}
    )


@role_required(*CERTIFIERS)
@require_GET
def engagement_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """The course's roster with each person's outcome and certificate."""
    engagement = engagement_get_for_certifier(user=request.user, pk=pk)
    enrolments = list(enrolment_list_for_certificates(engagement=engagement))
    to_issue = [
        e for e in enrolments if e.outcome == e.Outcome.COMPLETED and not hasattr(e, "certificate")
    ]
    context = {
        "engagement": engagement,
        "enrolments": enrolments,
        "to_issue": len(to_issue),
        "can_revoke": has_role(request.user, *REVOKERS),
    }
    return render(request, "delivery/certificates/engagement.html", context)


@role_required(*CERTIFIERS)
@require_POST
def engagement_certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_get_for_certifier(user=request.user, pk=pk)
    try:
        issued = certificates_issue(engagement=engagement, issued_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if issued:
            messages.success(
                request,
                _("%(count)s certificates issued and e-mailed.") % {"count": len(issued)},
            )
        else:
            messages.info(request, _("Everyone who completed the course has a certificate."))
    return redirect("delivery:certificate_engagement", pk=engagement.pk)


# One certificate ------------------------------------------------------------------------------


def _pdf_response(certificate: Any) -> HttpResponse:
    """The stored PDF as it was issued (made now if an older record has none yet)."""
    certificate_pdf_ensure(certificate)
    with certificate.pdf.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@role_required()
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored PDF, for the client's staff, the provider's sales staff and its trainers."""
    return _pdf_response(certificate_get_for_user(user=request.user, pk=pk))


@require_GET
def certificate_download(request: HttpRequest, token: str) -> HttpResponse:
    """The holder's own link from their e-mail: signed, so it cannot be made from a code."""
    certificate = certificate_from_download_token(token)
    if certificate is None:
        raise Http404("No such certificate.")
    return _pdf_response(certificate)


@role_required(*REVOKERS)
@require_http_methods(["GET", "POST"])
def certificate_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a certificate with a reason (the provider's administrators)."""
    certificate = certificate_get_for_user(user=request.user, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            certificate_revoke(
                certificate=certificate,
                reason=request.POST.get("reason", ""),
                revoked_by=request.user,
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect(
                "delivery:certificate_engagement", pk=certificate.enrolment.engagement_id
            )
    context = {"certificate": certificate, "error": error, "code": code_display(certificate.code)}
    return render(
        request, "delivery/certificates/revoke.html", context, status=400 if error else 200
    )


# Public verification --------------------------------------------------------------------------


def _too_many_response(request: HttpRequest) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(VERIFY_WINDOW)
    return response


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """Type a code from a certificate to check it."""
    typed = request.GET.get("code", "")
    code = code_normalise(typed)
    if typed and code_is_valid(code):
        return redirect("verify:certificate", code=code)
    error = _("Enter the 12-character code printed on the certificate") if typed else ""
    return render(
        request,
        "delivery/certificates/verify_form.html",
        {"typed": typed, "error": error},
        status=400 if error else 200,
    )


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Whether a certificate is valid, expired or revoked; the holder's name initialled."""
    if too_many(request):
        return _too_many_response(request)
    certificate = certificate_get_by_code(code)
    if certificate is None:
        return render(
            request, "delivery/certificates/verify_form.html", {"unknown": code}, status=404
        )
    context = {
        "verification": certificate_verification(certificate),
        "code": code_display(certificate.code),
    }
    return render(request, "delivery/certificates/verify.html", context)
