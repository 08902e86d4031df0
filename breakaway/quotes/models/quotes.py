"""Rate cards, dated VAT rates, each client's billing terms, and quotes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.quotes import pricing

DEFAULT_CURRENCY = "GBP"
CURRENCY_CODE = RegexValidator(r"\A[A-Z]{3}\Z", _("Enter a three-letter currency code, like GBP"))


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
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default=DEFAULT_CURRENCY,
        validators=[CURRENCY_CODE],
        help_text=_(
            "A three-letter code, like GBP or EUR: clients billed in it are priced from it."
        ),
    )
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
    vat_number = models.CharField(
        _("provider's VAT number"),
        max_length=20,
        blank=True,
        help_text=_("Printed on quotes and invoices, like GB 123 4567 89."),
    )
    road_factor = models.DecimalField(
        _("road factor"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.25"),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_("Road miles per mile as the crow flies, for travel worked out from the map."),
    )
    guarantee_days = models.PositiveSmallIntegerField(
        _("satisfaction guarantee (days)"),
        default=30,
        help_text=_("How long after the last day of the course a client can claim a refund."),
    )
    valid_from = models.DateField(_("valid from"))
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        ordering = ["provider", "currency", "-valid_from"]
        verbose_name = _("rate card")
        verbose_name_plural = _("rate cards")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "currency"],
                condition=models.Q(is_current=True),
                name="quotes_one_current_rate_card_per_currency",
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
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default=DEFAULT_CURRENCY,
        validators=[CURRENCY_CODE],
        help_text=_("Quotes and invoices are in this currency, priced from its rate card."),
    )

    class Meta:
        verbose_name = _("client billing")
        verbose_name_plural = _("client billing")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_vat_treatment_display()}"


def _default_json() -> dict[str, Any]:
    return {}


class Quote(models.Model):
    """An issued quote: priced from a course design, numbered Q-YYYY-NNNN, its PDF kept as sent.

    Nothing on an issued quote changes but its status and the client's decision; a correction
    is a new quote that supersedes it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded")

    class TravelSource(models.TextChoices):
        MILES = "miles", _("Miles entered")
        MAP = "map", _("The map: nearest trainers to the venue")

    number = models.CharField(_("number"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    design = models.ForeignKey(
        "courses.CourseDesign",
        verbose_name=_("course design"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    design_version = models.PositiveIntegerField(_("design version"))
    content = models.CharField(_("content"), max_length=60)
    risk_level = models.CharField(_("risk level"), max_length=10)
    supply_date = models.DateField(_("supply date"))
    valid_until = models.DateField(_("valid until"))
    vat_treatment = models.CharField(
        _("VAT treatment"), max_length=20, choices=ClientBilling.VatTreatment.choices
    )
    request = models.JSONField(_("pricing request"), default=_default_json)
    priced = models.JSONField(_("priced"), default=_default_json)
    net = models.DecimalField(_("net"), max_digits=12, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    gross = models.DecimalField(_("gross"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="GBP")
    purchase_order = models.CharField(_("purchase order number"), max_length=60, blank=True)
    provider_vat_number = models.CharField(_("provider's VAT number"), max_length=20, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    cancellation_terms = models.TextField(_("cancellation terms"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    pdf = models.FileField(_("PDF"), upload_to="quotes/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    venue = models.ForeignKey(
        "scheduling.Venue",
        verbose_name=_("venue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    travel_source = models.CharField(
        _("travel worked out from"),
        max_length=10,
        choices=TravelSource.choices,
        default=TravelSource.MILES,
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return self.number
