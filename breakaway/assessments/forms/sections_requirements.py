"""Sections 8 to 11: policies in place, standards, physical demands and venue, and incident
data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from breakaway.assessments import taxonomy
from breakaway.assessments.forms.base import (
    INCIDENT_DATA,
    PHYSICAL_LEVEL_HINTS,
    PHYSICAL_LEVELS,
    YES_NO_DRAFT,
    YES_NO_NOT_SURE,
    QuestionForm,
    _checkboxes,
    _choices,
    _exclusive_none,
    _radios,
    _text,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Promise


# 8 Policies in place ----------------------------------------------------------------------------


class PoliciesForm(QuestionForm):
    violence_policy = _radios(
        _("Do you have a policy on violence and aggression at work?"),
        YES_NO_DRAFT,
        _("Choose whether you have a violence and aggression policy"),
    )
    lone_working_policy = _radios(
        _("Do you have a lone working policy?"),
        YES_NO_DRAFT,
        _("Choose whether you have a lone working policy"),
    )
    post_incident_support = _radios(
        _("Do you have a plan to support staff after an incident?"),
        YES_NO_DRAFT,
        _("Choose whether you have a plan to support staff after an incident"),
        help_text=_("For example, a debrief, time out or counselling."),
    )
    restrictive_practice_plan = _radios(
        _("Do you have a plan to reduce restrictive practice?"),
        YES_NO_DRAFT,
        _("Choose whether you have a plan to reduce restrictive practice"),
        help_text=_(
            "A plan to use holding, restraint and seclusion less, and only as a last resort."
        ),
    )


# 9 Standards ------------------------------------------------------------------------------------


class StandardsForm(QuestionForm):
    standards = _checkboxes(
        _("Which of these standards does your training need to follow?"),
        _choices(taxonomy.STANDARDS),
        _("Choose the standards your training follows, or “None of these”"),
        help_text=_(
            "Select all that apply. If you are not sure, choose “None of these” and your "
            "advisor will talk it through with you."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _exclusive_none(
            self,
            "standards",
            _("Choose either “None of these” or the standards, not both"),
        )
        return data


# 10 Physical demands and venue ------------------------------------------------------------------


class PhysicalLevelForm(QuestionForm):
    physical_level = _radios(
        _("How physical can the training be?"),
        PHYSICAL_LEVELS,
        _("Choose how physical the training can be"),
        help_text=_("Everyone can sit out any exercise, whatever you choose here."),
    )

    @property
    def level_choices(self) -> list[tuple[Any, Promise]]:
        """Each radio with the plain explanation shown under it."""
        return [
            (choice, PHYSICAL_LEVEL_HINTS[str(choice.data["value"])])
            for choice in self["physical_level"]
        ]


class LimitationsForm(QuestionForm):
    staff_limitations = _radios(
        _("Do any staff have a health condition or injury that could limit what they can do?"),
        YES_NO_NOT_SURE,
        _("Choose yes, no or not sure"),
        help_text=_(
            "For example, a back problem or a pregnancy. Do not name anyone: before any "
            "physical practice, each person will be asked privately about their health."
        ),
    )


class VenueForm(QuestionForm):
    room = _radios(
        _("Do you have a room big enough for everyone to move around safely?"),
        YES_NO_NOT_SURE,
        _("Choose whether you have a room big enough to move around in"),
        help_text=_(
            "Something like a classroom or a hall, with furniture that can be moved to the sides."
        ),
    )
    venue_notes = _text(
        _("Anything we should know about the venue?"),
        help_text=_("For example, parking, access, the floor or when the room is free."),
    )


# 11 Incident data -------------------------------------------------------------------------------


class IncidentDataForm(QuestionForm):
    incident_data = _radios(
        _("Will you upload your incident records?"),
        INCIDENT_DATA,
        _("Choose whether you will upload your incident records"),
    )
