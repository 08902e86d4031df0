"""Forms for the privacy pages: a client's incident retention, erasure's typed confirmation,
and the access log's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation
from breakaway.core.forms import AccessibleForm, AccessibleModelForm
from breakaway.delivery.models import StaffMember
from breakaway.privacy.erasure import names_match
from breakaway.privacy.models import RetentionAgreement
from breakaway.privacy.selectors import AccessFilters

DATE_INPUT = forms.DateInput(
    format="%d/%m/%Y", attrs={"inputmode": "numeric", "class": "input--width-10"}
)


class RetentionAgreementForm(AccessibleModelForm):
    class Meta:
        model = RetentionAgreement
        fields = ["incident_months", "agreed_on", "notes"]
        widgets = {
            "incident_months": forms.NumberInput(attrs={"class": "input--width-5"}),
            "agreed_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"agreed_on": _("For example, 27/03/2026")}


class ErasureForm(AccessibleForm):
    """The person's name typed in full: erasure cannot be undone."""

    confirm_name = forms.CharField(
        label=_("Type the person's full name to confirm"), max_length=200, strip=True
    )

    def __init__(self, *args: Any, person: StaffMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["confirm_name"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_confirm_name(self) -> str:
        typed = self.cleaned_data["confirm_name"]
        if not names_match(typed, self.person):
            raise forms.ValidationError(_("Type the name exactly as it is shown above"))
        return typed


class AccessLogFilterForm(AccessibleForm):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=100,
        help_text=_("Part of their name, as the log records it"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DATE_INPUT, help_text=_("For example, 01/03/2026")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DATE_INPUT, help_text=_("For example, 31/03/2026")
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must be the same as or after the start date"))
        return data

    def filters(self) -> AccessFilters:
        if not self.is_bound or not self.is_valid():
            return AccessFilters()
        data = self.cleaned_data
        return AccessFilters(
            person=data.get("person") or "",
            organisation=data.get("organisation"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
