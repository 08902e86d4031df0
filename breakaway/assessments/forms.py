"""The needs assessment's question pages, and the advisor's review form.

Each page is a `QuestionForm`: it validates one page of answers and turns them into the
JSON stored under its section's id in `NeedsAssessment.answers` (and back again). The
sections that group the pages are in `assessments/questionnaire.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation, Sector
from breakaway.assessments import taxonomy
from breakaway.core.forms import AccessibleForm, widget_css_class

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


# 1 Your organisation and setting ---------------------------------------------------------------


class SectorForm(QuestionForm):
    sector = _radios(
        _("Which sector does your organisation work in?"),
        Sector.choices,
        _("Choose the sector your organisation works in"),
    )

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, Any]:
        return {"sector": organisation.sector} if organisation.sector else {}


class SettingForm(QuestionForm):
    setting = forms.CharField(
        label=_("What type of setting do your staff work in?"),
        max_length=200,
        help_text=_(
            "For example, an acute hospital, a residential care home, a secondary school or "
            "a supported-housing scheme."
        ),
        error_messages={
            "required": _("Enter the type of setting your staff work in"),
            "max_length": _("The type of setting must be 200 characters or fewer"),
        },
    )


class SizeForm(QuestionForm):
    sites = _number(
        _("How many sites should the training cover?"),
        MAX_SITES,
        {
            "required": _("Enter how many sites the training should cover"),
            "invalid": _("Enter the number of sites as a whole number, like 3"),
            "min_value": _("Enter a number of sites of 1 or more"),
            "max_value": _("Enter a number of sites of 1,000 or fewer"),
        },
        help_text=_("A site is a building or a campus, like a hospital, a care home or a school."),
    )
    headcount = _number(
        _("How many staff work across these sites?"),
        MAX_HEADCOUNT,
        STAFF_NUMBER_MESSAGES,
        help_text=_("An estimate is fine, for example 240."),
    )

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, Any]:
        return {"headcount": organisation.headcount} if organisation.headcount else {}


# 2 The people you care for ----------------------------------------------------------------------


class ServiceUserGroupsForm(QuestionForm):
    service_user_groups = _checkboxes(
        _("Who do your staff work with or care for?"),
        _choices(taxonomy.SERVICE_USER_GROUPS),
        _("Choose at least one group of people your staff work with"),
    )
    service_user_other = _text(
        _("Anyone else?"),
        rows=3,
        help_text=_("For example, people in crisis, or families visiting a ward."),
    )


# 3 Where staff work -----------------------------------------------------------------------------


class EnvironmentsForm(QuestionForm):
    environments = _checkboxes(
        _("Where do your staff work?"),
        _choices(taxonomy.ENVIRONMENTS),
        _("Choose at least one place where your staff work"),
    )


class LoneWorkingForm(QuestionForm):
    lone_working = _radios(
        _("How often do your staff work alone?"),
        LONE_WORKING,
        _("Choose how often your staff work alone"),
        help_text=_(
            "Working alone means without a colleague close by who could help, for example on "
            "a night shift or in the community."
        ),
    )


class HomeVisitsForm(QuestionForm):
    home_visits = _radios(
        _("Do your staff visit people in their own homes?"),
        YES_NO,
        _("Choose yes if your staff visit people at home"),
    )


# 4 Staff groups ---------------------------------------------------------------------------------


class StaffGroupsForm(QuestionForm):
    """A short list of staff groups, one row each; a row is removed by clearing it.

    Without JavaScript, "Add another group" saves the page and shows it again with one more
    blank row, up to MAX_STAFF_GROUPS rows.
    """

    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        count = self._row_count()
        if not self.is_bound:
            self.initial["rows"] = count
        for i in range(1, count + 1):
            self.fields[f"group_{i}_name"] = _CheckedCharField(
                label=_("Name of the group"),
                max_length=100,
                help_text=_("For example, ward nurses, healthcare assistants or reception staff."),
                error_messages={"max_length": _("The name must be 100 characters or fewer")},
            )
            self.fields[f"group_{i}_headcount"] = _number(
                _("How many staff are in this group?"),
                MAX_HEADCOUNT,
                STAFF_NUMBER_MESSAGES,
                field_class=_CheckedIntegerField,
            )
            self.fields[f"group_{i}_shifts"] = _radios(
                _("When do they work?"),
                SHIFT_PATTERNS,
                _("Choose when this group works"),
                field_class=_CheckedChoiceField,
            )
        # The mixin styled the fields that existed when it ran: style the new ones too.
        for name, field in self.fields.items():
            if name.startswith("group_"):
                _style(field)

    def _row_count(self) -> int:
        if self.is_bound:
            try:
                posted = int(self.data.get("rows") or 0)
            except (TypeError, ValueError):
                posted = 0
            return min(max(posted, 1), MAX_STAFF_GROUPS)
        saved = sum(1 for key in self.initial if key.endswith("_name"))
        return min(max(saved + 1, 2), MAX_STAFF_GROUPS)

    @classmethod
    def answer_keys(cls) -> tuple[str, ...]:
        return ("staff_groups",)

    @classmethod
    def data_from_answers(cls, answers: Mapping[str, Any]) -> dict[str, Any]:
        groups = answers.get("staff_groups") or []
        data: dict[str, Any] = {"rows": len(groups) or 1}
        for i, group in enumerate(groups, start=1):
            data[f"group_{i}_name"] = group.get("name", "")
            data[f"group_{i}_headcount"] = group.get("headcount", "")
            data[f"group_{i}_shifts"] = group.get("shift_pattern", "")
        return data

    @property
    def row_fields(self) -> list[tuple[int, Any, Any, Any]]:
        """Each row's number and its name, headcount and shift fields, for the template."""
        return [
            (i, self[f"group_{i}_name"], self[f"group_{i}_headcount"], self[f"group_{i}_shifts"])
            for i in range(1, self._row_count() + 1)
        ]

    @property
    def can_add(self) -> bool:
        return self._row_count() < MAX_STAFF_GROUPS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        groups = []
        for i in range(1, self._row_count() + 1):
            name = (data.get(f"group_{i}_name") or "").strip()
            headcount = data.get(f"group_{i}_headcount")
            shifts = data.get(f"group_{i}_shifts") or ""
            if not (name or headcount or shifts) or self._row_has_errors(i):
                continue
            if not self.partial:
                if not name:
                    self.add_error(f"group_{i}_name", _("Enter the name of staff group %d") % i)
                if headcount is None:
                    self.add_error(
                        f"group_{i}_headcount",
                        _("Enter how many staff are in staff group %d") % i,
                    )
                if not shifts:
                    self.add_error(f"group_{i}_shifts", _("Choose when staff group %d works") % i)
            group = {"name": name, "headcount": headcount, "shift_pattern": shifts}
            groups.append({k: v for k, v in group.items() if not _is_blank(v)})
        if not groups and not self.partial and not self.errors:
            self.add_error("group_1_name", _("Enter at least one staff group"))
        data["staff_groups"] = groups
        return data

    def _row_has_errors(self, i: int) -> bool:
        return any(self.has_error(f"group_{i}_{part}") for part in ("name", "headcount", "shifts"))

    @classmethod
    def summary(cls, answers: Mapping[str, Any]) -> list[SummaryRow]:
        shifts = {k: str(v) for k, v in SHIFT_PATTERNS}
        lines = []
        for group in answers.get("staff_groups") or []:
            headcount = group.get("headcount")
            details = [
                _("%s staff") % intcomma(headcount) if headcount else str(_("number not given")),
                shifts.get(group.get("shift_pattern", ""), str(_("when not given"))).lower(),
            ]
            name = group.get("name") or str(_("No name"))
            lines.append(f"{name}: {', '.join(str(d) for d in details)}")
        return [SummaryRow(str(_("Staff groups")), lines or [str(NOT_ANSWERED)], "id_group_1_name")]


def _style(field: forms.Field) -> None:
    """The stylesheet's class for a field added after the form was built."""
    css_class = widget_css_class(field.widget)
    classes = field.widget.attrs.get("class", "").split()
    if css_class not in classes:
        field.widget.attrs["class"] = " ".join([*classes, css_class])


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


# 8 Policies in place ----------------------------------------------------------------------------


class PoliciesForm(QuestionForm):
    violence_policy = _radios(
        _("Do you have a policy on violence and aggression at work?"),
        YES_NO_DRAFT,
        _("Choose whether you have a violence and aggression policy"),
    )
    lone_working_policy = _radios(
        _("Do you have a lone working policy?"),
        YES_NO_DRAFT,
        _("Choose whether you have a lone working policy"),
    )
    post_incident_support = _radios(
        _("Do you have a plan to support staff after an incident?"),
        YES_NO_DRAFT,
        _("Choose whether you have a plan to support staff after an incident"),
        help_text=_("For example, a debrief, time out or counselling."),
    )
    restrictive_practice_plan = _radios(
        _("Do you have a plan to reduce restrictive practice?"),
        YES_NO_DRAFT,
        _("Choose whether you have a plan to reduce restrictive practice"),
        help_text=_(
            "A plan to use holding, restraint and seclusion less, and only as a last resort."
        ),
    )


# 9 Standards ------------------------------------------------------------------------------------


class StandardsForm(QuestionForm):
    standards = _checkboxes(
        _("Which of these standards does your training need to follow?"),
        _choices(taxonomy.STANDARDS),
        _("Choose the standards your training follows, or “None of these”"),
        help_text=_(
            "Select all that apply. If you are not sure, choose “None of these” and your "
            "advisor will talk it through with you."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _exclusive_none(
            self,
            "standards",
            _("Choose either “None of these” or the standards, not both"),
        )
        return data


# 10 Physical demands and venue ------------------------------------------------------------------


class PhysicalLevelForm(QuestionForm):
    physical_level = _radios(
        _("How physical can the training be?"),
        PHYSICAL_LEVELS,
        _("Choose how physical the training can be"),
        help_text=_("Everyone can sit out any exercise, whatever you choose here."),
    )

    @property
    def level_choices(self) -> list[tuple[Any, Promise]]:
        """Each radio with the plain explanation shown under it."""
        return [
            (choice, PHYSICAL_LEVEL_HINTS[str(choice.data["value"])])
            for choice in self["physical_level"]
        ]


class LimitationsForm(QuestionForm):
    staff_limitations = _radios(
        _("Do any staff have a health condition or injury that could limit what they can do?"),
        YES_NO_NOT_SURE,
        _("Choose yes, no or not sure"),
        help_text=_(
            "For example, a back problem or a pregnancy. Do not name anyone: before any "
            "physical practice, each person will be asked privately about their health."
        ),
    )


class VenueForm(QuestionForm):
    room = _radios(
        _("Do you have a room big enough for everyone to move around safely?"),
        YES_NO_NOT_SURE,
        _("Choose whether you have a room big enough to move around in"),
        help_text=_(
            "Something like a classroom or a hall, with furniture that can be moved to the sides."
        ),
    )
    venue_notes = _text(
        _("Anything we should know about the venue?"),
        help_text=_("For example, parking, access, the floor or when the room is free."),
    )


# 11 Incident data -------------------------------------------------------------------------------


class IncidentDataForm(QuestionForm):
    incident_data = _radios(
        _("Will you upload your incident records?"),
        INCIDENT_DATA,
        _("Choose whether you will upload your incident records"),
    )


# The advisor's review ---------------------------------------------------------------------------


class ReviewForm(AccessibleForm):
    """The advisor's notes, and whether the assessment has been reviewed."""

    advisor_notes = forms.CharField(
        label=_("Advisor's notes"),
        required=False,
        max_length=10_000,
        help_text=_("Only your provider's staff see these notes."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _("The notes must be 10,000 characters or fewer")},
    )
