"""Health screening before physical practice (FACTS.md §5): special-category data.

Only the engagement's trainers and the provider's safeguarding lead may read answers; every
view is audited (never the values); answers are deleted a set number of days after the
course by `tick`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HealthScreening(models.Model):
    enrolment = models.OneToOneField(
        "delivery.Enrolment",
        on_delete=models.CASCADE,
        related_name="screening",
        verbose_name=_("enrolment"),
    )
    # {question code: true/false}; the codes are catalogue.content.SCREENING's plus more.
    answers = models.JSONField(_("answers"), default=dict)
    adjustments = models.TextField(_("adjustments needed"), blank=True)
    consent = models.BooleanField(_("consent to take part"), default=False)
    # Any "yes": the trainer talks to the person before practice.
    flagged = models.BooleanField(_("talk to before practice"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    discussed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discussed by"),
    )
    discussed_at = models.DateTimeField(_("discussed"), null=True, blank=True)
    delete_after = models.DateField(_("delete after"))

    class Meta:
        verbose_name = _("health screening")
        indexes = [models.Index(fields=["delete_after"])]

    def __str__(self) -> str:
        return f"Screening for {self.enrolment}"
