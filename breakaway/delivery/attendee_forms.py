"""The attendee's "send me a new link" form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.core.forms import AccessibleForm


class NewLinkForm(AccessibleForm):
    autocomplete = {"email": "email"}

    email = forms.EmailField(
        label=_("Your work e-mail address"),
        help_text=_("The address your employer has for you, like name@example.nhs.uk"),
        max_length=254,
        error_messages={
            "required": _("Enter your work e-mail address"),
            "invalid": _("Enter an e-mail address in the right format, like name@example.nhs.uk"),
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
