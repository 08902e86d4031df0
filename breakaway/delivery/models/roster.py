"""Who comes to an engagement: its groups, each person's place (or waiting-list slot), and
the personal link every attendee uses for their own page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrainingGroup(models.Model):
    """One group of an engagement; every group attends every day of it."""

    engagement = models.ForeignKey(
        "scheduling.Engagement",
        on_delete=models.CASCADE,
        related_name="training_groups",
        verbose_name=_("engagement"),
    )
    number = models.PositiveSmallIntegerField(_("group"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=12)

    class Meta:
        ordering = ["engagement", "number"]
        verbose_name = _("group")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "number"], name="group_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Group {self.number}"


class Enrolment(models.Model):
    """A person on an engagement's roster: in a group, on the waiting list, or withdrawn.

    The overall outcome is recorded here by the trainer at the end of the course; a
    certificate is issued for `completed`.
    """

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITING = "waiting", _("Waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        PENDING = "", _("Not yet decided")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Not completed")
        DID_NOT_ATTEND = "did_not_attend", _("Did not attend")

    engagement = models.ForeignKey(
        "scheduling.Engagement",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("engagement"),
    )
    staff_member = models.ForeignKey(
        "delivery.StaffMember",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("person"),
    )
    group = models.ForeignKey(
        TrainingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("group"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    # The waiting list is served in the order people joined it.
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=Outcome.choices, blank=True, default=""
    )
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outcome recorded by"),
    )
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)

    class Meta:
        ordering = ["engagement", "group__number", "joined_at", "pk"]
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "staff_member"], name="enrolment_unique_person"
            ),
        ]
        indexes = [models.Index(fields=["engagement", "status", "joined_at"])]

    def __str__(self) -> str:
        return f"{self.staff_member} on {self.engagement}"


class AttendeeLink(models.Model):
    """A person's private link to their own page; only a hash of its token is stored.

    Valid until `expires_at` (while their training, follow-up or refreshers are under way);
    "send me a new link" or a printed letter makes a new one and revokes the old.
    """

    staff_member = models.ForeignKey(
        "delivery.StaffMember",
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attendee link")

    def __str__(self) -> str:
        return f"Link for {self.staff_member}"
