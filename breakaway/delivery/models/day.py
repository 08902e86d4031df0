"""The day in the room: the register, competence per technique, and incidents in training."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Attendance(models.Model):
    """A person's attendance on one day of the course."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        LEFT_EARLY = "left_early", _("Left early")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        QR = "qr", _("Scanned the register code")
        HAND = "hand", _("Marked by the trainer")

    enrolment = models.ForeignKey(
        "delivery.Enrolment",
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("enrolment"),
    )
    day = models.ForeignKey(
        "scheduling.EngagementDay",
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("day"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PRESENT
    )
    method = models.CharField(_("how"), max_length=5, choices=Method.choices)
    signed_in_at = models.DateTimeField(_("signed in"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["day", "enrolment"]
        verbose_name_plural = _("attendance")
        constraints = [
            # A double tap or a retry on a bad connection stores once.
            models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} on {self.day}"


class CompetenceRecord(models.Model):
    """How a person did with one technique taught on the course."""

    class Result(models.TextChoices):
        DEMONSTRATED = "demonstrated", _("Demonstrated")
        NEEDS_PRACTICE = "needs_practice", _("Needs more practice")
        NOT_ATTEMPTED = "not_attempted", _("Not attempted")

    enrolment = models.ForeignKey(
        "delivery.Enrolment",
        on_delete=models.CASCADE,
        related_name="competence",
        verbose_name=_("enrolment"),
    )
    technique = models.ForeignKey(
        "catalogue.Technique",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("technique"),
    )
    result = models.CharField(_("result"), max_length=15, choices=Result.choices)
    # Took part in an adapted way (after screening), which is recorded, not penalised.
    adapted = models.BooleanField(_("adapted participation"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["enrolment", "technique"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "technique"], name="competence_once_per_technique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.technique}"


class TrainingIncident(models.Model):
    """An injury or near miss during training, logged by the trainer."""

    class Kind(models.TextChoices):
        INJURY = "injury", _("Injury")
        NEAR_MISS = "near_miss", _("Near miss")

    engagement = models.ForeignKey(
        "scheduling.Engagement",
        on_delete=models.CASCADE,
        related_name="training_incidents",
        verbose_name=_("engagement"),
    )
    day = models.ForeignKey(
        "scheduling.EngagementDay",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("day"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    people = models.ManyToManyField(
        "delivery.Enrolment", related_name="training_incidents", blank=True
    )
    description = models.TextField(_("what happened"))
    action_taken = models.TextField(_("action taken"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        ordering = ["-happened_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.engagement}"
