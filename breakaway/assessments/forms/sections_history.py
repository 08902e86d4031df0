"""Sections 5 to 7: the training staff have had, the flashpoints, and recent serious incidents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from breakaway.assessments import taxonomy
from breakaway.assessments.forms.base import (
    EARLIEST_YEAR,
    NONE,
    NOT_ANSWERED,
    REFRESHER_INTERVALS,
    TRAINING,
    YES_NO,
    YES_NO_DONT_KNOW,
    QuestionForm,
    SummaryRow,
    _checkboxes,
    _CheckedCharField,
    _CheckedIntegerField,
    _CheckedTypedChoiceField,
    _choices,
    _exclusive_none,
    _radios,
    _require,
    _text,
)

# 5 Existing training ----------------------------------------------------------------------------


class TrainingForm(QuestionForm):
    training = _checkboxes(
        _("What training in this area have your staff had?"),
        TRAINING,
        _("Choose the training your staff have had, or “None of these”"),
    )
    training_other = _text(
        _("Any other training, or details?"),
        rows=3,
        help_text=_("For example, who provided it and how long the course was."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _exclusive_none(
            self,
            "training",
            _("Choose either “None of these” or the training your staff have had, not both"),
        )
        return data


def had_training(answers: Mapping[str, Any]) -> bool:
    return answers.get("training") != [NONE]


class RefreshedForm(QuestionForm):
    refreshed_month = _CheckedTypedChoiceField(
        label=_("Month"),
        choices=[("", _("Choose a month")), *((str(k), v) for k, v in MONTHS.items())],
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a month from the list")},
    )
    refreshed_year = _CheckedIntegerField(
        label=_("Year"),
        error_messages={"invalid": _("Enter the year as 4 digits, like 2024")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input--width-5"}
        ),
    )
    refreshed_unknown = forms.BooleanField(label=_("I do not know"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        month, year = data.get("refreshed_month"), data.get("refreshed_year")
        today = timezone.localdate()
        if year is not None and not EARLIEST_YEAR <= year <= today.year:
            self.add_error(
                "refreshed_year",
                _("Enter a year between %(first)s and %(last)s")
                % {"first": EARLIEST_YEAR, "last": today.year},
            )
        elif month and year and (year, month) > (today.year, today.month):
            self.add_error("refreshed_month", _("The date must be this month or in the past"))
        if data.get("refreshed_unknown"):
            if month or year:
                self.add_error(
                    "refreshed_unknown",
                    _("Enter the month and year, or choose “I do not know”, not both"),
                )
            return data
        if not self.partial and not self.errors:
            if not month and not year:
                self.add_error(
                    "refreshed_month",
                    _("Enter when the training was last refreshed, or choose “I do not know”"),
                )
            elif not month:
                self.add_error("refreshed_month", _("Choose the month"))
            elif not year:
                self.add_error("refreshed_year", _("Enter the year"))
        return data

    @classmethod
    def summary(cls, answers: Mapping[str, Any]) -> list[SummaryRow]:
        month, year = answers.get("refreshed_month"), answers.get("refreshed_year")
        if answers.get("refreshed_unknown"):
            line = str(_("Not known"))
        elif month and year:
            line = f"{MONTHS.get(month, '')} {year}"
        else:
            line = str(NOT_ANSWERED)
        label = str(_("When the training was last refreshed"))
        return [SummaryRow(label, [line], "id_refreshed_month")]


class RefresherIntervalForm(QuestionForm):
    refresher_interval = _radios(
        _("How often would you like staff to refresh this training?"),
        REFRESHER_INTERVALS,
        _("Choose how often staff should refresh the training"),
        help_text=_(
            "Skills fade over months without practice. Some employers and standards set their "
            "own interval; your advisor can talk this through with you."
        ),
    )
    refresher_interval_other = _CheckedCharField(
        label=_("If something else, how often?"),
        max_length=100,
        error_messages={"max_length": _("Your answer must be 100 characters or fewer")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("refresher_interval") == "other":
            _require(self, "refresher_interval_other", _("Enter how often staff should refresh"))
        else:
            data["refresher_interval_other"] = ""
        return data


# 6 Flashpoints ----------------------------------------------------------------------------------


class FlashpointsForm(QuestionForm):
    flashpoints = _checkboxes(
        _("Which situations most often lead to aggression or violence?"),
        [*_choices(taxonomy.FLASHPOINTS), (NONE, _("None of these"))],
        _("Choose at least one situation, or “None of these”"),
    )
    flashpoints_other = _text(
        _("Anything else that sets off aggression or violence?"),
        help_text=_("Describe situations, not people. Do not include any names."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _exclusive_none(
            self,
            "flashpoints",
            _("Choose either “None of these” or the situations, not both"),
        )
        return data


# 7 Recent serious incidents ---------------------------------------------------------------------


class SeriousIncidentsForm(QuestionForm):
    serious_incidents = _radios(
        _("In the last 12 months, has anyone been seriously hurt, or nearly so, by aggression?"),
        YES_NO,
        _("Choose yes if there has been a serious incident in the last 12 months"),
        help_text=_("This includes staff, the people you care for and visitors."),
    )
    serious_incidents_description = _text(
        _("If yes, briefly, what happened?"),
        required=True,
        field_class=_CheckedCharField,
        help_text=_("A sentence or two about each incident is enough."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("serious_incidents") == "yes":
            _require(
                self,
                "serious_incidents_description",
                _("Describe briefly what happened, without any names"),
            )
        else:
            data["serious_incidents_description"] = ""
        return data


class RiddorForm(QuestionForm):
    riddor_reported = _radios(
        _("In the last 12 months, have you made any RIDDOR reports about violence at work?"),
        YES_NO_DONT_KNOW,
        _("Choose whether you have made a RIDDOR report in the last 12 months"),
        help_text=_(
            "RIDDOR is the law that says employers must report some injuries at work to the "
            "Health and Safety Executive (HSE), such as an injury that keeps someone off work "
            "for more than 7 days."
        ),
    )


class RestrictiveInterventionForm(QuestionForm):
    restrictive_intervention_used = _radios(
        _("In the last 12 months, have staff had to hold, restrain or seclude anyone?"),
        YES_NO,
        _("Choose yes if staff have had to hold, restrain or seclude anyone"),
        help_text=_("This is sometimes called restrictive intervention or physical intervention."),
    )
