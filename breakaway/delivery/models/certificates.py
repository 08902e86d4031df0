"""Certificates: proof that a person completed a course, verifiable by anyone with the code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """Issued once for a completed enrolment; never changed but for revocation.

    `code`: at least 10 characters from an unambiguous alphabet (at least 50 random bits);
    `/verify/{code}` shows whether it is valid.
    """

    code = models.CharField(_("verification code"), max_length=20, unique=True)
    enrolment = models.OneToOneField(
        "delivery.Enrolment",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    # Kept on the certificate so the compliance view needs no joins through the roster, and
    # so it still reads the same if the roster changes.
    staff_member = models.ForeignKey(
        "delivery.StaffMember",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("client"),
    )
    holder_name = models.CharField(_("name"), max_length=200)
    course_name = models.CharField(_("course"), max_length=200)
    course_design = models.ForeignKey(
        "courses.CourseDesign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("course design"),
    )
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"))
    pdf = models.FileField(_("PDF"), upload_to="certificates/%Y/", blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "staff_member", "course_name", "completed_on"]),
            models.Index(fields=["expires_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.course_name} — {self.holder_name} ({self.code})"


class CertificateReminder(models.Model):
    """An expiry reminder sent for a certificate: 90, 30 or 0 days before; each once."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "days_before"], name="certificate_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.days_before} days before: {self.certificate}"
