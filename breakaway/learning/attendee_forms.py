"""The attendee's question forms: a lesson's retrieval questions and a refresher's items, each
question a fieldset of radios. Options are stored right answer first, so the page shuffles
them, the same way each time for the same person (a reload does not move the answers)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakaway.core.forms import AccessibleForm
from breakaway.learning.bank.base import BankItem


def shuffled_options(item: BankItem, seed: int) -> list[str]:
    """The item's options in an order fixed by the item and the person."""
    options = list(item.options)
    random.Random(f"{item.id}:{seed}").shuffle(options)  # noqa: S311 (not for security)
    return options


class QuestionsForm(AccessibleForm):
    """One radio group per item; the value sent is the option's text."""

    def __init__(self, *args: Any, items: Sequence[BankItem], seed: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for number, item in enumerate(self.items, 1):
            self.fields[item.id] = forms.ChoiceField(
                label=item.prompt,
                choices=[(option, option) for option in shuffled_options(item, seed)],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer to question %(number)s") % {"number": number},
                    "invalid_choice": _("Choose one of the answers to question %(number)s")
                    % {"number": number},
                },
            )

    def answers(self) -> dict[str, str]:
        return {item.id: self.cleaned_data[item.id] for item in self.items}
