"""Retention for an impact report: how the course's attendees answered their refreshers
between the course and the close of the follow-up questionnaire.

Answers count for an engagement when they are to refreshers on a certificate from that
engagement (so a person's other courses do not mix in) and were given on or after the
course's last day and before the follow-up closed. The curve is `retention.retention_curve`,
by two-week periods by default. What comes back is JSON-ready: an issued report keeps it.

One query however many engagements, people and answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from breakaway.evaluation.models import Phase, Questionnaire
from breakaway.evaluation.questionnaire_services import follow_up_open, follow_up_weeks
from breakaway.learning.models import Refresher
from breakaway.learning.retention import retention_curve
from breakaway.scheduling.models import Engagement, EngagementDay

PERIOD_DAYS: Final = 14  # two-week periods: the follow-up comes about 16 weeks after
FEW_ANSWERS: Final = 30  # fewer answers in all than this: the report says they are few
FEW_PEOPLE: Final = 5  # and the same with fewer people than this
FEW_IN_PERIOD: Final = 10  # a period with fewer answers than this is marked as uncertain


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def default_close(last_day: dt.date) -> dt.datetime:
    """When the follow-up of a course ending on `last_day` closes, by the settings (for an
    engagement whose follow-up questionnaire has not been made)."""
    return _midnight(last_day + dt.timedelta(weeks=follow_up_weeks()) + follow_up_open())


def _refresher_rows(engagements: Sequence[Engagement]) -> list[tuple[Any, ...]]:
    """One query: each refresher sent since its course's last day and before the follow-up
    closed, once per answer (or once with no answer), with the course's window."""
    engagement = OuterRef("certificate__enrolment__engagement_id")
    last_day = Subquery(
        EngagementDay.objects.filter(engagement=engagement).order_by("-date").values("date")[:1]
    )
    close = Subquery(
        Questionnaire.objects.filter(engagement=engagement, phase=Phase.FOLLOW_UP).values(
            "closes_at"
        )[:1]
    )
    return list(
        Refresher.objects.filter(certificate__enrolment__engagement__in=engagements)
        .annotate(last_day=last_day, close=close)
        .filter(sent_on__gte=F("last_day"))
        .filter(Q(close__isnull=True) | Q(sent_at__lt=F("close")))
        .values_list(
            "pk",
            "last_day",
            "close",
            "staff_member_id",
            "sent_at",
            "answers__answered_at",
            "answers__days_since_course",
            "answers__correct",
        )
        .order_by()
    )


def retention_figures(
    *,
    answers: Sequence[tuple[int, int, bool]],
    sent: Mapping[int, int],
    period_days: int = PERIOD_DAYS,
    window: tuple[dt.date, dt.date] | None = None,
) -> dict[str, Any]:
    """The report's retention figures (JSON-ready) from (person, days since the course,
    right?) answers and the refreshers sent (refresher → person). Pure."""
    curve = retention_curve([(days, right) for _p, days, right in answers], period_days=period_days)
    correct = sum(1 for *_rest, right in answers if right)
    people = {person for person, _d, _r in answers}
    return {
        "period_days": period_days,
        "refreshers_sent": len(sent),
        "people_sent": len(set(sent.values())),
        "people": len(people),
        "answers": len(answers),
        "correct": correct,
        "share": correct / len(answers) if answers else None,
        "few": len(answers) < FEW_ANSWERS or len(people) < FEW_PEOPLE,
        "points": [
            {
                "period": point.period,
                "from_day": point.period * period_days,
                "to_day": (point.period + 1) * period_days - 1,
                "answered": point.answered,
                "correct": point.correct,
                "share": point.share,
                "few": point.answered < FEW_IN_PERIOD,
            }
            for point in curve
        ],
        "window_from": window[0].isoformat() if window else None,
        "window_to": window[1].isoformat() if window else None,
    }


def engagement_retention(
    *, engagements: Sequence[Engagement], period_days: int = PERIOD_DAYS
) -> dict[str, Any]:
    """The attendees' refresher answers between the course and the follow-up's close: share
    right per period since the course, with how many people and answers it rests on and how
    many refreshers were sent in that time (to tell "not sent yet" from "not answered")."""
    sent: dict[int, int] = {}  # refresher → person
    answers: list[tuple[int, int, bool]] = []
    lasts: set[dt.date] = set()
    closes: set[dt.datetime] = set()
    for pk, last_day, close, person, sent_at, answered_at, days, right in _refresher_rows(
        engagements
    ):
        close = close or default_close(last_day)
        if sent_at >= close:
            continue
        sent[pk] = person
        lasts.add(last_day)
        closes.add(close)
        if answered_at is not None and answered_at < close:
            answers.append((person, days, right))
    window = (min(lasts), timezone.localdate(max(closes))) if lasts else None
    return retention_figures(answers=answers, sent=sent, period_days=period_days, window=window)
