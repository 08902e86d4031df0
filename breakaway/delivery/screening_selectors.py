"""Who may read health-screening answers, and the reads themselves.

Only the trainers assigned to the engagement and the provider's safeguarding lead may: not
the client's staff, not other provider staff, not a superuser as such. Anyone else gets 404,
so the pages do not even say whether answers exist. Views record every read through
`screening_services.screening_view_record`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from breakaway.accounts.roles import standing
from breakaway.delivery.models import Enrolment, HealthScreening
from breakaway.delivery.roster_selectors import is_assigned_trainer, provider_id_of
from breakaway.delivery.screening_services import QUESTIONS
from breakaway.scheduling.models import Engagement


def is_safeguarding_lead_for(*, user: Any, engagement: Engagement) -> bool:
    """Whether the user is the safeguarding lead of the provider that runs this engagement."""
    provider_id = provider_id_of(engagement.organisation)
    return any(
        m.is_safeguarding_lead and m.organisation_id == provider_id
        for m in standing(user).memberships
    )


def may_read_screening(*, user: Any, engagement: Engagement) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_safeguarding_lead_for(user=user, engagement=engagement) or is_assigned_trainer(
        user=user, engagement=engagement
    )


def screening_engagement_get_for_user(*, user: Any, pk: int) -> Engagement:
    """An engagement whose screening answers the user may read; 404 for anyone else."""
    engagement = (
        Engagement.objects.select_related("organisation__provider", "design", "venue__site")
        .prefetch_related("days")
        .filter(pk=pk)
        .first()
    )
    if engagement is None or not may_read_screening(user=user, engagement=engagement):
        raise Http404("No such engagement.")
    return engagement


@dataclass(frozen=True)
class ScreeningRow:
    enrolment: Enrolment
    screening: HealthScreening | None


def screening_rows(*, engagement: Engagement) -> list[ScreeningRow]:
    """Everyone in a group, with their screening if they sent it; flagged people not yet talked
    to first, then by name. Two queries."""
    enrolments = list(
        Enrolment.objects.filter(engagement=engagement, status=Enrolment.Status.ENROLLED)
        .select_related("staff_member", "group")
        .order_by("staff_member__last_name", "staff_member__first_name", "pk")
    )
    screenings = {
        s.enrolment_id: s
        for s in HealthScreening.objects.filter(enrolment__in=enrolments).select_related(
            "discussed_by"
        )
    }
    rows = [ScreeningRow(e, screenings.get(e.pk)) for e in enrolments]

    def waiting_for_talk(row: ScreeningRow) -> int:
        s = row.screening
        return 0 if s is not None and s.flagged and s.discussed_at is None else 1

    return sorted(rows, key=waiting_for_talk)


def screening_get_for_user(*, user: Any, pk: int) -> HealthScreening:
    """One person's answers, for a reader allowed on its engagement; 404 for anyone else."""
    screening = (
        HealthScreening.objects.select_related(
            "enrolment__staff_member",
            "enrolment__group",
            "enrolment__engagement__organisation__provider",
            "discussed_by",
        )
        .filter(pk=pk)
        .first()
    )
    if screening is None or not may_read_screening(
        user=user, engagement=screening.enrolment.engagement
    ):
        raise Http404("No such screening.")
    return screening


def screening_answer_list(screening: HealthScreening) -> list[tuple[str, bool | None]]:
    """(question, answer) in the order asked; None for a question not answered."""
    return [(str(text), screening.answers.get(code)) for code, text in QUESTIONS.items()]
