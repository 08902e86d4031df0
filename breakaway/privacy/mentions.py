"""Free text that others wrote and that may name a person: what erasure cannot clear by
itself, listed on the erasure page so an administrator can check each by hand.

Only where and when is listed, never the text: an injury's description is health data. The
search is the person's name as written on the staff list ("Jane Smith", any case), within
their own organisation's records.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from breakaway.assessments.models import Incident
from breakaway.delivery.models import StaffMember, TrainingIncident
from breakaway.evaluation.models import Response, Testimonial

LIMIT = 20  # of each kind: enough to know where to look


@dataclass(frozen=True)
class Mention:
    kind: str
    when: dt.datetime | dt.date


def _name(person: StaffMember) -> str:
    """The name to look for: both parts when there are two (one alone is too common)."""
    return " ".join(part.strip() for part in (person.first_name, person.last_name) if part.strip())


def _containing(fields: tuple[str, ...], name: str) -> Q:
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__icontains": name})
    return query


def free_text_mentions(*, person: StaffMember) -> list[Mention]:
    """Places in the organisation's free text that contain the person's name: injuries and
    near misses in training, questionnaire answers (comments), testimonials and incident
    descriptions. At most LIMIT of each kind, newest first; four queries."""
    name = _name(person)
    if len(name) < 3:
        return []
    organisation = person.organisation_id
    mentions: list[Mention] = []
    for incident in (
        TrainingIncident.objects.filter(engagement__organisation_id=organisation)
        .filter(_containing(("description", "action_taken"), name))
        .order_by("-happened_at")[:LIMIT]
    ):
        mentions.append(Mention(incident.get_kind_display(), incident.happened_at))
    # JSON text escapes letters beyond ASCII on some databases ("José" is "Jos\u00e9"), so
    # the escaped spelling is searched too.
    escaped = json.dumps(name)[1:-1]
    answers = Cast("answers", TextField())
    for response in (
        Response.objects.annotate(text=answers)
        .filter(enrolment__engagement__organisation_id=organisation)
        .filter(Q(text__icontains=name) | Q(text__icontains=escaped))
        .select_related("questionnaire")
        .order_by("-updated_at")[:LIMIT]
    ):
        mentions.append(
            Mention(
                _("Questionnaire answer (%(phase)s)")
                % {"phase": response.questionnaire.get_phase_display()},
                response.updated_at,
            )
        )
    for testimonial in Testimonial.objects.filter(
        response__enrolment__engagement__organisation_id=organisation, text__icontains=name
    ).order_by("-consented_at")[:LIMIT]:
        mentions.append(Mention(_("Testimonial"), testimonial.consented_at))
    for row in Incident.objects.filter(
        organisation_id=organisation, description__icontains=name
    ).order_by("-occurred_at")[:LIMIT]:
        mentions.append(Mention(_("Incident description"), row.occurred_on))
    return mentions
