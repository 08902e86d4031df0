"""Forms for trainer records. Plain forms: the services validate the model and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import User
from breakaway.catalogue.models import Module, ModuleVersion
from breakaway.core.forms import AccessibleForm
from breakaway.trainers.models import (
    UK_LATITUDE,
    UK_LONGITUDE,
    WEEKDAYS,
    QualificationType,
    Unavailability,
    validate_postcode,
)

EVIDENCE_TYPES = ["pdf", "jpg", "jpeg", "png", "heic", "webp"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _evidence_field(label: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=_("A photo or scan of the certificate: PDF, JPG or PNG, up to 10 MB."),
        validators=[FileExtensionValidator(EVIDENCE_TYPES)],
        error_messages={"invalid_extension": _("Choose a PDF, JPG or PNG file")},
    )


def _check_size(upload: Any) -> Any:
    if upload and upload.size > EVIDENCE_MAX_BYTES:
        raise forms.ValidationError(_("The file must be smaller than 10 MB"))
    return upload


class HomeBaseMixin(forms.Form):
    """Home base and working days: what the trainer and the administrator both edit."""

    base_postcode = forms.CharField(
        label=_("Home base postcode"),
        max_length=10,
        required=False,
        validators=[validate_postcode],
        widget=forms.TextInput(attrs={"class": "input--width-10"}),
    )
    base_lat = forms.FloatField(
        label=_("Latitude of the home base"),
        required=False,
        min_value=UK_LATITUDE[0],
        max_value=UK_LATITUDE[1],
        help_text=_(
            "Degrees north, like 53.4808 for Manchester. Search for the postcode on any online "
            "map and copy the first of the two numbers it shows."
        ),
        widget=forms.NumberInput(attrs={"class": "input--width-10", "step": "any"}),
        error_messages={
            "min_value": _("Enter a latitude in the UK, between 49 and 61"),
            "max_value": _("Enter a latitude in the UK, between 49 and 61"),
            "invalid": _("Enter the latitude as a number, like 53.4808"),
        },
    )
    base_lon = forms.FloatField(
        label=_("Longitude of the home base"),
        required=False,
        min_value=UK_LONGITUDE[0],
        max_value=UK_LONGITUDE[1],
        help_text=_(
            "Degrees east, like -2.2426 for Manchester: the second of the two numbers. "
            "Places west of Greenwich have a minus sign."
        ),
        widget=forms.NumberInput(attrs={"class": "input--width-10", "step": "any"}),
        error_messages={
            "min_value": _("Enter a longitude in the UK, between -8.7 and 2"),
            "max_value": _("Enter a longitude in the UK, between -8.7 and 2"),
            "invalid": _("Enter the longitude as a number, like -2.2426"),
        },
    )
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The days of the week they can be booked to train."),
        error_messages={"required": _("Choose at least one working day")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("base_lat"), data.get("base_lon")
        if (lat is None) != (lon is None):
            missing = "base_lon" if lon is None else "base_lat"
            if not self.has_error(missing):
                self.add_error(missing, _("Enter both the latitude and the longitude, or neither"))
        return data


class TrainerOwnProfileForm(AccessibleForm, HomeBaseMixin):
    """What a trainer may change about themselves: where they start from and when they work."""


class TrainerProfileForm(AccessibleForm, HomeBaseMixin):
    """The administrator's view of a trainer: everything the rota uses."""

    max_days_per_week = forms.IntegerField(
        label=_("Most days a week"),
        min_value=1,
        max_value=7,
        widget=forms.NumberInput(attrs={"class": "input--width-5"}),
        error_messages={"required": _("Enter the most days a week they train, like 4")},
    )
    cpd_hours_required = forms.DecimalField(
        label=_("CPD hours needed every 12 months"),
        min_value=Decimal(0),
        max_value=Decimal(500),
        max_digits=5,
        decimal_places=1,
        help_text=_("The number your accrediting body or your own policy asks for."),
        widget=forms.NumberInput(attrs={"class": "input--width-5", "step": "0.5"}),
        error_messages={"required": _("Enter the CPD hours needed, like 30")},
    )
    modules = forms.MultipleChoiceField(
        label=_("Modules they may teach"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Active: they can be put on the rota"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = ModuleVersion.objects.current().select_related("module")
        self.fields["modules"].choices = [  # type: ignore[attr-defined]
            (v.module.code, v.title)
            for v in versions.order_by("phase", "module__position", "module__code")
        ]

    def clean_modules(self) -> list[Module]:
        codes = self.cleaned_data.get("modules") or []
        return list(Module.objects.filter(code__in=codes))


class TrainerPickForm(AccessibleForm):
    """Set up a profile for someone who already has a trainer account."""

    prefix = "pick"
    user = forms.ModelChoiceField(
        label=_("Trainer"),
        queryset=User.objects.none(),
        empty_label=_("Choose a trainer"),
        error_messages={"required": _("Choose the trainer to set up")},
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = members  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: f"{user} ({user.email})"  # type: ignore[attr-defined]


class TrainerInviteForm(AccessibleForm):
    """Invite a new trainer by e-mail."""

    prefix = "invite"
    autocomplete = {"full_name": "off", "email": "off"}
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the trainer’s full name")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter the trainer’s e-mail address"),
            "invalid": _("Enter an e-mail address, like name@example.com"),
        },
    )


class QualificationForm(AccessibleForm):
    type = forms.ModelChoiceField(
        label=_("Qualification"),
        queryset=QualificationType.objects.all(),
        empty_label=_("Choose a qualification"),
        error_messages={"required": _("Choose the qualification")},
    )
    awarding_body = forms.CharField(
        label=_("Awarding body"),
        max_length=200,
        required=False,
        help_text=_("Who issued it, like Highfield or City & Guilds."),
    )
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=100, required=False
    )
    achieved_on = forms.DateField(
        label=_("Date achieved"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date as day, month and year, like 27/11/2026")},
    )
    expires_on = forms.DateField(
        label=_("Expiry date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave blank only for a qualification that never expires."),
        error_messages={"invalid": _("Enter the date as day, month and year, like 27/11/2026")},
    )
    evidence = _evidence_field(_("Certificate or other evidence"))

    def clean_evidence(self) -> Any:
        return _check_size(self.cleaned_data.get("evidence"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("type")
        needs_expiry = kind is not None and kind.expires and not data.get("expires_on")
        if needs_expiry and not self.has_error("expires_on"):
            self.add_error("expires_on", _("Enter the date it expires, like 27/11/2027"))
        return data


class CpdEntryForm(AccessibleForm):
    done_on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date of the CPD, like 27/11/2026"),
            "invalid": _("Enter the date as day, month and year, like 27/11/2026"),
        },
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal(200),
        max_digits=5,
        decimal_places=1,
        help_text=_("In hours and tenths, like 3.5 for three and a half hours."),
        widget=forms.NumberInput(attrs={"class": "input--width-5", "step": "0.5"}),
        error_messages={
            "required": _("Enter the hours, like 3.5"),
            "min_value": _("Enter at least half an hour"),
        },
    )
    activity = forms.CharField(
        label=_("What you did"),
        max_length=300,
        help_text=_("Like “Refresher in restrictive-practice law, run by the ICM”."),
        error_messages={"required": _("Enter what the CPD was")},
    )
    evidence = _evidence_field(_("Evidence"))

    def clean_done_on(self) -> Any:
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past"))
        return done_on

    def clean_evidence(self) -> Any:
        return _check_size(self.cleaned_data.get("evidence"))


class UnavailabilityForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=_("Why you are not available"),
        choices=Unavailability.Kind.choices,
        widget=forms.RadioSelect,
        initial=Unavailability.Kind.LEAVE,
        help_text=_("Blocked: any other reason you cannot be booked, like another job."),
        error_messages={"required": _("Choose leave or blocked")},
    )
    starts_on = forms.DateField(
        label=_("First day"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the first day, like 27/11/2026"),
            "invalid": _("Enter the date as day, month and year, like 27/11/2026"),
        },
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        help_text=_("The same as the first day for a single day."),
        error_messages={
            "required": _("Enter the last day, like 28/11/2026"),
            "invalid": _("Enter the date as day, month and year, like 27/11/2026"),
        },
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day must be on or after the first day"))
        return data
