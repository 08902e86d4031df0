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


class TrainerFeed(models.Model):
    """The secret address of a trainer's iCalendar feed: only a hash of the token is kept."""

    trainer = models.OneToOneField(
        "trainers.Trainer",
        on_delete=models.CASCADE,
        related_name="rota_feed",
        verbose_name=_("trainer"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("trainer's calendar feed")

    def __str__(self) -> str:
        return f"Calendar feed of {self.trainer}"


class RotaPlan(models.Model):
    """One run of the rota optimiser: its input, progress and proposal, until published."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Planning")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        PLAN = "plan", _("Rota plan")
        REPLAN = "replan", _("Re-plan after a change")
        API = "api", _("Plan from the API")

    provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="rota_plans",
        verbose_name=_("provider"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PLAN)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_message = models.CharField(_("progress"), max_length=200, blank=True)
    horizon_start = models.DateField(_("from"), null=True, blank=True)
    horizon_end = models.DateField(_("to"), null=True, blank=True)
    keep_confirmed = models.BooleanField(_("keep published assignments"), default=True)
    solver = models.CharField(_("solver"), max_length=10, default="exact")
    time_limit = models.FloatField(_("time limit (seconds)"), null=True, blank=True)
    # For a re-plan: the engagements it may change, and why it was needed.
    scope = models.JSONField(_("engagements to re-plan"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    input = models.JSONField(_("input"), null=True, blank=True)
    output = models.JSONField(_("output"), null=True, blank=True)
    # The published rota the plan was made against: {engagement id: [trainer ids]}.
    basis = models.JSONField(_("published rota when planned"), default=dict, blank=True)
    # Engagements and trainers left out of the input, each with the reason.
    notes = models.JSONField(_("notes"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rota plan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.get_status_display()})"

    @property
    def is_working(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
