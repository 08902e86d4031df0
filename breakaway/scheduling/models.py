"""Engagements (a booked course for a client), the days they run and who trains them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Venue(models.Model):
    """Where a course runs: a client's site, with the coordinates travel is worked out from."""

    site = models.OneToOneField(
        "accounts.Site", on_delete=models.CASCADE, related_name="venue", verbose_name=_("site")
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    room_notes = models.TextField(
        _("room notes"), blank=True, help_text=_("Room size, parking, access, who lets us in.")
    )

    class Meta:
        verbose_name = _("venue")

    def __str__(self) -> str:
        return str(self.site)


class Engagement(models.Model):
    """A booked course for a client, from an accepted quote or entered by the provider."""

    class Status(models.TextChoices):
        TENTATIVE = "tentative", _("Tentative")
        CONFIRMED = "confirmed", _("Confirmed")
        DELIVERED = "delivered", _("Delivered")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("client"),
    )
    design = models.ForeignKey(
        "courses.CourseDesign",
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("course design"),
    )
    design_version = models.PositiveIntegerField(_("design version"))
    # A quote whose groups start on different dates books one engagement per start date.
    quote = models.ForeignKey(
        "quotes.Quote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("quote"),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("venue"),
    )
    groups = models.PositiveSmallIntegerField(_("groups"), default=1)
    trainers_needed = models.PositiveSmallIntegerField(_("trainers needed"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TENTATIVE
    )
    cancellation_terms = models.TextField(_("cancellation terms"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("engagement")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.design}"


class EngagementDay(models.Model):
    """One day of an engagement; every assigned trainer works every day."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="days", verbose_name=_("engagement")
    )
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "date"], name="engagement_day_unique"),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.engagement} on {self.date}"


class Assignment(models.Model):
    """A trainer on an engagement: proposed by the planner or a person, then published."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("engagement"),
    )
    trainer = models.ForeignKey(
        "trainers.Trainer",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("trainer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    # Kept as given when the optimiser re-plans.
    is_fixed = models.BooleanField(_("fixed"), default=False)
    declined_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["engagement", "trainer"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "trainer"], name="assignment_unique_trainer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainer} on {self.engagement}"
