"""The public booking form and the advisor's pipeline forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Sector
from breakaway.core.forms import AccessibleFormMixin
from breakaway.enquiries.models import PIPELINE, Enquiry

MAX_HEADCOUNT = 100_000
HONEYPOT_FIELD = "website"

_phone = RegexValidator(
    r"^\+?[0-9 ()\-]{7,20}$",
    _("Enter a telephone number, like 01632 960 001 or +44 7700 900 982"),
)


class EnquiryForm(AccessibleFormMixin, forms.ModelForm):
    """Book a free needs assessment. The honeypot field is for robots: people never see it."""

    sector = forms.ChoiceField(
        label=_("Which sector does your organisation work in?"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the sector your organisation works in")},
    )
    phone = forms.CharField(
        label=_("Telephone number"),
        required=False,
        max_length=20,
        validators=[_phone],
        help_text=_("So your advisor can call you to arrange the assessment."),
        error_messages={"max_length": _("Telephone number must be 20 characters or fewer")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    headcount = forms.IntegerField(
        label=_("How many staff need training?"),
        min_value=1,
        max_value=MAX_HEADCOUNT,
        help_text=_("An estimate is fine, for example 24."),
        error_messages={
            "required": _("Enter how many staff need training"),
            "invalid": _("Enter the number of staff as a whole number, like 24"),
            "min_value": _("Enter a number of staff of 1 or more"),
            "max_value": _("Enter a number of staff of 100,000 or fewer"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("Anything else you would like us to know"),
        required=False,
        max_length=5000,
        help_text=_(
            "For example, the situations your staff find hardest, or what prompted you to get "
            "in touch. Do not include details of patients, pupils or service users."
        ),
        error_messages={"max_length": _("Your message must be 5,000 characters or fewer")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Enquiry
        fields = [
            "organisation_name",
            "sector",
            "contact_name",
            "email",
            "phone",
            "headcount",
            "preferred_dates",
            "message",
        ]
        labels = {
            "organisation_name": _("Organisation name"),
            "contact_name": _("Your full name"),
            "email": _("E-mail address"),
            "preferred_dates": _("When would you like the training?"),
        }
        help_texts = {
            "organisation_name": _("For example, the trust, care group, council or school."),
            "email": _("We will send a confirmation to this address."),
            "preferred_dates": _("For example, “any weekday in March” or “as soon as possible”."),
        }
        error_messages = {
            "organisation_name": {
                "required": _("Enter the name of your organisation"),
                "max_length": _("Organisation name must be 200 characters or fewer"),
            },
            "contact_name": {
                "required": _("Enter your full name"),
                "max_length": _("Your name must be 200 characters or fewer"),
            },
            "email": {
                "required": _("Enter your e-mail address"),
                "invalid": _(
                    "Enter an e-mail address in the correct format, like name@example.org"
                ),
            },
            "preferred_dates": {
                "max_length": _("When you would like the training must be 300 characters or fewer")
            },
        }
        widgets = {
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "preferred_dates": forms.TextInput,
        }

    @property
    def is_spam(self) -> bool:
        """A robot filled in the field people cannot see."""
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))


class EnquiryMoveForm(AccessibleFormMixin, forms.Form):
    """Move an enquiry to another stage; a lost one needs the reason."""

    stage = forms.ChoiceField(
        label=_("Move to"),
        choices=[(stage, label) for stage, label in Enquiry.Stage.choices if stage in PIPELINE],
        error_messages={
            "required": _("Choose the stage to move the enquiry to"),
            "invalid_choice": _("Choose one of the stages in the list"),
        },
    )
    lost_reason = forms.CharField(
        label=_("Why was it lost?"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("The reason must be 300 characters or fewer")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Posts may name any stage, lost included; the select on the page offers only the flow.
        self.fields["stage"].choices = Enquiry.Stage.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = (data.get("lost_reason") or "").strip()
        if (
            data.get("stage") == Enquiry.Stage.LOST
            and not reason
            and not self.has_error("lost_reason")
        ):
            self.add_error(
                "lost_reason", _("Enter why the enquiry was lost, like “Chose another provider”")
            )
        return data


class EnquiryLostForm(EnquiryMoveForm):
    """Mark an enquiry as lost: the reason is what the form asks for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "lost_%s")
        kwargs.setdefault("initial", {"stage": Enquiry.Stage.LOST})
        super().__init__(*args, **kwargs)
        self.fields["stage"].widget = forms.HiddenInput()
        reason = self.fields["lost_reason"]
        reason.required = True
        reason.error_messages["required"] = _(
            "Enter why the enquiry was lost, like “Chose another provider”"
        )
        reason.widget = forms.Textarea(attrs={"rows": 3, "class": "textarea"})
        self.fields["lost_reason"].help_text = _(
            "For example, “Chose another provider” or “No budget this year”."
        )


class EnquiryFilterForm(AccessibleFormMixin, forms.Form):
    """Filter the enquiry list by stage and search it by organisation or contact."""

    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("All stages")), *Enquiry.Stage.choices],
    )
    q = forms.CharField(
        label=_("Organisation or contact"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[("-received", _("Newest first")), ("received", _("Oldest first"))],
        widget=forms.HiddenInput,
    )
