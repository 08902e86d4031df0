"""Small forms for a trainer's phone: marking the register, competence and an incident."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from breakaway.catalogue.models import Technique
from breakaway.delivery.models import (
    Attendance,
    CompetenceRecord,
    Enrolment,
    TrainingIncident,
)
from breakaway.scheduling.models import EngagementDay

RESULT_CHOICES = CompetenceRecord.Result.choices
OUTCOME_CHOICES = [c for c in Enrolment.Outcome.choices if c[0]]


class AttendanceMarkForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How did they attend?"),
        choices=Attendance.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the person attended")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For example, the time they arrived or left."),
    )


class CompetenceForm(forms.Form):
    """One person: a result for each technique taught, adapted participation, the outcome."""

    def __init__(self, *args: Any, techniques: list[Technique], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.techniques = techniques
        for technique in techniques:
            self.fields[f"result_{technique.pk}"] = forms.ChoiceField(
                label=technique.name,
                choices=RESULT_CHOICES,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"adapted_{technique.pk}"] = forms.BooleanField(
                # Named for its technique: the same label on every checkbox would leave a
                # screen-reader user guessing which one they are on.
                label=_("%(technique)s: took part in an adapted way")
                % {"technique": technique.name},
                required=False,
            )
        self.fields["outcome"] = forms.ChoiceField(
            label=_("Outcome of the course"),
            choices=OUTCOME_CHOICES,
            widget=forms.RadioSelect,
            required=False,
            help_text=_("Completed people get a certificate."),
        )

    def rows(self) -> list[tuple[Technique, forms.BoundField, forms.BoundField]]:
        return [(t, self[f"result_{t.pk}"], self[f"adapted_{t.pk}"]) for t in self.techniques]

    def results(self, *, all_demonstrated: bool = False) -> dict[int, tuple[str, bool]]:
        """{technique id: (result, adapted)} for the techniques given a result."""
        found: dict[int, tuple[str, bool]] = {}
        for technique in self.techniques:
            result = self.cleaned_data.get(f"result_{technique.pk}") or ""
            if all_demonstrated:
                result = CompetenceRecord.Result.DEMONSTRATED
            if result:
                found[technique.pk] = (result, bool(self.cleaned_data[f"adapted_{technique.pk}"]))
        return found


def _now_to_the_minute() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class TrainingIncidentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was it?"),
        choices=TrainingIncident.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose injury or near miss")},
    )
    happened_on = forms.ChoiceField(label=_("Day"))
    happened_time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time", "class": "input input--width-10"}),
        error_messages={
            "required": _("Enter the time it happened, like 14:30"),
            "invalid": _("Enter the time it happened, like 14:30"),
        },
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Who was involved"),
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave blank if no attendee was involved (for example, only a trainer)."),
    )
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "textarea"}),
        max_length=4000,
        error_messages={"required": _("Describe what happened")},
    )
    action_taken = forms.CharField(
        label=_("Action taken"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "textarea"}),
        max_length=4000,
        required=False,
        help_text=_("First aid given, practice stopped or changed, who was told."),
    )

    def __init__(self, *args: Any, days: list[EngagementDay], people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days = {str(d.pk): d for d in days}
        field = self.fields["happened_on"]
        field.choices = [(str(d.pk), date_format(d.date, "j F Y")) for d in days]  # type: ignore[attr-defined]
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
        self.fields["people"].label_from_instance = lambda e: e.staff_member.full_name  # type: ignore[attr-defined]
        now = _now_to_the_minute()
        today = next((d for d in days if d.date == now.date()), days[-1] if days else None)
        self.initial.setdefault("happened_on", str(today.pk) if today else "")
        self.initial.setdefault("happened_time", now.strftime("%H:%M"))

    @property
    def day(self) -> EngagementDay:
        return self.days[self.cleaned_data["happened_on"]]

    @property
    def happened_at(self) -> dt.datetime:
        moment = dt.datetime.combine(self.day.date, self.cleaned_data["happened_time"])
        return timezone.make_aware(moment.replace(second=0, microsecond=0))
