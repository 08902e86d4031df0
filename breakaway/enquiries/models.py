"""Enquiries from the public site and where each stands in the sales pipeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation, Sector


class Enquiry(models.Model):
    class Stage(models.TextChoices):
        ENQUIRY = "enquiry", _("Enquiry")
        ASSESSMENT = "assessment", _("Needs assessment")
        PROPOSAL = "proposal", _("Proposal")
        BOOKED = "booked", _("Booked")
        DELIVERED = "delivered", _("Delivered")
        EVALUATED = "evaluated", _("Evaluated")
        LOST = "lost", _("Lost")

    organisation_name = models.CharField(_("organisation"), max_length=200)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    contact_name = models.CharField(_("contact name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    headcount = models.PositiveIntegerField(_("staff to train"))
    preferred_dates = models.CharField(_("preferred dates"), max_length=300, blank=True)
    message = models.TextField(_("message"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.ENQUIRY, db_index=True
    )
    lost_reason = models.CharField(_("why it was lost"), max_length=300, blank=True)
    # The provider whose public site received it: advisors see only their own provider's
    # enquiries. Empty when the enquiry arrived before any provider was set up.
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_enquiries",
        limit_choices_to={"kind": "provider"},
    )
    client = models.ForeignKey(
        Organisation,
        verbose_name=_("client"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("enquiries")
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="lost") | ~Q(lost_reason=""),
                name="enquiry_lost_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.contact_name})"

    @property
    def next_stage(self) -> str:
        """The stage after this one in the pipeline; a lost enquiry restarts as an enquiry."""
        if self.stage == self.Stage.LOST:
            return self.Stage.ENQUIRY
        index = PIPELINE.index(self.stage)
        return PIPELINE[min(index + 1, len(PIPELINE) - 1)]


# The stages in the order work moves through them; LOST sits outside the flow.
PIPELINE: list[str] = [stage for stage in Enquiry.Stage.values if stage != Enquiry.Stage.LOST]
