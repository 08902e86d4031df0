"""Bespoke course designs: what the composer proposed and each saved change, as versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation


class CourseDesign(models.Model):
    """A course designed for one client; its content lives in numbered versions."""

    class Length(models.TextChoices):
        THREE_HOURS = "3h", _("3 hours")
        HALF_DAY = "half-day", _("Half a day")
        ONE_DAY = "1-day", _("1 day")
        TWO_DAYS = "2-day", _("2 days")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="course_designs"
    )
    assessment = models.ForeignKey(
        "assessments.NeedsAssessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_designs",
    )
    length = models.CharField(_("length"), max_length=10, choices=Length.choices)
    headcount = models.PositiveIntegerField(_("staff to train"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_length_display()} course for {self.organisation}"


class CourseDesignVersion(models.Model):
    """One version of a design: the inputs and the composed course, as the API returns it."""

    design = models.ForeignKey(CourseDesign, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    inputs = models.JSONField(_("inputs"))
    course = models.JSONField(_("course"))
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["design", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["design", "number"], name="course_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.design} v{self.number}"
