"""Forms of the compliance view: its filters, and asking for a refresher."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.delivery.compliance import LABELS, STATUSES
from breakaway.delivery.compliance_selectors import ComplianceChoices, ComplianceFilters


def _choose(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


class ComplianceFilterForm(forms.Form):
    site = forms.ChoiceField(label=_("Site"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    course = forms.ChoiceField(label=_("Course"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, choices: ComplianceChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone: list[tuple[str, Any]] = [("", _("Any"))]
        _choose(self, "site", [*everyone, *choices.sites])
        _choose(self, "team", [*everyone, *((t, t) for t in choices.teams)])
        _choose(self, "course", [*everyone, *((c, c) for c in choices.courses)])
        _choose(self, "status", [*everyone, *((s, _(LABELS[s])) for s in STATUSES)])

    def filters(self) -> ComplianceFilters:
        """The chosen filters; a choice that is not offered is ignored."""
        if not self.is_bound or not self.is_valid():
            return ComplianceFilters()
        return ComplianceFilters(**{k: v or "" for k, v in self.cleaned_data.items()})


class RefresherForm(forms.Form):
    course = forms.CharField(widget=forms.HiddenInput)
    people = forms.TypedMultipleChoiceField(
        label=_("Who needs the refresher"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person")},
    )
    preferred_dates = forms.CharField(
        label=_("When would suit you? (optional)"),
        required=False,
        max_length=300,
        help_text=_("Like “any Tuesday in March” or “before the end of June”."),
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "people", people)
