"""Demo answers: for each delivered demo course with people on it, its questionnaires and
plausible responses. Confidence and knowledge rise after the course and part of the gain fades
by the follow-up; some people do not answer every phase; one paper form repeats an online
answer; the reaction has a few comments, one with consent to show it as a testimonial.

Idempotent: a course that has any response is left alone. The numbers come from a seeded
generator, so every demo database tells the same story.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Final

from django.db.models import Max
from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.delivery.models import Enrolment
from breakaway.evaluation.instruments import Instrument, parse_instrument
from breakaway.evaluation.models import InstrumentVersion, Phase, Questionnaire, Response
from breakaway.evaluation.questionnaire_services import questionnaires_ensure
from breakaway.scheduling.models import Engagement

# Who answers each phase (of those on the course).
ANSWERS: Final[dict[str, float]] = {Phase.PRE: 0.9, Phase.POST: 0.95, Phase.FOLLOW_UP: 0.65}
# Chance of a right answer to a knowledge question, by phase.
KNOWLEDGE: Final[dict[str, float]] = {Phase.PRE: 0.55, Phase.POST: 0.86, Phase.FOLLOW_UP: 0.76}
# Confidence (0-10) over the person's own starting point, by phase.
CONFIDENCE_GAIN: Final[dict[str, float]] = {Phase.PRE: 0.0, Phase.POST: 3.0, Phase.FOLLOW_UP: 2.0}
COMMENTS: Final = [
    "The trainer made it feel real: the role plays were about our ward, not a textbook.",
    "More time on the breakaways please, it went quickly.",
    "I feel much calmer about night shifts now.",
    "Good day. The bit on exits and where to stand was new to me.",
]
TESTIMONIAL: Final = (
    "I was dreading this, but it was practical and kind. I used the calm-words approach "
    "the very next week and it worked."
)


def _when(questionnaire: Questionnaire, rng: random.Random) -> dt.datetime:
    """A moment while the questionnaire was open (and not in the future)."""
    span = (min(questionnaire.closes_at, timezone.now()) - questionnaire.opens_at).total_seconds()
    return questionnaire.opens_at + dt.timedelta(seconds=rng.uniform(0.1, 0.9) * max(span, 60))


def _answers(
    instrument: Instrument, phase: str, start: float, rng: random.Random, extra: dict[str, Any]
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in instrument.items:
        if item.type == "scale":
            low, high = int(item.min or 0), int(item.max or 10)
            if high == 10 and low == 0 and item.id not in ("recommend",):
                value = start + CONFIDENCE_GAIN[phase] + rng.gauss(0, 0.9)
                value = round(min(max(value, low), high))
                answers[item.id] = (low + high - value) if item.reverse else value
            elif item.id == "recommend":
                answers[item.id] = rng.choice([7, 8, 8, 9, 9, 10, 10])
            else:
                answers[item.id] = rng.choice([3, 4, 4, 5, 5, 5]) if high == 5 else high
        elif item.type == "choice" and item.correct is not None:
            wrong = [o for o in item.options if o != item.correct]
            right = rng.random() < KNOWLEDGE[phase]
            answers[item.id] = item.correct if right else rng.choice(wrong)
        elif item.type == "choice":
            answers[item.id] = rng.choice(item.options)
        else:
            answers[item.id] = None
    for key, value in extra.items():
        if key in instrument.item_index:
            answers[key] = value
    return answers


def _reaction_extra(index: int, rng: random.Random, first: bool) -> dict[str, Any]:
    extra: dict[str, Any] = {"pace": rng.choice(["right", "right", "right", "fast"])}
    if first and index == 0:
        extra.update(comments=TESTIMONIAL, testimonial="yes")
    elif index % 3 == 1:
        extra.update(comments=COMMENTS[index % len(COMMENTS)], testimonial="no")
    else:
        extra.update(testimonial="no")
    return extra


def _respond(
    questionnaire: Questionnaire,
    enrolment: Enrolment,
    version: InstrumentVersion,
    answers: dict[str, Any],
    when: dt.datetime,
    source: str = Response.Source.ONLINE,
) -> Response:
    return Response.objects.create(
        questionnaire=questionnaire,
        enrolment=enrolment,
        instrument_version=version,
        answers=answers,
        source=source,
        started_at=when - dt.timedelta(minutes=9),
        updated_at=when,
        submitted_at=when,
    )


def _seed_engagement(engagement: Engagement, first: bool) -> int:
    seed = f"breakaway-demo-{engagement.organisation.slug}-{engagement.last_day}"  # type: ignore[attr-defined]
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    questionnaires = questionnaires_ensure(engagement=engagement)
    people = list(
        Enrolment.objects.filter(engagement=engagement, status=Enrolment.Status.ENROLLED)
        .exclude(outcome=Enrolment.Outcome.DID_NOT_ATTEND)
        .order_by("pk")
    )
    starts = {e.pk: min(max(rng.gauss(4.3, 1.4), 1.0), 7.5) for e in people}
    now = timezone.now()
    made = 0
    for questionnaire in questionnaires:
        if questionnaire.opens_at > now:
            continue
        versions = list(questionnaire.instruments.order_by("pk"))
        parsed = {v.pk: parse_instrument(v.definition) for v in versions}
        for index, enrolment in enumerate(people):
            if rng.random() > ANSWERS[questionnaire.phase]:
                continue  # attrition: this person did not answer this time
            when = _when(questionnaire, rng)
            for version in versions:
                instrument = parsed[version.pk]
                extra = (
                    _reaction_extra(index, rng, first)
                    if instrument.id == "breakaway-reaction"
                    else {}
                )
                answers = _answers(
                    instrument, questionnaire.phase, starts[enrolment.pk], rng, extra
                )
                _respond(questionnaire, enrolment, version, answers, when)
                made += 1
                if (
                    first
                    and index == 0
                    and instrument.id == "breakaway-confidence"
                    and (questionnaire.phase == Phase.PRE)
                ):
                    # A paper form filled in on the day as well: the analysis takes the last.
                    again = _answers(instrument, questionnaire.phase, starts[enrolment.pk], rng, {})
                    _respond(
                        questionnaire,
                        enrolment,
                        version,
                        again,
                        when + dt.timedelta(hours=2),
                        Response.Source.PAPER,
                    )
                    made += 1
    return made


def seed_responses(provider: Organisation) -> int:
    """Questionnaires and answers for the provider's delivered demo courses, where missing;
    returns how many responses were made."""
    today = timezone.localdate()
    engagements = (
        Engagement.objects.filter(organisation__provider=provider)
        .exclude(status=Engagement.Status.CANCELLED)
        .annotate(last_day=Max("days__date"))
        .filter(last_day__lt=today, enrolments__status=Enrolment.Status.ENROLLED)
        .exclude(questionnaires__responses__isnull=False)
        .select_related("organisation")
        .prefetch_related("days")
        .distinct()
        .order_by("last_day", "pk")
    )
    made = 0
    for number, engagement in enumerate(engagements):
        made += _seed_engagement(engagement, first=number == 0)
    return made
