"""Trainers: who they are, where they start from, and what they are qualified to teach."""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Great Britain, Northern Ireland, the Channel Islands, the Isle of Man, Orkney and Shetland.
UK_LATITUDE = (49.0, 61.0)
UK_LONGITUDE = (-8.7, 2.0)
# A UK postcode as written on letters: outward code, a space, inward code (SW1A 1AA).
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
# Monday is 0, as `date.weekday()` counts.
WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)
MONDAY_TO_FRIDAY = [0, 1, 2, 3, 4]
# When a provider sets no figure of its own (FACTS.md has no sourced number for CPD hours).
DEFAULT_CPD_HOURS = 30


def normalise_postcode(value: str) -> str:
    """`m1  1ae` → `M1 1AE`; anything that is not a UK postcode is returned stripped."""
    compact = "".join(value.split()).upper()
    match = POSTCODE_RE.match(compact)
    return f"{match[1]} {match[2]}" if match else value.strip()


def validate_postcode(value: str) -> None:
    if value and not POSTCODE_RE.match("".join(value.split()).upper()):
        raise ValidationError(_("Enter a UK postcode, like M1 1AE"), code="postcode")


def default_working_days() -> list[int]:
    return list(MONDAY_TO_FRIDAY)


def default_cpd_hours() -> Decimal:
    """The provider-wide figure from BREAKAWAY_TRAINER_CPD_HOURS, read when a trainer is made."""
    return Decimal(str(getattr(settings, "BREAKAWAY_TRAINER_CPD_HOURS", DEFAULT_CPD_HOURS)))


def evidence_path(instance: Any, filename: str) -> str:
    """An unguessable folder per file, so a file name never reveals or collides with another."""
    folder = "qualifications" if isinstance(instance, Qualification) else "cpd"
    name = PurePath(filename).name[-100:] or "evidence"
    return f"trainers/{folder}/{uuid.uuid4().hex}/{name}"


def year_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The 12 months up to and including `today`: from the day after the same date last year."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + datetime.timedelta(days=1), today


class QualificationType(models.Model):
    """A kind of qualification a trainer can hold and a module can require.

    `code` is what the rota optimiser matches on; `name` is the label the catalogue's modules
    use in their `trainer_qualifications`.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Whether it lapses: a teaching qualification does not, a first-aid certificate does.
    expires = models.BooleanField(_("expires"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("qualification type")

    def __str__(self) -> str:
        return self.name


class TrainerQuerySet(models.QuerySet["Trainer"]):
    def with_cpd_hours(self, today: datetime.date) -> TrainerQuerySet:
        """Annotate `cpd_hours`: the CPD hours logged in the 12 months up to `today`."""
        start, end = year_window(today)
        hours = (
            CpdEntry.objects.filter(
                trainer=models.OuterRef("pk"), done_on__gte=start, done_on__lte=end
            )
            .values("trainer")
            .annotate(total=models.Sum("hours"))
            .values("total")
        )
        return self.annotate(
            cpd_hours=Coalesce(
                models.Subquery(hours),
                models.Value(Decimal(0)),
                output_field=models.DecimalField(max_digits=7, decimal_places=1),
            )
        )


class Trainer(models.Model):
    """A provider's trainer: a user with a home base, a weekly limit and qualifications."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="trainer_profile",
        verbose_name=_("user"),
    )
    provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="trainers",
        verbose_name=_("provider"),
    )
    base_postcode = models.CharField(
        _("home base postcode"), max_length=10, blank=True, validators=[validate_postcode]
    )
    base_lat = models.FloatField(
        _("home base latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(UK_LATITUDE[0]), MaxValueValidator(UK_LATITUDE[1])],
        help_text=_(
            "Degrees north, like 53.4808 for Manchester. Find it on any online map: "
            "the first of the two numbers shown for the place."
        ),
    )
    base_lon = models.FloatField(
        _("home base longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(UK_LONGITUDE[0]), MaxValueValidator(UK_LONGITUDE[1])],
        help_text=_(
            "Degrees east, like -2.2426 for Manchester (west of Greenwich is negative): "
            "the second of the two numbers."
        ),
    )
    working_days = models.JSONField(
        _("working days"),
        default=default_working_days,
        blank=True,
        help_text=_("The days of the week they can be booked to train."),
    )
    max_days_per_week = models.PositiveSmallIntegerField(
        _("most days a week"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    cpd_hours_required = models.DecimalField(
        _("CPD hours needed every 12 months"),
        max_digits=5,
        decimal_places=1,
        default=default_cpd_hours,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(500))],
    )
    modules = models.ManyToManyField(
        "catalogue.Module",
        blank=True,
        related_name="trainers",
        verbose_name=_("modules they may teach"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = TrainerQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name", "user__email"]
        verbose_name = _("trainer")

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (self.base_lat is None) != (self.base_lon is None):
            missing = "base_lon" if self.base_lon is None else "base_lat"
            errors[missing] = _("Enter both the latitude and the longitude, or neither")
        days = self.working_days
        if not isinstance(days, list) or any(d not in range(7) for d in days):
            errors["working_days"] = _("Choose the days of the week they can work")
        if errors:
            raise ValidationError(errors)
        self.base_postcode = normalise_postcode(self.base_postcode)
        self.working_days = sorted(set(days))

    @property
    def has_base(self) -> bool:
        return self.base_lat is not None and self.base_lon is not None

    def working_day_names(self) -> list[str]:
        names = dict(WEEKDAYS)
        return [str(names[d]) for d in self.working_days if d in names]


class Qualification(models.Model):
    """A qualification a trainer holds; valid up to and including `expires_on`."""

    trainer = models.ForeignKey(
        Trainer, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("trainer")
    )
    type = models.ForeignKey(
        QualificationType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    awarding_body = models.CharField(_("awarding body"), max_length=200, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        ordering = ["type__name", "-expires_on"]
        verbose_name = _("qualification")

    def __str__(self) -> str:
        return f"{self.type} ({self.trainer})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        expires = self.type.expires if self.type_id else True
        if expires and self.expires_on is None:
            errors["expires_on"] = _("Enter the date it expires, like 27/11/2027")
        if self.achieved_on and self.expires_on and self.expires_on < self.achieved_on:
            errors["expires_on"] = _("The expiry date must be on or after the date achieved")
        if self.achieved_on and self.achieved_on > timezone.localdate():
            errors["achieved_on"] = _("The date achieved must be today or in the past")
        if errors:
            raise ValidationError(errors)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def is_valid_on(self, day: datetime.date) -> bool:
        """Valid up to and including `expires_on`; a qualification without one never lapses."""
        return self.expires_on is None or day <= self.expires_on

    def days_left(self, today: datetime.date) -> int | None:
        return None if self.expires_on is None else (self.expires_on - today).days


class CpdEntry(models.Model):
    """Continuing professional development a trainer did: counted over a rolling 12 months."""

    trainer = models.ForeignKey(
        Trainer, on_delete=models.CASCADE, related_name="cpd_entries", verbose_name=_("trainer")
    )
    done_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(200))],
    )
    activity = models.CharField(_("activity"), max_length=300)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["-done_on", "-id"]
        verbose_name = _("CPD entry")
        verbose_name_plural = _("CPD entries")
        indexes = [models.Index(fields=["trainer", "done_on"])]

    def __str__(self) -> str:
        return f"{self.activity} ({self.done_on})"

    def clean(self) -> None:
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("The date must be today or in the past")})


class Unavailability(models.Model):
    """Days a trainer cannot be booked: leave, or dates blocked for another reason."""

    class Kind(models.TextChoices):
        LEAVE = "leave", _("Leave")
        BLOCKED = "blocked", _("Blocked")

    trainer = models.ForeignKey(
        Trainer, on_delete=models.CASCADE, related_name="unavailability", verbose_name=_("trainer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LEAVE)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("unavailable dates")
        verbose_name_plural = _("unavailable dates")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="unavailability_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["trainer", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}–{self.ends_on} ({self.trainer})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day must be on or after the first day")})

    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class ReminderSent(models.Model):
    """A reminder that went out, so the same one never goes twice (`key` is unique)."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("Qualification expiring")
        CPD = "cpd", _("CPD short")

    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    trainer = models.ForeignKey(
        Trainer, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("trainer")
    )
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("qualification"),
    )
    recipients = models.JSONField(_("sent to"), default=list)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key
