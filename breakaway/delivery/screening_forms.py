"""The attendee's health-screening forms: one group of yes/no questions a page, adjustments,
and the check-your-answers page with consent, which carries every answer so that sending it
twice stores the same thing once."""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.core.forms import AccessibleForm
from breakaway.delivery.screening_services import QUESTIONS, QuestionGroup

YES_NO: Final = [("yes", _("Yes")), ("no", _("No"))]
MAX_ADJUSTMENTS: Final = 2000


class ScreeningGroupForm(AccessibleForm):
    """One group's questions, each a fieldset of two radios."""

    def __init__(self, *args: Any, group: QuestionGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in group.codes:
            self.fields[code] = forms.ChoiceField(
                label=QUESTIONS[code],
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no")},
            )


class AdjustmentsForm(AccessibleForm):
    adjustments = forms.CharField(
        label=_("Is there anything the trainer could change so that you can take part?"),
        required=False,
        max_length=MAX_ADJUSTMENTS,
        help_text=_(
            "For example, practising seated, or not practising techniques on the floor. "
            "Leave it blank if not."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConsentForm(AccessibleForm):
    """Consent, with the answers from the earlier pages as hidden fields."""

    consent = forms.BooleanField(
        label=_(
            "I agree to take part in the physical practice, and I will tell the trainer if "
            "anything changes or I feel unwell on the day"
        ),
        error_messages={"required": _("Tick the box to agree to take part")},
    )
    adjustments = forms.CharField(
        required=False, max_length=MAX_ADJUSTMENTS, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in QUESTIONS:
            self.fields[code] = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.HiddenInput,
                error_messages={"required": _("Answer every question yes or no")},
            )

    def answers(self) -> dict[str, str]:
        return {code: self.cleaned_data[code] for code in QUESTIONS}
