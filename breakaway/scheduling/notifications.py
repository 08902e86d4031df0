"""Telling people about rota changes by e-mail: trainers when their work changes, planners when
a trainer declines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse

from breakaway.accounts.models import Membership
from breakaway.core.emails import email_send
from breakaway.scheduling.eligibility import long_date
from breakaway.scheduling.models import Engagement, EngagementDay

KINDS = ("added", "removed", "moved", "cancelled")


def _describe(engagements: Iterable[Engagement]) -> list[dict[str, str]]:
    engagements = list(engagements)
    days: dict[int, list[Any]] = {}
    for engagement_id, date in EngagementDay.objects.filter(engagement__in=engagements).values_list(
        "engagement_id", "date"
    ):
        days.setdefault(engagement_id, []).append(date)
    described = []
    for engagement in engagements:
        dates = sorted(days.get(engagement.pk, []))
        venue = engagement.venue.site.name if engagement.venue_id and engagement.venue else ""
        described.append(
            {
                "client": engagement.organisation.name,
                "dates": ", ".join(long_date(d) for d in dates),
                "venue": venue,
            }
        )
    return described


def rota_link() -> str:
    return settings.BREAKAWAY_SITE_URL.rstrip("/") + reverse("scheduling:my_rota")


def notify_trainers(
    *, changes: Mapping[Any, Mapping[str, Iterable[Engagement]]], reason: str
) -> int:
    """One e-mail to each trainer listing what changed in their work; returns how many."""
    sent = 0
    link = rota_link()
    for trainer, change in changes.items():
        context = {kind: _describe(change.get(kind, [])) for kind in KINDS}
        if not any(context.values()) or not trainer.user.email:
            continue
        email_send(
            template="rota_update",
            to=[trainer.user.email],
            context={**context, "name": trainer.user.get_short_name(), "reason": reason,
                     "link": link},
        )  # fmt: skip
        sent += 1
    return sent


def planner_emails(*, provider: Any) -> list[str]:
    """The provider's planners: its administrators and advisors."""
    return sorted(
        set(
            Membership.objects.filter(
                organisation=provider, role__in=("provider_admin", "advisor")
            ).values_list("user__email", flat=True)
        )
    )


def notify_planners_declined(*, assignment: Any, provider: Any) -> None:
    """Tell the planners a trainer cannot work an engagement, and why."""
    to = planner_emails(provider=provider)
    if not to:
        return
    engagement = assignment.engagement
    link = settings.BREAKAWAY_SITE_URL.rstrip("/") + reverse(
        "scheduling:engagement_detail", kwargs={"pk": engagement.pk}
    )
    email_send(
        template="rota_declined",
        to=to,
        context={
            "trainer": str(assignment.trainer),
            "engagement": _describe([engagement])[0],
            "reason": assignment.declined_reason,
            "link": link,
        },
    )
