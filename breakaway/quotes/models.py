"""Rate cards, dated VAT rates and each client's billing terms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakaway.quotes import pricing


class VatRate(models.Model):
    """A UK standard rate of VAT, in force from `valid_from` until the next record's date."""

    rate = models.DecimalField(
        _("rate"), max_digits=6, decimal_places=4, help_text=_("0.2 is 20%.")
    )
    valid_from = models.DateField(_("in force from"), unique=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")

    def __str__(self) -> str:
        return f"{self.rate * 100:.1f}% from {self.valid_from:%d %B %Y}"

    def to_pricing(self) -> pricing.VatRate:
        return pricing.VatRate(rate=self.rate, valid_from=self.valid_from)


def _default_day_rates() -> dict[str, Any]:
    return {}


class RateCard(models.Model):
    """A provider's prices: day rates by content and risk level, materials, travel."""

    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="rate_cards",
        limit_choices_to={"kind": "provider"},
    )
    name = models.CharField(_("name"), max_length=120)
    currency = models.CharField(_("currency"), max_length=3, default="GBP")
    # {"breakaway": {"low": "650", "medium": "750", "high": "850"}, …}: per trainer per full
    # day; amounts are kept as decimal strings so that JSON never turns them into floats.
    day_rates = models.JSONField(_("day rates"), default=_default_day_rates)
    part_day_fraction = models.DecimalField(
        _("part-day fraction"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.6"),
        help_text=_("What a 3-hour or half-day course costs as a fraction of a day."),
    )
    materials_per_attendee = models.DecimalField(
        _("materials per attendee"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    mileage_rate = models.DecimalField(
        _("mileage rate (per mile)"), max_digits=6, decimal_places=2, default=Decimal("0.45")
    )
    overnight_threshold_miles = models.DecimalField(
        _("overnight threshold (miles one way)"),
        max_digits=7,
        decimal_places=1,
        default=Decimal(60),
        help_text=_("Beyond this distance a trainer stays the night before each day."),
    )
    overnight_rate = models.DecimalField(
        _("overnight rate"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    valid_from = models.DateField(_("valid from"))
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        ordering = ["provider", "-valid_from"]
        verbose_name = _("rate card")
        verbose_name_plural = _("rate cards")
        constraints = [
            models.UniqueConstraint(
                fields=["provider"],
                condition=models.Q(is_current=True),
                name="quotes_one_current_rate_card",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d %B %Y})"

    def clean(self) -> None:
        try:
            self.to_pricing()
        except pricing.InvalidRequest as invalid:
            raise ValidationError(invalid.problems) from invalid

    def to_pricing(self) -> pricing.RateCard:
        """The card as the pricing module uses it (raises InvalidRequest if it is broken)."""
        return pricing.RateCard.parse(
            {
                "day_rates": self.day_rates,
                "part_day_fraction": self.part_day_fraction,
                "materials_per_attendee": self.materials_per_attendee,
                "mileage_rate": self.mileage_rate,
                "overnight_threshold_miles": self.overnight_threshold_miles,
                "overnight_rate": self.overnight_rate,
            },
            path="",
        )


class ClientBilling(models.Model):
    """How a client is invoiced: its VAT treatment, purchase orders and payment terms."""

    class VatTreatment(models.TextChoices):
        STANDARD = "standard", _("Standard rate")
        EXEMPT = "exempt", _("Exempt")
        ZERO = "zero", _("Zero-rated")
        OUTSIDE_SCOPE = "outside_scope", _("Outside the scope of VAT")

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="billing",
    )
    vat_treatment = models.CharField(
        _("VAT treatment"),
        max_length=20,
        choices=VatTreatment.choices,
        default=VatTreatment.STANDARD,
    )
    purchase_order_required = models.BooleanField(_("purchase order required"), default=False)
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)

    class Meta:
        verbose_name = _("client billing")
        verbose_name_plural = _("client billing")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_vat_treatment_display()}"
