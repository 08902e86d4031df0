"""Learning that lasts: where each person stands with each refresher item, the refreshers
sent to them and their answers, their progress through the pre-course lessons, and the
provider's own demonstration videos for a lesson.

Items and lessons are content in code (`bank/`, `lessons.py`), so rows name them by id.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.learning import spacing


class ItemProgress(models.Model):
    """One person's schedule for one item (`spacing.ItemState`, stored). `certificate` is the
    certificate whose expiry the schedule aims at; a new certificate starts a new schedule."""

    staff_member = models.ForeignKey(
        "delivery.StaffMember", on_delete=models.CASCADE, related_name="item_progress"
    )
    certificate = models.ForeignKey(
        "delivery.Certificate", on_delete=models.CASCADE, related_name="item_progress"
    )
    item_id = models.CharField(_("item"), max_length=80)
    due_on = models.DateField(_("next due"), null=True, blank=True)
    interval_days = models.PositiveIntegerField(_("interval (days)"), default=0)
    ease = models.FloatField(_("ease"), default=spacing.START_EASE)
    streak = models.PositiveIntegerField(_("right in a row"), default=0)
    reviews = models.PositiveIntegerField(_("reviews"), default=0)
    lapses = models.PositiveIntegerField(_("misses"), default=0)
    last_answered_on = models.DateField(_("last answered"), null=True, blank=True)

    class Meta:
        ordering = ["staff_member", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_member", "certificate", "item_id"], name="item_progress_unique"
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="item_progress_due")]

    def __str__(self) -> str:
        return f"{self.item_id} for {self.staff_member_id}"

    def state(self) -> spacing.ItemState:
        return spacing.ItemState(
            due_on=self.due_on,
            interval_days=self.interval_days,
            ease=self.ease,
            streak=self.streak,
            reviews=self.reviews,
            lapses=self.lapses,
        )

    def set_state(self, state: spacing.ItemState) -> None:
        self.due_on = state.due_on
        self.interval_days = state.interval_days
        self.ease = state.ease
        self.streak = state.streak
        self.reviews = state.reviews
        self.lapses = state.lapses


class Refresher(models.Model):
    """One refresher sent to a person: a few due items to answer on their link in about two
    minutes. At most one a week (`sent_on` is unique per person per day, and the sender checks
    the last seven days under a lock)."""

    staff_member = models.ForeignKey(
        "delivery.StaffMember", on_delete=models.CASCADE, related_name="refreshers"
    )
    certificate = models.ForeignKey(
        "delivery.Certificate", on_delete=models.CASCADE, related_name="refreshers"
    )
    item_ids = models.JSONField(_("items"), default=list)
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    emailed = models.BooleanField(_("e-mailed"), default=True)
    completed_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_member", "sent_on"], name="refresher_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Refresher for {self.staff_member_id} on {self.sent_on}"


class RefresherAnswer(models.Model):
    """One answer to one item. The first answer to an item of a refresher counts; a second
    tap or a resubmitted form changes nothing. `days_since_course` keeps retention curves
    cheap (days from the certificate's completion to the answer)."""

    refresher = models.ForeignKey(Refresher, on_delete=models.CASCADE, related_name="answers")
    staff_member = models.ForeignKey(
        "delivery.StaffMember", on_delete=models.CASCADE, related_name="refresher_answers"
    )
    item_id = models.CharField(_("item"), max_length=80)
    chosen = models.CharField(_("answer chosen"), max_length=500)
    correct = models.BooleanField(_("right"))
    answered_on = models.DateField(_("answered on"))
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    days_since_course = models.PositiveIntegerField(_("days since the course"))

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["refresher", "item_id"], name="refresher_answer_once"),
        ]
        indexes = [models.Index(fields=["item_id"], name="refresher_answer_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {'right' if self.correct else 'missed'}"


class RefresherPreference(models.Model):
    """A person's choice about refreshers: stopped by them (`opted_out_at`), or on."""

    staff_member = models.OneToOneField(
        "delivery.StaffMember", on_delete=models.CASCADE, related_name="refresher_preference"
    )
    opted_out_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    def __str__(self) -> str:
        return f"Refreshers {'off' if self.opted_out_at else 'on'} for {self.staff_member_id}"


class LessonProgress(models.Model):
    """A person's pass through one pre-course lesson: when they opened it, their answers to its
    retrieval questions (item id → option chosen) and when they finished."""

    staff_member = models.ForeignKey(
        "delivery.StaffMember", on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson_id = models.CharField(_("lesson"), max_length=80)
    started_at = models.DateTimeField(_("opened"), default=timezone.now)
    answers = models.JSONField(_("answers"), default=dict)
    correct = models.PositiveIntegerField(_("right"), default=0)
    completed_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["staff_member", "lesson_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_member", "lesson_id"], name="lesson_progress_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} for {self.staff_member_id}"


def video_path(instance: LessonVideo, filename: str) -> str:
    return f"lesson-videos/{instance.provider_id}/{timezone.now():%Y}/{filename}"


class LessonVideo(models.Model):
    """A provider's own demonstration video for a lesson, served from the project's storage to
    its attendees, with a WebVTT captions file (required: every video is captioned)."""

    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="lesson_videos"
    )
    lesson_id = models.CharField(_("lesson"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    video = models.FileField(_("video"), upload_to=video_path)
    content_type = models.CharField(_("type"), max_length=40)
    captions = models.FileField(_("captions"), upload_to=video_path)
    position = models.PositiveIntegerField(_("order"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["provider", "lesson_id", "position", "id"]

    def __str__(self) -> str:
        return self.title
