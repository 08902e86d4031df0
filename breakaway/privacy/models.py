"""Privacy records: each client's agreed incident retention, the stand-ins that hold
pseudonymised questionnaire responses, and the people whose details were erased."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionAgreement(models.Model):
    """How long a client asked us to keep its incident rows (months after each incident)."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="retention_agreement",
        verbose_name=_("client"),
    )
    incident_months = models.PositiveSmallIntegerField(
        _("keep incidents for (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Incidents older than this, by the date they happened, are deleted."),
    )
    agreed_on = models.DateField(_("agreed on"), default=timezone.localdate)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Where the agreement is written down, who agreed it.")
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("retention agreement")
        verbose_name_plural = _("retention agreements")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.incident_months} months"


class Pseudonym(models.Model):
    """A stand-in on the staff list (archived) that holds one person's questionnaire responses
    for one course once they are cut from that person; nothing records whose they were."""

    staff_member = models.OneToOneField(
        "delivery.StaffMember", on_delete=models.CASCADE, related_name="pseudonym"
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("pseudonym")

    def __str__(self) -> str:
        return str(self.staff_member_id)


class Erasure(models.Model):
    """A person whose identifying details were erased; `reference` is the name they now carry."""

    staff_member = models.OneToOneField(
        "delivery.StaffMember", on_delete=models.CASCADE, related_name="erasure"
    )
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")

    def __str__(self) -> str:
        return self.reference
