"""Forms for the incident import: the upload, the choice of columns, what to do with rows that
have errors, and the value review."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from breakaway.assessments import incident_import as reader
from breakaway.assessments import taxonomy
from breakaway.core.forms import AccessibleForm, widget_css_class

MAX_UPLOAD_BYTES: Final = 200 * 1024 * 1024
ACCEPTED_FILES: Final = ".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods"


class IncidentUploadForm(AccessibleForm):
    file = forms.FileField(
        label=_("Upload your incident records"),
        help_text=_(
            "A CSV or Excel file (.csv or .xlsx) exported from your incident system, such as "
            "Datix or a spreadsheet you keep yourselves, up to 200 MB. Two years of incidents "
            "give the clearest picture. Report titles and totals in the file are fine."
        ),
        error_messages={
            "required": _("Choose the file with your incident records"),
            "empty": _("The file you chose is empty: export the incidents again and upload that"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )
    keep_descriptions = forms.BooleanField(
        label=_("Keep the free-text descriptions"),
        required=False,
        help_text=_(
            "Descriptions of what happened can name patients, pupils, residents or staff. "
            "Only tick this if your data protection policy allows you to share them with us. "
            "The other columns are enough for the incident profile."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s: the largest we can take is 200 MB. Export a shorter "
                    "period, or only the columns you need, and upload that"
                )
                % {"size": filesizeformat(upload.size)}
            )
        return upload


# What each of our fields is, where a label is not enough.
MAPPING_HINTS: Final = {
    "reference": _("The incident's own number or ID, so that a file imported twice is not "
                   "counted twice."),
    "occurred_at": _("Choose this if one column holds both the date and the time. Otherwise "
                     "choose the date and time columns below."),
    "occurred_on": _("The column with the date the incident happened."),
    "occurred_time": _("Only if the time is in a column of its own."),
    "location_type": _("The kind of place, like ward, corridor or car park. If there is no "
                       "such column, we work it out from the location."),
    "perpetrator_type": _("Who caused the incident, like patient, visitor or colleague."),
    "days_lost": _("Days off work because of the incident."),
    "riddor": _("RIDDOR is the Reporting of Injuries, Diseases and Dangerous Occurrences "
                "Regulations. Choose the column that says whether the incident was reported "
                "under RIDDOR."),
}  # fmt: skip


class IncidentMappingForm(AccessibleForm):
    """One choice of the file's columns for each of our fields."""

    def __init__(
        self, *args: Any, headers: Sequence[str], keep_descriptions: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        choices = [("", _("Not in this file")), *((h, h) for h in self.headers)]
        for name in reader.FIELDS:
            hint = MAPPING_HINTS.get(name, "")
            if name == "description" and not keep_descriptions:
                hint = _("You chose not to keep the descriptions, so they will not be imported.")
            field = forms.ChoiceField(
                label=capfirst(reader.FIELD_LABELS[name]),
                choices=choices,
                required=False,
                help_text=hint,
                error_messages={
                    "invalid_choice": _("Choose one of the file's columns, or “Not in this file”")
                },
            )
            field.widget.attrs["class"] = widget_css_class(field.widget)
            self.fields[name] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = {name: cleaned[name] for name in reader.FIELDS if cleaned.get(name)}
        taken: dict[str, str] = {}
        for name, header in chosen.items():
            if header in taken:
                self.add_error(
                    name,
                    _(
                        "You chose “%(column)s” for %(other)s too: choose each column for one "
                        "field only"
                    )
                    % {"column": header, "other": reader.FIELD_LABELS[taken[header]]},
                )
            else:
                taken[header] = name
        if "occurred_at" in chosen and "occurred_on" in chosen:
            self.add_error(
                "occurred_at",
                _(
                    "Choose the date once: as the date and time of the incident (one column "
                    "with both) or as the date of the incident, not both"
                ),
            )
        elif "occurred_at" not in chosen and "occurred_on" not in chosen:
            self.add_error(
                "occurred_on", _("Choose the column that holds the date of the incident")
            )
        if "occurred_time" in chosen and "occurred_at" in chosen:
            self.add_error(
                "occurred_time",
                _(
                    "A separate time column goes with the date of the incident: choose the date "
                    "column there instead of as the date and time"
                ),
            )
        if not self.errors:
            # The reader is the judge of a mapping: anything else it finds is said as it is.
            for problem in reader.check_mapping(chosen, self.headers):
                self.add_error(None, problem)
        cleaned["mapping"] = chosen
        return cleaned


class IncidentPreviewForm(AccessibleForm):
    on_errors = forms.ChoiceField(
        label=_("If some rows have errors"),
        choices=[
            ("stop", _("Stop and import nothing, so that I can fix the file")),
            ("skip", _("Import the valid rows and skip the rows with errors")),
        ],
        initial="stop",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to do if some rows have errors")},
        help_text=_("The rest of the file is checked as it is imported."),
    )


class ValueCodeForm(AccessibleForm):
    """One value as recorded, and the code a person chooses for it."""

    raw_value = forms.CharField(widget=forms.HiddenInput, max_length=200)
    was = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    code = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, field_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = value_code_choices(field_name)  # type: ignore[attr-defined]

    @property
    def changed_code(self) -> bool:
        return self.cleaned_data["code"] != self.cleaned_data["was"]


def value_code_choices(field_name: str) -> list[tuple[str, Any]]:
    return [
        ("", _("Not recognised")),
        *((term.code, term.label) for term in taxonomy.TERMS[field_name]),
    ]


ValueCodeFormSet = forms.formset_factory(ValueCodeForm, extra=0, max_num=500, absolute_max=500)
