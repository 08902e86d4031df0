"""Trainers: who they are, where they start from, and what they are qualified to teach."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    base_postcode = models.CharField(_("home base postcode"), max_length=10, blank=True)
    base_lat = models.FloatField(_("home base latitude"), null=True, blank=True)
    base_lon = models.FloatField(_("home base longitude"), null=True, blank=True)
    max_days_per_week = models.PositiveSmallIntegerField(_("most days a week"), default=4)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["user__full_name", "user__email"]
        verbose_name = _("trainer")

    def __str__(self) -> str:
        return str(self.user)


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
    evidence = models.FileField(_("evidence"), upload_to="trainers/qualifications/", blank=True)
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
