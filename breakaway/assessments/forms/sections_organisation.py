"""Sections 1 to 4: your organisation and setting, the people you care for, where staff work,
and staff groups.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation, Sector
from breakaway.assessments import taxonomy
from breakaway.assessments.forms.base import (
    LONE_WORKING,
    MAX_HEADCOUNT,
    MAX_SITES,
    MAX_STAFF_GROUPS,
    NOT_ANSWERED,
    SHIFT_PATTERNS,
    STAFF_NUMBER_MESSAGES,
    YES_NO,
    QuestionForm,
    SummaryRow,
    _checkboxes,
    _CheckedCharField,
    _CheckedChoiceField,
    _CheckedIntegerField,
    _choices,
    _is_blank,
    _number,
    _radios,
    _text,
)
from breakaway.core.forms import widget_css_class

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
