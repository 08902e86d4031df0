"""Forms for answering a questionnaire page, importing paper forms, and loading a client's own
instrument."""

from __future__ import annotations

import json
from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.core.forms import AccessibleForm
from breakaway.evaluation.instruments import InstrumentError, Item, parse_instrument
from breakaway.evaluation.models import InstrumentVersion

SKIP: Final = "skip"
MAX_TEXT: Final = 2000
MAX_RADIOS: Final = 11  # a wider scale is a number box: eleven radios is plenty on a phone
MAX_UPLOAD: Final = 2 * 1024 * 1024


def _whole(value: float | None) -> int:
    return int(value or 0)


def scale_field(item: Item) -> forms.Field:
    """A scale item: radios from min to max and "I would rather not answer" (required, so that
    nobody leaves a gap by mistake), or a number box for a wide scale."""
    low, high = _whole(item.min), _whole(item.max)
    if high - low + 1 > MAX_RADIOS:
        return forms.IntegerField(
            label=item.text,
            help_text=item.hint,
            min_value=low,
            max_value=high,
            required=False,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    choices = [(str(n), str(n)) for n in range(low, high + 1)]
    return forms.ChoiceField(
        label=item.text,
        help_text=item.hint,
        choices=[*choices, (SKIP, _("I would rather not answer"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a number from %(low)s to %(high)s, or I would rather not answer")
            % {"low": low, "high": high}
        },
    )


class QuestionPageForm(AccessibleForm):
    """One page of an instrument. Scale items need a number or an explicit "rather not"; the
    other questions may be left blank. `answers()` gives what to store (None when not given)."""

    def __init__(self, *args: Any, items: tuple[Item, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            if item.type == "scale":
                self.fields[item.id] = scale_field(item)
            elif item.type == "choice":
                self.fields[item.id] = forms.ChoiceField(
                    label=item.text,
                    help_text=item.hint,
                    choices=list(zip(item.options, item.option_texts, strict=True)),
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                self.fields[item.id] = forms.CharField(
                    label=item.text,
                    help_text=item.hint,
                    required=False,
                    max_length=MAX_TEXT,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    @staticmethod
    def initial_from(items: tuple[Item, ...], answers: dict[str, Any]) -> dict[str, Any]:
        """The form's starting values from stored answers (a skipped scale item shows as such)."""
        initial: dict[str, Any] = {}
        for item in items:
            if item.id not in answers:
                continue
            value = answers[item.id]
            if item.type == "scale" and value is None:
                initial[item.id] = SKIP
            elif item.type == "scale" and value is not None:
                initial[item.id] = f"{value:g}" if isinstance(value, float) else str(value)
            else:
                initial[item.id] = value or ""
        return initial

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in self.items:
            value: Any = self.cleaned_data.get(item.id)
            if item.type == "scale":
                if value in (SKIP, None, ""):
                    result[item.id] = None
                else:
                    result[item.id] = int(value)
            else:
                result[item.id] = (value or "").strip() or None
        return result


def answer_text(item: Item, value: Any) -> str:
    """How an answer reads on the check-your-answers page."""
    if value is None or value == "":
        return str(_("Not answered"))
    if item.type == "choice":
        index = item.option_index(str(value))
        return item.option_texts[index] if index is not None else str(value)
    return str(value)


class SendForm(AccessibleForm):
    """The check-your-answers page's button: sending carries nothing but the click."""


class PaperUploadForm(AccessibleForm):
    instrument_version = forms.ModelChoiceField(
        label=_("Which questionnaire are the forms for?"),
        queryset=InstrumentVersion.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the questionnaire the forms are for")},
    )
    file = forms.FileField(
        label=_("Upload the answers as a CSV file"),
        help_text=_(
            "The first row names the columns: person, phase, then each question's id. Person "
            "is the employee number or e-mail address; phase is pre, post or follow_up."
        ),
        error_messages={"required": _("Choose a CSV file to upload")},
    )

    def __init__(self, *args: Any, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument_version"]
        field.queryset = versions  # type: ignore[attr-defined]
        field.label_from_instance = lambda v: f"{v.instrument.name} (version {v.number})"  # type: ignore[attr-defined]

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file must be smaller than 2 MB"))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return str(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file must be a CSV file saved as text"))


class InstrumentForm(AccessibleForm):
    """A client's own instrument: the JSON definition, as a file or pasted, and its licence."""

    definition_file = forms.FileField(
        label=_("Upload the instrument as a JSON file"),
        required=False,
    )
    definition_text = forms.CharField(
        label=_("Or paste the JSON here"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )
    licence_reference = forms.CharField(
        label=_("Licence reference"),
        help_text=_("Who licensed the instrument to you, and the licence's reference or date."),
        max_length=300,
        error_messages={"required": _("Enter the licence reference")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("definition_file")
        text = cleaned.get("definition_text") or ""
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                self.add_error("definition_file", _("The file must be smaller than 2 MB"))
                return cleaned
            text = upload.read().decode("utf-8-sig", errors="replace")
        if not text.strip():
            self.add_error("definition_text", _("Upload a JSON file or paste the JSON"))
            return cleaned
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self.add_error(
                "definition_text",
                _("This is not valid JSON: %(error)s") % {"error": error},
            )
            return cleaned
        try:
            parse_instrument(data)
        except InstrumentError as error:
            for problem in error.problems:
                self.add_error("definition_text", problem)
            return cleaned
        cleaned["definition"] = data
        return cleaned


class AttachForm(AccessibleForm):
    """Add a client's own instrument to one of the engagement's questionnaires."""

    questionnaire = forms.ChoiceField(
        label=_("Which questionnaire?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the questionnaire")},
    )
    instrument_version = forms.ModelChoiceField(
        label=_("Which of the client's instruments?"),
        queryset=InstrumentVersion.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the instrument")},
    )

    def __init__(self, *args: Any, questionnaires: list[Any], versions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = [  # type: ignore[attr-defined]
            (str(q.pk), q.get_phase_display()) for q in questionnaires
        ]
        self.by_pk = {str(q.pk): q for q in questionnaires}
        field = self.fields["instrument_version"]
        field.queryset = versions  # type: ignore[attr-defined]
        field.label_from_instance = lambda v: f"{v.instrument.name} (version {v.number})"  # type: ignore[attr-defined]
