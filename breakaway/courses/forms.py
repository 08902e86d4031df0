"""Forms for course designs: a new design's constraints, and the designer's arrangement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation
from breakaway.accounts.selectors import client_list_for_user
from breakaway.core.forms import AccessibleForm
from breakaway.courses.composer import ModuleSpec
from breakaway.courses.models import CourseDesign

MAX_ROWS = 60  # more modules than any catalogue holds: a bound on what a post may carry

INTENSITY_CHOICES = [
    ("", _("No cap: any module")),
    ("0", _("0: no physical contact")),
    ("1", _("1: light")),
    ("2", _("2: moderate")),
    ("3", _("3: high")),
]


class DesignNewForm(AccessibleForm):
    organisation = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose a client"),
        error_messages={"required": _("Choose the client the course is for")},
    )
    length = forms.ChoiceField(
        label=_("Length"),
        choices=CourseDesign.Length.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the course is")},
    )
    headcount = forms.IntegerField(
        label=_("Staff to train"),
        min_value=1,
        max_value=2000,
        widget=forms.NumberInput(attrs={"class": "input--width-5"}),
        error_messages={
            "required": _("Enter how many staff the course is for, like 24"),
            "invalid": _("Enter the number of staff as a whole number, like 24"),
            "min_value": _("The course must be for at least 1 person"),
        },
    )
    max_intensity = forms.TypedChoiceField(
        label=_("Most physical content allowed"),
        help_text=_("Modules above this intensity are left out."),
        choices=INTENSITY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    max_group_size = forms.IntegerField(
        label=_("Largest group"),
        help_text=_("Leave empty for one trainer per group: 16, 12 or 8 attendees."),
        min_value=1,
        max_value=200,
        required=False,
        widget=forms.NumberInput(attrs={"class": "input--width-5"}),
        error_messages={"invalid": _("Enter the largest group as a whole number, like 24")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = client_list_for_user(user=user).order_by("name")  # type: ignore[attr-defined]


class ChangeNoteForm(AccessibleForm):
    change_note = forms.CharField(
        label=_("What did you change, and why?"),
        help_text=_("This goes in the version history, like “Longer de-escalation practice”."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Say what you changed, like “Longer de-escalation practice”"),
            "max_length": _("Keep the note to 500 characters or fewer"),
        },
    )


@dataclass
class Row:
    """One module of the arrangement as the edit page shows it."""

    module: ModuleSpec
    minutes: str  # as typed, so a mistake is shown back as it was

    @property
    def code(self) -> str:
        return self.module.code

    @property
    def whole_minutes(self) -> int | None:
        text = self.minutes.strip()
        return int(text) if text.lstrip("-").isdecimal() else None


@dataclass
class Arrangement:
    """The designer's modules in order, from a version or from the edit form's post.

    The form carries `module-<i>-code` and `module-<i>-minutes` for i = 0, 1, … and an action
    button: `up:<i>`, `down:<i>`, `remove:<i>`, `add` (with the `add-module` select), `check` or
    `save`. Every action works without JavaScript; htmx posts the same form.
    """

    rows: list[Row]
    catalogue: dict[str, ModuleSpec]
    focus: int | None = None  # the row whose minutes get focus after a move or an add

    @classmethod
    def from_course(cls, course: dict[str, Any], catalogue: dict[str, ModuleSpec]) -> Arrangement:
        rows = [
            Row(catalogue[m["code"]], str(m["minutes"]))
            for m in course["modules"]
            if m["code"] in catalogue
        ]
        return cls(rows, catalogue)

    @classmethod
    def from_post(cls, data: QueryDict, catalogue: dict[str, ModuleSpec]) -> Arrangement:
        rows = []
        for index in range(MAX_ROWS):
            code = data.get(f"module-{index}-code")
            if code is None:
                break
            if code in catalogue:
                rows.append(Row(catalogue[code], data.get(f"module-{index}-minutes", "")))
        return cls(rows, catalogue)

    def apply(self, action: str, data: QueryDict) -> None:
        """Move, remove or add a module as the button asked; anything else changes nothing."""
        verb, _sep, where = action.partition(":")
        index = int(where) if where.isdecimal() else -1
        if verb == "up" and 0 < index < len(self.rows):
            self.rows[index - 1], self.rows[index] = self.rows[index], self.rows[index - 1]
            self.focus = index - 1
        elif verb == "down" and 0 <= index < len(self.rows) - 1:
            self.rows[index + 1], self.rows[index] = self.rows[index], self.rows[index + 1]
            self.focus = index + 1
        elif verb == "remove" and 0 <= index < len(self.rows):
            if not self.rows[index].module.mandatory:
                del self.rows[index]
        elif verb == "add":
            code = data.get("add-module", "")
            if code in self.catalogue and code not in self.codes:
                module = self.catalogue[code]
                self.rows.append(Row(module, str(module.minutes)))
                self.focus = len(self.rows) - 1

    @property
    def codes(self) -> list[str]:
        return [row.code for row in self.rows]

    @property
    def addable(self) -> list[ModuleSpec]:
        """The catalogue's modules not in the course, in course order."""
        taken = set(self.codes)
        return sorted(
            (m for m in self.catalogue.values() if m.code not in taken), key=lambda m: m.order_key
        )

    def typing_problems(self) -> list[str]:
        """Minutes that are not whole numbers (arrange_course checks the rest)."""
        return [
            gettext("Enter the minutes for %(code)s as a whole number, like 45.")
            % {"code": row.code}
            for row in self.rows
            if row.whole_minutes is None
        ]

    def modules(self) -> list[tuple[str, int]]:
        return [(row.code, row.whole_minutes or 0) for row in self.rows]
