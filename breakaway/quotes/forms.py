"""Forms for quotes: making one from a design, revising it, and the client's decision."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from breakaway.scheduling.models import Venue

TRAVEL_ROWS = 3


class _TravelForm(forms.Form):
    """Who travels how far: miles typed per trainer, or worked out from the venue on the map."""

    travel_source = forms.ChoiceField(
        label=_("How should travel be worked out?"),
        choices=[
            ("miles", _("From the miles I enter for each trainer")),
            ("map", _("From the map: the nearest trainers to the venue, by road")),
        ],
        widget=forms.RadioSelect,
        initial="miles",
        required=False,
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("Choose the venue"),
        help_text=_("One of the client's sites with its place on the map."),
    )

    def __init__(self, *args: Any, venues: QuerySet[Venue] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        venue = self.fields["venue"]
        if isinstance(venue, forms.ModelChoiceField):
            venue.queryset = venues if venues is not None else Venue.objects.none()
        for row in range(1, TRAVEL_ROWS + 1):
            self.fields[f"trainer_{row}"] = forms.CharField(
                label=_("Trainer %(row)s: name") % {"row": row}, max_length=80, required=False
            )
            self.fields[f"miles_{row}"] = forms.DecimalField(
                label=_("Trainer %(row)s: miles each way") % {"row": row},
                min_value=Decimal(0),
                max_digits=6,
                decimal_places=1,
                required=False,
                widget=forms.NumberInput(attrs={"class": "input--width-5", "step": "0.1"}),
            )
            self.fields[f"days_{row}"] = forms.IntegerField(
                label=_("Trainer %(row)s: days") % {"row": row},
                min_value=1,
                max_value=30,
                required=False,
                widget=forms.NumberInput(attrs={"class": "input--width-5"}),
            )

    def travel_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"trainer_{row}"], self[f"miles_{row}"], self[f"days_{row}"]]
            for row in range(1, TRAVEL_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["travel_from_map"] = data.get("travel_source") == "map"
        travel: list[dict[str, Any]] = []
        data["travel"] = travel
        if data["travel_from_map"]:
            if not data.get("venue"):
                self.add_error("venue", _("Choose the venue, so that travel can be worked out"))
            return data
        for row in range(1, TRAVEL_ROWS + 1):
            trainer = (data.get(f"trainer_{row}") or "").strip()
            miles = data.get(f"miles_{row}")
            days = data.get(f"days_{row}")
            if not trainer and miles is None and days is None:
                continue
            if not trainer:
                self.add_error(f"trainer_{row}", _("Enter the trainer's name"))
            if miles is None:
                self.add_error(f"miles_{row}", _("Enter the miles each way, like 42"))
            if days is None:
                self.add_error(f"days_{row}", _("Enter the number of days, like 1"))
            if trainer and miles is not None and days is not None:
                travel.append({"trainer": trainer, "one_way_miles": miles, "days": days})
        return data


class QuoteCreateForm(_TravelForm):
    """The content priced, the supply date, who travels how far, and the client's PO."""

    content = forms.ChoiceField(label=_("Course content (rate card price)"))
    supply_date = forms.DateField(
        label=_("Date of the course"),
        help_text=_("The first day of training, like 2026-06-15."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    purchase_order = forms.CharField(
        label=_("Client's purchase order number (optional)"), max_length=60, required=False
    )

    def __init__(self, *args: Any, contents: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        content = self.fields["content"]
        if isinstance(content, forms.ChoiceField):
            content.choices = [(c, c.replace("-", " ").capitalize()) for c in contents]


class QuoteReviseForm(_TravelForm):
    """What a revision may change: the date, travel, the purchase order and the terms."""

    supply_date = forms.DateField(
        label=_("Date of the course"),
        help_text=_("The first day of training, like 2026-06-15."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    purchase_order = forms.CharField(
        label=_("Client's purchase order number"), max_length=60, required=False
    )
    payment_terms_days = forms.IntegerField(
        label=_("Payment terms (days after the invoice)"),
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "input--width-5"}),
        error_messages={"required": _("Enter the payment terms in days, like 30")},
    )
    cancellation_terms = forms.CharField(
        label=_("Cancellation terms"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Enter the cancellation terms")},
    )


class QuoteAcceptForm(forms.Form):
    purchase_order = forms.CharField(
        label=_("Purchase order number"), max_length=60, required=False
    )

    def __init__(self, *args: Any, po_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["purchase_order"]
        field.required = po_required
        field.error_messages["required"] = _("Enter your purchase order number, like PO-12345")
        if not po_required:
            field.label = _("Purchase order number (optional)")


class QuoteDeclineForm(forms.Form):
    prefix = "decline"
    reason = forms.CharField(
        label=_("Why are you declining?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Enter why you are declining, like “Over budget”")},
    )
