"""Forms for invoices, payments, guarantee claims, decisions and refunds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.quotes.models import GuaranteeClaim, Invoice

DATE_HINT = _("For example, 27/11/2026")


def _date_field(label: Any, required_message: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=DATE_HINT,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": "input--width-10"}, format="%d/%m/%Y"),
        error_messages={
            "required": required_message,
            "invalid": _("Enter the date as day, month and year, like 27/11/2026"),
        },
    )


class InvoiceCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Which invoice?"),
        choices=[
            (Invoice.Kind.DEPOSIT, _("A deposit, before the course")),
            (Invoice.Kind.FINAL, _("The invoice after the course (less any deposit)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a deposit or the invoice after the course")},
    )
    deposit_percent = forms.DecimalField(
        label=_("Deposit (% of the quote's net)"),
        help_text=_("Only for a deposit, like 25."),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("99.99"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "input--width-5", "step": "0.01"}),
    )
    purchase_order = forms.CharField(
        label=_("Client's purchase order number"), max_length=60, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = data.get("deposit_percent") is None and "deposit_percent" not in self.errors
        if data.get("kind") == Invoice.Kind.DEPOSIT and missing:
            self.add_error("deposit_percent", _("Enter the deposit as a percentage, like 25"))
        return data


class InvoicePaidForm(forms.Form):
    prefix = "paid"
    paid_on = _date_field(_("Date paid"), _("Enter the date the payment arrived"))
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        error_messages={"required": _("Enter the payment's reference, like the BACS reference")},
    )


class ClaimForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("How much are you claiming back?"),
        choices=GuaranteeClaim.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose all of the invoice or part of it")},
    )
    amount = forms.DecimalField(
        label=_("Amount, including VAT"),
        help_text=_("Only when you claim part of the invoice, like 250.00."),
        required=False,
        min_value=Decimal("0.01"),
        decimal_places=2,
        max_digits=12,
        widget=forms.NumberInput(attrs={"class": "input--width-10", "step": "0.01"}),
    )
    reason = forms.CharField(
        label=_("Why are you not satisfied?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": _("Enter why you are not satisfied with the training")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = data.get("amount") is None and "amount" not in self.errors
        if data.get("scope") == GuaranteeClaim.Scope.PART and missing:
            self.add_error("amount", _("Enter the amount you are claiming, like 250"))
        return data


class ClaimDecisionForm(forms.Form):
    prefix = "decision"
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            ("approve", _("Approve: issue a credit note for the amount claimed")),
            ("reject", _("Reject the claim")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to approve or reject the claim")},
    )
    note = forms.CharField(
        label=_("Note to the client"),
        help_text=_("Needed when you reject the claim: say why."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Enter why the claim is rejected; the client sees it"))
        return data


class RefundForm(forms.Form):
    prefix = "refund"
    refunded_on = _date_field(_("Date refunded"), _("Enter the date the refund was paid"))
    method = forms.ChoiceField(
        label=_("How was it refunded?"),
        choices=GuaranteeClaim.RefundMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the refund was paid")},
    )
    reference = forms.CharField(
        label=_("Refund reference"),
        max_length=100,
        error_messages={"required": _("Enter the refund's reference, like the BACS reference")},
    )
