from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from breakaway.core.forms import AccessibleForm


class InvitationAcceptForm(AccessibleForm):
    autocomplete = {"full_name": "name"}

    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not a common password or only numbers."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2", _("The two passwords are different: type the same one twice.")
            )
        if p1:
            try:
                validate_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ApiTokenForm(AccessibleForm):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=100,
        help_text=_("For example, “Nightly export to our data warehouse”."),
    )
