"""Incidents imported from a client's incident system, and the imports themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation


class IncidentImport(models.Model):
    """One upload of an incident export: its mapping, its progress and what it did."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        INVALID = "invalid", _("Has errors")
        FAILED = "failed", _("Could not be read")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="incident_imports"
    )
    file = models.FileField(upload_to="incident-imports/%Y/%m/")
    filename = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict, blank=True)
    skip_invalid = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=False)
    keep_descriptions = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))


class Incident(models.Model):
    """One incident as the client recorded it: raw values kept beside our codes.

    Each code column holds our code, "" when the export left the value blank, or
    `taxonomy.UNRECOGNISED` when it gave a value we could not map (kept in the `_raw` column,
    and mappable by a person in the review step).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="incidents"
    )
    source = models.ForeignKey(
        IncidentImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    occurred_at = models.DateTimeField(_("occurred"))
    # Local (Europe/London) date, hour and weekday, kept so profiles aggregate in plain SQL.
    occurred_on = models.DateField(_("date"))
    hour = models.PositiveSmallIntegerField(_("hour"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday (0 = Monday)"))
    site = models.CharField(_("site"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    location_type = models.CharField(_("location type"), max_length=40, blank=True)
    category_raw = models.CharField(_("category as recorded"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=40, blank=True)
    subcategory = models.CharField(_("sub-category"), max_length=200, blank=True)
    harm_raw = models.CharField(_("harm as recorded"), max_length=200, blank=True)
    harm = models.CharField(_("harm"), max_length=20, blank=True)
    assault_form_raw = models.CharField(_("assault form as recorded"), max_length=200, blank=True)
    assault_form = models.CharField(_("assault form"), max_length=40, blank=True)
    perpetrator_type_raw = models.CharField(
        _("perpetrator as recorded"), max_length=200, blank=True
    )
    perpetrator_type = models.CharField(_("perpetrator"), max_length=40, blank=True)
    days_lost = models.PositiveIntegerField(_("days lost"), null=True, blank=True)
    riddor = models.BooleanField(_("RIDDOR reported"), null=True, blank=True)
    # profiling.RIDDOR_RULE, worked out on import (and again when a harm value is re-mapped).
    riddor_reportable = models.BooleanField(_("RIDDOR-reportable"), default=False)
    # Free text can name patients: kept only when the importer opted in.
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        # Covering indexes for the profile's three grouped scans: SQLite walks them in order
        # instead of sorting a million rows (see incident_selectors).
        indexes = [
            models.Index(
                fields=["organisation", "occurred_on", "hour", "riddor_reportable"],
                name="incident_when",
            ),
            models.Index(
                fields=[
                    "organisation",
                    "category",
                    "assault_form",
                    "location_type",
                    "harm",
                    "hour",
                    "occurred_on",
                ],
                name="incident_what",
            ),
            models.Index(
                fields=["organisation", "site", "perpetrator_type", "occurred_on"],
                name="incident_who",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                condition=~Q(reference=""),
                name="incident_unique_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Incident on {self.occurred_on}"


class ValueMapping(models.Model):
    """A person's decision that a raw value in this client's exports means one of our codes."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="value_mappings"
    )
    field = models.CharField(max_length=30)
    raw_value = models.CharField(
        max_length=200, help_text=_("Normalised: lower case, no punctuation.")
    )
    code = models.CharField(max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["field", "raw_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "field", "raw_value"], name="value_mapping_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.raw_value} → {self.code or '(unmapped)'}"
