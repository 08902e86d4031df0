"""The advisor's review of a submitted needs assessment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.core.forms import AccessibleForm


class ReviewForm(AccessibleForm):
    """The advisor's notes, and whether the assessment has been reviewed."""

    advisor_notes = forms.CharField(
        label=_("Advisor's notes"),
        required=False,
        max_length=10_000,
        help_text=_("Only your provider's staff see these notes."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _("The notes must be 10,000 characters or fewer")},
    )
