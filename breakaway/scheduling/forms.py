"""Forms for engagements, venues, assignments and planning."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakaway.courses.models import CourseDesign
from breakaway.scheduling.models import Engagement, Venue

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_day(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    return None


class DaysField(forms.CharField):
    """Dates, one a line (or separated by commas), like 27/11/2026."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "textarea input--width-20"})

    def to_python(self, value: Any) -> list[dt.date]:  # type: ignore[override]
        text = super().to_python(value)
        days: list[dt.date] = []
        for part in re.split(r"[\s,;]+", text or ""):
            if not part:
                continue
            day = parse_day(part)
            if day is None:
                raise forms.ValidationError(
                    _("Enter each date as day, month and year, like 27/11/2026 (not “%(text)s”)."),
                    params={"text": part},
                )
            days.append(day)
        if not days and self.required:
            raise forms.ValidationError(_("Enter the dates of the course, like 27/11/2026."))
        return sorted(set(days))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(d.strftime("%d/%m/%Y") for d in value)
        return value


DAYS_HINT = _("One date a line, like 27/11/2026. Every trainer works every day.")


class EngagementForm(forms.Form):
    design = forms.ModelChoiceField(
        label=_("Course design"),
        queryset=CourseDesign.objects.none(),
        empty_label=_("Choose a course design"),
        widget=forms.Select(attrs={"class": "select"}),
    )
    design_version = forms.IntegerField(
        label=_("Design version"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the latest version."),
        widget=forms.NumberInput(attrs={"class": "input input--width-5"}),
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("Not known yet"),
        help_text=_("One of the client's sites with a map position (set on the venues page)."),
        widget=forms.Select(attrs={"class": "select"}),
    )
    days = DaysField(label=_("Days"), help_text=DAYS_HINT)
    groups = forms.IntegerField(
        label=_("Groups"),
        min_value=1,
        max_value=50,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "input input--width-5"}),
    )
    trainers_needed = forms.IntegerField(
        label=_("Trainers needed"),
        min_value=1,
        max_value=20,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "input input--width-5"}),
    )

    def __init__(self, *args: Any, designs: Any, venues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["design"].queryset = designs  # type: ignore[attr-defined]
        self.fields["design"].label_from_instance = lambda d: (  # type: ignore[attr-defined]
            f"{d.organisation.name}: {d.get_length_display()} for {d.headcount} staff (#{d.pk})"
        )
        self.fields["venue"].queryset = venues  # type: ignore[attr-defined]
        self.fields["venue"].label_from_instance = lambda v: (  # type: ignore[attr-defined]
            f"{v.site.name} ({v.site.organisation.name})"
        )


class EngagementEditForm(EngagementForm):
    """The design stays; everything else may change."""

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["design"]
        self.engagement = engagement


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "textarea"}),
    )
    terms = forms.CharField(
        label=_("Cancellation terms"),
        required=False,
        max_length=2000,
        help_text=_("What the client pays, if anything, under the terms of the booking."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "textarea"}),
    )


class MoveForm(forms.Form):
    days = DaysField(label=_("New days"), help_text=DAYS_HINT)


class AssignForm(forms.Form):
    trainer = forms.TypedChoiceField(
        label=_("Trainer"),
        coerce=int,
        widget=forms.Select(attrs={"class": "select"}),
    )

    def __init__(self, *args: Any, choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].choices = [("", _("Choose a trainer")), *choices]  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can you not work it?"),
        max_length=1000,
        help_text=_("The planners see this, so they can find someone else."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "textarea"}),
    )


class VenueForm(forms.Form):
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=49.0,
        max_value=61.5,
        help_text=_("Degrees north, like 53.4808."),
        widget=forms.NumberInput(attrs={"class": "input input--width-10", "step": "any"}),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-11.0,
        max_value=2.5,
        help_text=_("Degrees east, like -2.2426 (west of Greenwich is negative)."),
        widget=forms.NumberInput(attrs={"class": "input input--width-10", "step": "any"}),
    )
    room_notes = forms.CharField(
        label=_("Room notes"),
        required=False,
        max_length=4000,
        help_text=_("Room size, parking, access, who lets the trainers in."),
        widget=forms.Textarea(attrs={"rows": 4, "class": "textarea"}),
    )


class RoomNotesForm(forms.Form):
    room_notes = VenueForm.base_fields["room_notes"]


class PlanForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        input_formats=DATE_FORMATS,
        help_text=_("For example, 27/11/2026."),
        widget=forms.DateInput(attrs={"class": "input input--width-10"}, format="%d/%m/%Y"),
    )
    end = forms.DateField(
        label=_("To"),
        input_formats=DATE_FORMATS,
        help_text=_("For example, 26/02/2027."),
        widget=forms.DateInput(attrs={"class": "input input--width-10"}, format="%d/%m/%Y"),
    )
    keep_confirmed = forms.BooleanField(
        label=_("Keep the trainers already published"),
        required=False,
        initial=True,
        help_text=_(
            "Recommended: trainers keep the work they have been told about, and only the gaps "
            "are filled. Untick to let the planner change everything."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["start"].initial = today
        self.fields["end"].initial = today + dt.timedelta(days=91)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The last day must be on or after the first day."))
        return data


class UnavailableForm(forms.Form):
    starts_on = forms.DateField(
        label=_("First day"),
        input_formats=DATE_FORMATS,
        help_text=_("For example, 27/11/2026."),
        widget=forms.DateInput(attrs={"class": "input input--width-10"}, format="%d/%m/%Y"),
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"class": "input input--width-10"}, format="%d/%m/%Y"),
    )
    note = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_("For example, ill. The trainer sees this."),
        widget=forms.TextInput(attrs={"class": "input"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        return data
