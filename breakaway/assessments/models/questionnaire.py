"""The needs-assessment questionnaire and the advisor's adjustments to the risk profile."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation


class NeedsAssessment(models.Model):
    """A client's answers about its setting, staff, training and flashpoints.

    `answers` holds one object per section id (see `assessments/questionnaire.py`), so the
    questions can change without a migration; each answer set is validated by its form.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="needs_assessments"
    )
    enquiry = models.ForeignKey(
        "enquiries.Enquiry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_assessments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    # Time on the question pages, added up page by page (a pause overnight does not count).
    active_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    advisor_notes = models.TextField(_("advisor's notes"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # The incident period the risk profile draws on (default: the two years before submission).
    incidents_from = models.DateField(_("incidents from"), null=True, blank=True)
    incidents_to = models.DateField(_("incidents to"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="in_progress"),
                name="one_open_assessment_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"Needs assessment for {self.organisation} ({self.get_status_display()})"


class RiskAdjustment(models.Model):
    """An advisor's change to one risk area's score, with the reason they gave."""

    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, related_name="risk_adjustments"
    )
    area = models.CharField(_("risk area"), max_length=40)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = models.TextField(_("reason"))
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adjusted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "-adjusted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.area}: {self.likelihood}×{self.severity}"
