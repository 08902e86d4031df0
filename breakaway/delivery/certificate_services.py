"""Writes for certificates: issuing them after a course (each once, with its PDF stored), the
signed link each person is e-mailed, and revoking one with a reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.core.audit import audit_log, snapshot
from breakaway.core.emails import email_send
from breakaway.courses.models import CourseDesign
from breakaway.delivery.certificate_codes import add_months, code_display, code_new
from breakaway.delivery.models import Certificate, Enrolment, StaffMember, TrainingRequirement
from breakaway.delivery.models.matrix import DEFAULT_REFRESHER_MONTHS
from breakaway.scheduling.models import Engagement, EngagementDay

_DOWNLOAD_SALT = "breakaway.certificate-download"
_AUDITED = ("code", "staff_member_id", "course_name", "completed_on", "expires_on")
_REVOKE_FIELDS = ("revoked_at", "revoked_reason", "revoked_by_id")


def site_url(path: str) -> str:
    """An absolute address on the site, for e-mails and the QR code on paper."""
    return settings.BREAKAWAY_SITE_URL.rstrip("/") + path


def verify_url(code: str) -> str:
    return site_url(reverse("verify:certificate", kwargs={"code": code}))


def download_token(certificate: Certificate) -> str:
    """The signed part of the link e-mailed to the holder: only they get their full-name PDF."""
    return signing.Signer(salt=_DOWNLOAD_SALT).sign(certificate.code)


def certificate_from_download_token(token: str) -> Certificate | None:
    """The certificate a download link was made for; None for a forged or mangled link."""
    try:
        code = signing.Signer(salt=_DOWNLOAD_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Certificate.objects.select_related("organisation__provider").filter(code=code).first()


def download_url(certificate: Certificate) -> str:
    return site_url(
        reverse("delivery:certificate_download", kwargs={"token": download_token(certificate)})
    )


def design_course_name(design: CourseDesign) -> str:
    """What a certificate calls a course no line of the training matrix names."""
    return _("Personal safety and breakaway (%(length)s)") % {
        "length": design.get_length_display().lower()
    }


def course_and_refresher(
    *, person: StaffMember, design: CourseDesign, requirements: list[TrainingRequirement]
) -> tuple[str, int]:
    """The course name and refresher interval from the client's matrix for this person.

    The lines that apply to the person's role (or to everyone) and name this design count
    first, then those whose course is named as the design's default; when several apply, the
    shortest refresher wins (the safe side). No line: the design's name and 12 months.
    """
    applies = [r for r in requirements if r.role_key in ("", person.role_key)]
    default_name = design_course_name(design)
    matching = [r for r in applies if r.course_design_id == design.pk] or [
        r for r in applies if r.course_name.casefold() == default_name.casefold()
    ]
    if not matching:
        return default_name, DEFAULT_REFRESHER_MONTHS
    best = min(matching, key=lambda r: (r.refresher_months, r.role_key == "", r.pk))
    return best.course_name, best.refresher_months


def unused_code() -> str:
    while True:
        code = code_new()
        if not Certificate.objects.filter(code=code).exists():
            return code


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 PDF: name, course, dates, provider, code and QR code."""
    import segno

    from breakaway.core.pdf import render_pdf  # WeasyPrint is slow to import: only here

    url = verify_url(certificate.code)
    organisation = certificate.organisation
    provider = organisation if organisation.is_provider else organisation.provider
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#0b3c49")
    context = {
        "certificate": certificate,
        "provider": provider,
        "organisation": organisation,
        "code": code_display(certificate.code),
        "verify_url": url,
        "qr": qr,
    }
    return render_pdf("delivery/certificates/pdf/certificate.html", context)


def certificate_pdf_ensure(certificate: Certificate) -> Certificate:
    """Store the certificate's PDF if it has none yet; an issued PDF is never re-rendered."""
    if not certificate.pdf:
        certificate.pdf.save(
            f"{certificate.code}.pdf", ContentFile(certificate_pdf_bytes(certificate)), save=False
        )
        Certificate.objects.filter(pk=certificate.pk, pdf="").update(pdf=certificate.pdf.name)
    return certificate


def _notify_holder(certificate: Certificate, provider: Any) -> None:
    email = certificate.staff_member.email
    if not email:
        return
    email_send(
        template="certificate_issued",
        to=[email],
        context={
            "certificate": certificate,
            "provider": provider,
            "code": code_display(certificate.code),
            "verify_url": verify_url(certificate.code),
            "download_url": download_url(certificate),
        },
    )


def completion_date(engagement: Engagement) -> datetime.date:
    """An engagement is completed on its last day."""
    last = (
        EngagementDay.objects.filter(engagement=engagement)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if last is None:
        raise ValidationError(_("This engagement has no days, so no one can have completed it."))
    return last


@transaction.atomic
def certificates_issue(
    *, engagement: Engagement, issued_by: Any, today: datetime.date | None = None
) -> list[Certificate]:
    """Issue a certificate to everyone who completed the course and has none yet, store each
    PDF and e-mail each person their link. Running it again issues nothing twice."""
    completed_on = completion_date(engagement)
    if completed_on > (today or timezone.localdate()):
        raise ValidationError(_("You can issue certificates from the course's last day onwards."))
    # Lock the roster so two people pressing the button at once issue one set between them.
    waiting = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(
            engagement=engagement,
            outcome=Enrolment.Outcome.COMPLETED,
            certificate__isnull=True,
        )
        .select_related("staff_member")
        .order_by("pk")
    )
    if not waiting:
        return []
    organisation = engagement.organisation
    provider = organisation if organisation.is_provider else organisation.provider
    design = engagement.design
    requirements = list(TrainingRequirement.objects.filter(organisation=organisation))
    user = issued_by if getattr(issued_by, "is_authenticated", False) else None
    issued: list[Certificate] = []
    for enrolment in waiting:
        person = enrolment.staff_member
        course, months = course_and_refresher(
            person=person, design=design, requirements=requirements
        )
        certificate = Certificate(
            code=unused_code(),
            enrolment=enrolment,
            staff_member=person,
            organisation=organisation,
            holder_name=person.full_name,
            course_name=course,
            course_design=design,
            completed_on=completed_on,
            expires_on=add_months(completed_on, months),
            issued_by=user,
        )
        certificate.full_clean(exclude=["pdf"])
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:  # issued meanwhile by another request
            continue
        certificate_pdf_ensure(certificate)
        audit_log(
            actor=issued_by,
            action="certificate.issue",
            obj=certificate,
            after=snapshot(certificate, _AUDITED),
            organisation=organisation,
        )
        _notify_holder(certificate, provider)
        issued.append(certificate)
    return issued


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, revoked_by: Any) -> Certificate:
    """Withdraw a certificate (issued in error, or the person's competence is in doubt): it
    then verifies as revoked and no longer counts towards compliance. A reason is required."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why the certificate is being revoked")})
    locked = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This certificate has already been revoked."))
    before = snapshot(locked, _REVOKE_FIELDS)
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason
    locked.revoked_by = revoked_by if getattr(revoked_by, "is_authenticated", False) else None
    locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit_log(
        actor=revoked_by,
        action="certificate.revoke",
        obj=locked,
        before=before,
        after=snapshot(locked, _REVOKE_FIELDS),
        organisation=locked.organisation,
    )
    certificate.revoked_at = locked.revoked_at
    certificate.revoked_reason = locked.revoked_reason
    certificate.revoked_by = locked.revoked_by
    return certificate
