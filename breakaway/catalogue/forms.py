"""Editing a module (which saves a new version) and recording its legal sign-off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.assessments.taxonomy import RISK_AREAS
from breakaway.catalogue import content
from breakaway.catalogue.models import (
    Intensity,
    LearningOutcome,
    Method,
    ModuleVersion,
    Phase,
    Technique,
)
from breakaway.core.forms import AccessibleForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Promise

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


def _text(
    label: Promise, *, required: bool = True, max_length: int | None = None, **extra: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        **extra,
    )


class ModuleEditForm(AccessibleForm):
    """Every content field of a module, filled in from the current version."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter the module's title")},
    )
    summary = _text(
        _("What the module covers"),
        help_text=_("Plain English, as attendees and clients will read it."),
        error_messages={"required": _("Enter what the module covers")},
    )
    phase = forms.TypedChoiceField(
        label=_("Where it sits in a course"),
        choices=Phase.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the module sits in a course")},
    )
    typical_minutes = forms.IntegerField(
        label=_("Typical length in minutes"),
        min_value=5,
        max_value=480,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--width-5"}),
        error_messages={
            "required": _("Enter the typical length in minutes, like 45"),
            "invalid": _("Enter the length as a whole number of minutes, like 45"),
            "min_value": _("Enter a length of 5 minutes or more"),
            "max_value": _("Enter a length of 480 minutes (a full day) or less"),
        },
    )
    intensity = forms.TypedChoiceField(
        label=_("How physical is it?"),
        choices=Intensity.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how physical the module is")},
    )
    is_mandatory = forms.BooleanField(
        label=_("Mandatory: every course includes this module"), required=False
    )
    methods = forms.MultipleChoiceField(
        label=_("Teaching methods"),
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one teaching method")},
    )
    trainer_qualifications = forms.MultipleChoiceField(
        label=_("Qualifications the trainers need"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the qualifications a trainer needs")},
    )
    equipment = _text(_("Equipment"), required=False)
    venue = _text(_("Venue needs"), required=False)
    risk_controls = _text(
        _("Risk controls for practice"),
        required=False,
        help_text=_("One control a line. Needed when the module is moderately or highly physical."),
    )
    outcomes = forms.ModelMultipleChoiceField(
        label=_("Learning outcomes"),
        queryset=LearningOutcome.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one learning outcome")},
    )
    techniques = forms.ModelMultipleChoiceField(
        label=_("Techniques taught"),
        queryset=Technique.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    risk_areas = forms.MultipleChoiceField(
        label=_("Risk areas it addresses"),
        choices=list(RISK_AREAS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one risk area the module addresses")},
    )
    standards = forms.MultipleChoiceField(
        label=_("Standards it serves"),
        choices=list(content.STANDARDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_note = forms.CharField(
        label=_("What did you change, and why?"),
        max_length=500,
        help_text=_("The legal reviewer and other designers read this beside the changes."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter what you changed and why"),
            "max_length": _("What you changed must be 500 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, version: ModuleVersion, **kwargs: Any) -> None:
        initial = {name: getattr(version, name) for name in ModuleVersion.CONTENT_FIELDS}
        initial["outcomes"] = list(version.outcomes.all())
        initial["techniques"] = list(version.techniques.all())
        super().__init__(*args, initial=initial, **kwargs)
        # Offer the shipped labels and any this installation's versions already use.
        known = dict.fromkeys([*content.QUALIFICATIONS, *version.trainer_qualifications])
        self.fields["trainer_qualifications"].choices = [(q, q) for q in known]  # type: ignore[attr-defined]

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "change_note"}


def _date(label: Promise, example: str, missing: Promise) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=_("For example, %(example)s") % {"example": example},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "input--width-10"}),
        error_messages={
            "required": missing,
            "invalid": _("Enter the date as day, month and year, like 27/11/2026"),
        },
    )


class SignOffForm(AccessibleForm):
    """The named reviewer's legal sign-off of one version."""

    reviewed_by_name = forms.CharField(
        label=_("Name of the legal reviewer"),
        max_length=200,
        help_text=_("The person who reviewed the content, and their role or firm."),
        error_messages={"required": _("Enter the name of the person who reviewed the module")},
    )
    reviewed_on = _date(_("Date of the review"), "27/11/2026", _("Enter the date of the review"))
    next_review_due = _date(
        _("Next review due"), "27/11/2027", _("Enter when the next review is due")
    )
    confirm = forms.BooleanField(
        label=_("The reviewer has read this version and signed it off"),
        error_messages={"required": _("Confirm that the reviewer has signed off this version")},
    )
