"""Forms for building a roster: picking people from the staff list, pasting or uploading a list,
adding a person by hand, moving, withdrawing, places in a group and printing letters."""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.core.forms import AccessibleForm
from breakaway.delivery.forms import MAX_UPLOAD_BYTES, StaffMemberForm
from breakaway.delivery.models import TrainingGroup

ROSTER_FILES: Final = ".csv,.txt,.tsv,.xlsx,.xlsm"


def _group_choices(groups: list[TrainingGroup], empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [
        (str(g.number), _("Group %(number)s") % {"number": g.number}) for g in groups
    ]


def _choose(field: forms.Field, choices: list[tuple[str, Any]]) -> None:
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


class RosterPickForm(AccessibleForm):
    """People chosen from the staff list (checkboxes), and the group to put them in."""

    people = forms.MultipleChoiceField(
        label=_("People to add"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person to add")},
    )
    group = forms.ChoiceField(
        label=_("Group"),
        required=False,
        help_text=_("Leave as it is to fill the groups in turn and then the waiting list."),
    )

    def __init__(
        self, *args: Any, people: list[Any], groups: list[TrainingGroup], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["people"], [(str(p.pk), p.full_name) for p in people])
        _choose(
            self.fields["group"], _group_choices(groups, _("The first group with a free place"))
        )

    def group_number(self) -> int | None:
        value = self.cleaned_data.get("group")
        return int(value) if value else None


class RosterListForm(AccessibleForm):
    """A pasted or uploaded list of employee numbers or e-mail addresses."""

    text = forms.CharField(
        label=_("Paste employee numbers or work e-mail addresses"),
        required=False,
        help_text=_(
            "One person a line. To choose their group, add a comma and the group number, "
            "like 10234567, 2"
        ),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_(
            "A CSV or Excel (.xlsx) file with the employee number or e-mail address in the "
            "first column, and the group, if you choose it, in the second."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ROSTER_FILES}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", _("The file is too big: the largest we can take is 20 MB"))
        if not (data.get("text") or "").strip() and upload is None:
            self.add_error("text", _("Paste a list of people, or choose a file to upload"))
        return data


class RosterPersonForm(StaffMemberForm):
    """Someone missing from the staff list, added by hand and put on the roster."""

    group = forms.ChoiceField(label=_("Group"), required=False)

    class Meta(StaffMemberForm.Meta):
        fields = ["first_name", "last_name", "employee_number", "email", "role", "site", "team"]

    def __init__(self, *args: Any, groups: list[TrainingGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_date", "leaving_date"):
            self.fields.pop(name, None)
        _choose(
            self.fields["group"], _group_choices(groups, _("The first group with a free place"))
        )

    def clean_email(self) -> str:
        from breakaway.delivery.models import StaffMember

        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and (
            StaffMember.objects.current()
            .filter(organisation=self.instance.organisation, email__iexact=email)
            .exists()
        ):
            raise forms.ValidationError(
                _("Someone on your staff list has this e-mail address: add them from the list")
            )
        return email

    def group_number(self) -> int | None:
        value = self.cleaned_data.get("group")
        return int(value) if value else None


class WithdrawForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why are they withdrawing?"),
        required=False,
        max_length=500,
        help_text=_("For example, on leave that week. The person does not see this."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveForm(AccessibleForm):
    group = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args: Any, groups: list[TrainingGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(
            self.fields["group"],
            [(str(g.pk), _("Group %(number)s") % {"number": g.number}) for g in groups],
        )


class CapacityForm(AccessibleForm):
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=200,
        error_messages={
            "required": _("Enter how many places the group has"),
            "invalid": _("Enter the places as a number, like 12"),
            "min_value": _("A group needs at least 1 place"),
            "max_value": _("A group can have at most 200 places"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input input--width-5"}),
    )


class LettersForm(AccessibleForm):
    """Which letters to print: everyone in a group without a work e-mail, or one person."""

    enrolment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    format = forms.ChoiceField(
        choices=[("html", "html"), ("pdf", "pdf")], required=False, widget=forms.HiddenInput
    )
