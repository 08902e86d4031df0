"""Hand-made engagements with answered questionnaires, for the impact report's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.assessments.models import Incident
from breakaway.delivery.models import Enrolment
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.evaluation.models import InstrumentVersion, Phase, Questionnaire, Response
from breakaway.evaluation.shipped import shipped_instruments_load
from breakaway.scheduling.models import Engagement
from breakaway.scheduling.tests.factories import engagement_for

TRAINED_ON = dt.date(2026, 3, 10)
CONFIDENCE_ITEMS = (
    "spot-signs", "calm-words", "own-body", "exits", "choose-option",
    "break-free", "law", "report", "freeze", "avoid",
)  # fmt: skip
REVERSED = {"freeze", "avoid"}


def versions() -> dict[str, InstrumentVersion]:
    return {v.instrument.key: v for v in shipped_instruments_load()}


def confidence_answers(level: int) -> dict[str, int]:
    """Every confidence item answered so the scale score is `level` (reverse items turned)."""
    return {item: (10 - level if item in REVERSED else level) for item in CONFIDENCE_ITEMS}


def knowledge_answers(right: int, questions: list[str]) -> dict[str, str]:
    return {q: ("a" if i < right else "b") for i, q in enumerate(questions)}


def engagement_with_answers(
    organisation: Organisation,
    *,
    people: int = 6,
    pre: tuple[int, ...] = (4, 5, 5, 6, 3, 4),
    post: tuple[int, ...] = (7, 8, 7, 8, 6, 7),
    reaction: tuple[int, int, int] = (5, 4, 9),
    comments: str = "Really useful for the ward.",
    follow_up_closes: dt.datetime | None = None,
) -> Engagement:
    """An engagement on TRAINED_ON with `people` attending: confidence and knowledge before and
    after, and reaction (relevant, trainer, recommend) at the end."""
    engagement = engagement_for(organisation, days=[TRAINED_ON])
    engagement.status = Engagement.Status.DELIVERED
    engagement.save(update_fields=["status"])
    v = versions()
    questions = [i["id"] for i in v["breakaway-knowledge"].definition["items"]]
    start = timezone.make_aware(dt.datetime(2026, 3, 1))
    questionnaires = {}
    for phase, opens in ((Phase.PRE, 0), (Phase.POST, 9), (Phase.FOLLOW_UP, 90)):
        questionnaire = Questionnaire.objects.create(
            engagement=engagement,
            phase=phase,
            opens_at=start + dt.timedelta(days=opens),
            closes_at=(
                follow_up_closes
                if phase == Phase.FOLLOW_UP and follow_up_closes
                else start + dt.timedelta(days=opens + 20)
            ),
        )
        questionnaires[phase] = questionnaire
    for index in range(people):
        person = StaffMemberFactory(organisation=organisation, role="Healthcare assistant")
        enrolment = Enrolment.objects.create(
            engagement=engagement, staff_member=person, outcome=Enrolment.Outcome.COMPLETED
        )
        _answer(questionnaires[Phase.PRE], enrolment, v["breakaway-confidence"],
                confidence_answers(pre[index % len(pre)]))  # fmt: skip
        _answer(questionnaires[Phase.POST], enrolment, v["breakaway-confidence"],
                confidence_answers(post[index % len(post)]))  # fmt: skip
        _answer(questionnaires[Phase.PRE], enrolment, v["breakaway-knowledge"],
                knowledge_answers(10 + index % 3, questions))  # fmt: skip
        _answer(questionnaires[Phase.POST], enrolment, v["breakaway-knowledge"],
                knowledge_answers(18 + index % 3, questions))  # fmt: skip
        relevant, trainer, recommend = reaction
        _answer(
            questionnaires[Phase.POST],
            enrolment,
            v["breakaway-reaction"],
            {
                "relevant": relevant,
                "trainer": trainer,
                "pace": "right" if index % 3 else "fast",
                "recommend": recommend,
                "comments": comments if index == 0 else "",
                "testimonial": "yes" if index == 0 else "no",
            },
        )
    return engagement


def _answer(
    questionnaire: Questionnaire,
    enrolment: Enrolment,
    version: InstrumentVersion,
    answers: dict[str, Any],
) -> Response:
    return Response.objects.create(
        questionnaire=questionnaire,
        enrolment=enrolment,
        instrument_version=version,
        answers=answers,
        submitted_at=questionnaire.opens_at + dt.timedelta(days=1),
    )


def incidents_monthly(organisation: Organisation, counts: dict[str, int]) -> None:
    """`counts` incidents in each 'YYYY-MM' month, on its 10th at noon."""
    rows = []
    for key, n in counts.items():
        day = dt.date(int(key[:4]), int(key[5:7]), 10)
        when = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12))
        rows += [
            Incident(
                organisation=organisation,
                occurred_at=when,
                occurred_on=day,
                hour=12,
                weekday=day.weekday(),
            )
            for _ in range(n)
        ]
    Incident.objects.bulk_create(rows)
