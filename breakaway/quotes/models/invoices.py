"""Invoices, satisfaction-guarantee claims and credit notes.

An issued invoice or credit note never changes: its lines and amounts are fixed when it is
numbered and its PDF is stored then. Afterwards only facts about it are recorded (the
payment on an invoice; the decision and the refund on a claim). A correction is a new
document: a credit note against the invoice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.quotes.models.quotes import DEFAULT_CURRENCY, ClientBilling


def _no_lines() -> list[dict[str, Any]]:
    return []


def _money_field(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2)


class Invoice(models.Model):
    """An invoice for an accepted quote: a deposit before the course, or the rest after it."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Deposit")
        FINAL = "final", _("After the course")

    number = models.CharField(_("number"), max_length=20, unique=True)
    quote = models.ForeignKey(
        "quotes.Quote", verbose_name=_("quote"), on_delete=models.PROTECT, related_name="invoices"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    deposit_percent = models.DecimalField(
        _("deposit (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # [{"description": "…", "amount": "123.45"}]: amounts as decimal strings, never floats.
    lines = models.JSONField(_("lines"), default=_no_lines)
    net = _money_field(_("net"))
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=6, decimal_places=4)
    vat = _money_field(_("VAT"))
    gross = _money_field(_("gross"))
    currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)
    vat_treatment = models.CharField(
        _("VAT treatment"), max_length=20, choices=ClientBilling.VatTreatment.choices
    )
    supply_date = models.DateField(_("supply date"))
    course_ends_on = models.DateField(_("last day of the course"))
    guarantee_until = models.DateField(_("satisfaction guarantee until"))
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    purchase_order = models.CharField(_("purchase order number"), max_length=60, blank=True)
    provider_vat_number = models.CharField(_("provider's VAT number"), max_length=20, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"))
    pdf = models.FileField(_("PDF"), upload_to="invoices/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The payment, recorded once; the invoice itself is not changed by it.
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payment recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            # One deposit and one invoice after the course per quote, even when two people
            # press the button at once.
            models.UniqueConstraint(fields=["quote", "kind"], name="quotes_invoice_one_per_kind"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_paid and self.due_on < timezone.localdate()


class GuaranteeClaim(models.Model):
    """A client's claim under the satisfaction guarantee, for all or part of an invoice."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Waiting for a decision")
        APPROVED = "approved", _("Approved: refund due")
        REJECTED = "rejected", _("Rejected")
        REFUNDED = "refunded", _("Refunded")

    class Scope(models.TextChoices):
        ALL = "all", _("All of the invoice")
        PART = "part", _("Part of the invoice")

    class RefundMethod(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CARD = "card", _("Card refund")
        CHEQUE = "cheque", _("Cheque")
        OTHER = "other", _("Other")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="claims"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="guarantee_claims",
    )
    scope = models.CharField(_("how much"), max_length=10, choices=Scope.choices)
    # What the client asks back, VAT included (for "all": what was left to credit then).
    amount = _money_field(_("amount claimed"))
    reason = models.TextField(_("reason"))
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CLAIMED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    refunded_on = models.DateField(_("refunded on"), null=True, blank=True)
    refund_method = models.CharField(
        _("refund method"), max_length=20, choices=RefundMethod.choices, blank=True
    )
    refund_reference = models.CharField(_("refund reference"), max_length=100, blank=True)
    refund_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refund recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-claimed_at", "-id"]
        verbose_name = _("guarantee claim")
        verbose_name_plural = _("guarantee claims")
        constraints = [
            # One claim at a time on an invoice waits for a decision.
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(status="claimed"),
                name="quotes_one_open_claim_per_invoice",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="quotes_claim_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk} on {self.invoice_id}"

    @property
    def days_to_refund(self) -> int | None:
        """Whole days from the claim to the refund; None until it is refunded."""
        if self.refunded_on is None:
            return None
        return (self.refunded_on - timezone.localdate(self.claimed_at)).days


class CreditNote(models.Model):
    """A credit note reversing all or part of an invoice; amounts are positive credits."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="credit_notes"
    )
    claim = models.OneToOneField(
        GuaranteeClaim,
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_note",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    lines = models.JSONField(_("lines"), default=_no_lines)
    net = _money_field(_("net"))
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=6, decimal_places=4)
    vat = _money_field(_("VAT"))
    gross = _money_field(_("gross"))
    currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)
    reason = models.TextField(_("reason"))
    issued_on = models.DateField(_("issued"))
    provider_vat_number = models.CharField(_("provider's VAT number"), max_length=20, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="credit-notes/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(gross=models.F("net") + models.F("vat")),
                name="quotes_credit_note_gross_is_net_plus_vat",
            ),
            models.CheckConstraint(condition=Q(gross__gt=0), name="quotes_credit_note_positive"),
        ]

    def __str__(self) -> str:
        return self.number
