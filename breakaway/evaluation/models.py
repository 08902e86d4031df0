"""Instruments (versioned), the questionnaires an engagement gets, people's responses, impact
reports and testimonials."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    PRE = "pre", _("Before the course")
    POST = "post", _("At the end of the course")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Instrument(models.Model):
    """A questionnaire's identity. `owner` empty: one of ours, for everyone; otherwise a
    client's own (perhaps licensed) instrument, visible to that client only."""

    key = models.SlugField(_("key"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("owner"),
    )
    licence_reference = models.CharField(
        _("licence reference"),
        max_length=300,
        blank=True,
        help_text=_("For a licensed instrument: who granted the licence, and its reference."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="instrument_unique_key"),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(owner__isnull=True),
                name="instrument_unique_shared_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InstrumentVersion(models.Model):
    """One version of an instrument's definition (the JSON `instruments.parse_instrument`
    reads). Responses keep the version they answered; a change is a new version."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("instrument")
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="instrument_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class Questionnaire(models.Model):
    """What an engagement's attendees are asked in one phase, and when it is open."""

    engagement = models.ForeignKey(
        "scheduling.Engagement",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("engagement"),
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    instruments = models.ManyToManyField(
        InstrumentVersion, related_name="questionnaires", verbose_name=_("instruments")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["engagement", "opens_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "phase"], name="questionnaire_unique_phase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.engagement}"


class Response(models.Model):
    """A person's answers to one instrument in one phase, saved as they go.

    Online answers are one response per person, instrument and phase, submitted once
    (`submitted_at`); paper forms may add more, and the analysis takes the last.
    """

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper form")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("questionnaire"),
    )
    enrolment = models.ForeignKey(
        "delivery.Enrolment",
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("person"),
    )
    instrument_version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("instrument version"),
    )
    answers = models.JSONField(_("answers"), default=dict)
    source = models.CharField(
        _("source"), max_length=6, choices=Source.choices, default=Source.ONLINE
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "enrolment", "submitted_at", "pk"]
        constraints = [
            # One online response per person, instrument and phase: saving and submitting
            # again (a double tap, a retry) updates it rather than adding another.
            models.UniqueConstraint(
                fields=["questionnaire", "enrolment", "instrument_version"],
                condition=models.Q(source="online"),
                name="response_one_online",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.questionnaire}"


class ImpactReport(models.Model):
    """The client's impact report for an engagement, as issued: figures and PDF kept."""

    engagement = models.ForeignKey(
        "scheduling.Engagement",
        on_delete=models.CASCADE,
        related_name="impact_reports",
        verbose_name=_("engagement"),
    )
    data = models.JSONField(_("figures"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to="impact-reports/%Y/", blank=True)
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Impact report: {self.engagement}"


class Testimonial(models.Model):
    """A reaction comment the attendee agreed we may publish, shown with role and type of
    organisation only."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="testimonial", verbose_name=_("response")
    )
    text = models.TextField(_("comment"))
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation_type = models.CharField(_("type of organisation"), max_length=100, blank=True)
    consented_at = models.DateTimeField(_("consent given"))
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
        ordering = ["-published_at", "-consented_at"]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionnaireReminder(models.Model):
    """A reminder e-mailed to one person about one questionnaire, kept so that the tick sends
    each kind once."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("It is open")
        CLOSING = "closing", _("It closes in a week")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("questionnaire"),
    )
    enrolment = models.ForeignKey(
        "delivery.Enrolment",
        on_delete=models.CASCADE,
        related_name="questionnaire_reminders",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("reminder"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["questionnaire", "enrolment", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "enrolment", "kind"], name="questionnaire_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.enrolment}"
