"""What every question page shares: the answers' choices and limits, the field helpers, the
`QuestionForm` base class and its "Check your answers" rows (`SummaryRow`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation
from breakaway.core.forms import AccessibleForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Promise

MAX_HEADCOUNT = 100_000
MAX_SITES = 1_000
MAX_TEXT = 2_000
MAX_STAFF_GROUPS = 8
EARLIEST_YEAR = 1990

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_NOT_SURE = [*YES_NO, ("not_sure", _("Not sure"))]
YES_NO_DONT_KNOW = [*YES_NO, ("dont_know", _("I do not know"))]
YES_NO_DRAFT = [*YES_NO, ("draft", _("In draft"))]
LONE_WORKING = [("never", _("Never")), ("sometimes", _("Sometimes")), ("often", _("Often"))]
SHIFT_PATTERNS = [
    ("day", _("Days only")),
    ("shifts", _("Shifts including nights")),
    ("variable", _("It varies")),
]
TRAINING = [
    ("conflict_resolution", _("Conflict resolution or de-escalation")),
    ("breakaway", _("Breakaway (getting free from a grab or hold)")),
    ("physical_intervention", _("Physical intervention or restraint")),
    ("personal_safety", _("Personal safety and lone working")),
    ("none", _("None of these")),
]
REFRESHER_INTERVALS = [
    ("6", _("Every 6 months")),
    ("12", _("Every 12 months")),
    ("24", _("Every 2 years")),
    ("36", _("Every 3 years")),
    ("other", _("Something else")),
]
# The level of physical practice, each with the plain explanation shown under it.
PHYSICAL_LEVELS = [
    ("none", _("None")),
    ("light", _("Light")),
    ("moderate", _("Moderate")),
    ("full", _("Full")),
]
PHYSICAL_LEVEL_HINTS = {
    "none": _("Talking, listening and moving around the room. Nobody touches anyone."),
    "light": _("Standing, stepping away and simple arm movements, like freeing a wrist."),
    "moderate": _("Practising releases from grabs and holds with a partner, standing up."),
    "full": _(
        "The full range, including releases from strangles and bear hugs, and getting up "
        "from the floor."
    ),
}
INCIDENT_DATA = [
    ("yes", _("Yes, I will upload our incident records")),
    ("later", _("Not now: I may send them later")),
]
NONE = "none"
STAFF_NUMBER_MESSAGES = {
    "required": _("Enter the number of staff"),
    "invalid": _("Enter the number of staff as a whole number, like 24"),
    "min_value": _("Enter a number of staff of 1 or more"),
    "max_value": _("Enter a number of staff of 100,000 or fewer"),
}
NOT_ANSWERED = _("Not answered")


def _choices(mapping: Mapping[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())


def _radios(
    label: Promise,
    choices: list[Any],
    required_message: Promise,
    field_class: type[forms.ChoiceField] = forms.ChoiceField,
    **extra: Any,
) -> Any:
    return field_class(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": required_message,
        },
        **extra,
    )


def _checkboxes(label: Promise, choices: list[Any], required_message: Promise, **extra: Any) -> Any:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=extra.pop("help_text", _("Select all that apply.")),
        error_messages={
            "required": required_message,
            "invalid_choice": _("Choose from the list"),
        },
        **extra,
    )


def _number(
    label: Promise,
    maximum: int,
    messages: Mapping[str, Promise],
    field_class: type[forms.IntegerField] = forms.IntegerField,
    **extra: Any,
) -> Any:
    """A whole number from 1 to `maximum`; `messages` for required, invalid, min and max."""
    return field_class(
        label=label,
        min_value=1,
        max_value=maximum,
        error_messages=messages,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input--width-5"}
        ),
        **extra,
    )


def _text(
    label: Promise,
    *,
    required: bool = False,
    rows: int = 4,
    field_class: type[forms.CharField] = forms.CharField,
    **extra: Any,
) -> Any:
    error_messages = extra.pop("error_messages", {})
    return field_class(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _("Your answer must be 2,000 characters or fewer"),
            **error_messages,
        },
        **extra,
    )


@dataclass(frozen=True)
class SummaryRow:
    """One row of "Check your answers": the question, the answer's lines, where to change it."""

    label: str
    lines: list[str]
    field_id: str


class _FormChecked(forms.Field):
    """A question shown without "(optional)" whose blank answer the form itself judges: a
    blank staff-group row is skipped, a date needs its month and year together, and a
    follow-up question is needed only after some answers."""

    def validate(self, value: Any) -> None:
        if value not in self.empty_values:
            super().validate(value)


class _CheckedCharField(_FormChecked, forms.CharField):
    pass


class _CheckedIntegerField(_FormChecked, forms.IntegerField):
    pass


class _CheckedChoiceField(_FormChecked, forms.ChoiceField):
    pass


class _CheckedTypedChoiceField(_FormChecked, forms.TypedChoiceField):
    pass


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


class QuestionForm(AccessibleForm):
    """One question page of the needs assessment.

    With `partial=True` (Save and come back later) questions may be left blank, but what is
    entered must still be valid. A page is complete when its stored answers pass without
    `partial`, so every page asks at least one required question.
    """

    # Answers are checked on the server, with messages that say how to fix them (the GOV.UK
    # way), not by the browser's own bubbles.
    use_required_attribute = False

    def __init__(self, *args: Any, partial: bool = False, **kwargs: Any) -> None:
        self.partial = partial
        super().__init__(*args, **kwargs)

    def add_error(self, field: str | None, error: Any) -> None:
        # A draft leaves out what is blank; the questions still read as required ones.
        if self.partial and getattr(error, "code", None) == "required":
            return
        super().add_error(field, error)

    @classmethod
    def answer_keys(cls) -> tuple[str, ...]:
        """The keys this page owns in its section's answers."""
        return tuple(cls.base_fields)

    @classmethod
    def data_from_answers(cls, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Stored answers as form data: to show them again, or to check they are complete."""
        return {key: answers[key] for key in cls.answer_keys() if key in answers}

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, Any]:
        """Suggested answers before the page has been answered (what we already know)."""
        return {}

    @classmethod
    def is_complete(cls, answers: Mapping[str, Any]) -> bool:
        return cls(data=cls.data_from_answers(answers)).is_valid()

    def to_answers(self) -> dict[str, Any]:
        """The cleaned answers as JSON, leaving out the questions left blank."""
        keys = self.answer_keys()
        return {k: v for k, v in self.cleaned_data.items() if k in keys and not _is_blank(v)}

    @classmethod
    def summary(cls, answers: Mapping[str, Any]) -> list[SummaryRow]:
        """The page's rows for "Check your answers"; optional questions left blank are left out."""
        return [
            SummaryRow(str(field.label), _display(field, answers.get(name)), f"id_{name}")
            for name, field in cls.base_fields.items()
            if field.required or not _is_blank(answers.get(name))
        ]


def _display(field: forms.Field, value: Any) -> list[str]:
    if _is_blank(value):
        return [str(NOT_ANSWERED)]
    labels = {str(k): str(v) for k, v in getattr(field, "choices", [])}
    if isinstance(value, list):
        return [labels.get(str(v), str(v)) for v in value]
    if isinstance(value, bool):
        return [str(_("Yes"))]
    if isinstance(value, int):
        return [intcomma(value)]
    return [labels.get(str(value), str(value))]


def _exclusive_none(form: QuestionForm, name: str, message: Promise) -> None:
    """ "None of these" cannot be chosen with anything else."""
    chosen = form.cleaned_data.get(name) or []
    if NONE in chosen and len(chosen) > 1:
        form.add_error(name, message)


def _require(form: QuestionForm, name: str, message: Promise) -> None:
    """A question that becomes required because of another answer (not when saving a draft)."""
    if not form.partial and not form.has_error(name) and _is_blank(form.cleaned_data.get(name)):
        form.add_error(name, message)
