"""Reading what the impact report needs: attendance, the analysed responses, reaction, the
incident-rate change and the refresher answers up to the follow-up, as one JSON-ready dict
(what `ImpactReport.data` keeps when issued).

A report costs the same handful of queries however many people answered: responses are read
in one query, attendance is counted in SQL, and incidents are counted by day in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404

from breakaway.accounts.models import Organisation
from breakaway.assessments.models import Incident
from breakaway.delivery.models import Enrolment
from breakaway.evaluation.analysis import analyse, read_responses
from breakaway.evaluation.incident_rates import incident_rate_change, month_key
from breakaway.evaluation.instruments import PHASES, Instrument, parse_instrument
from breakaway.evaluation.models import Response
from breakaway.evaluation.report_text import summary_paragraphs
from breakaway.learning.engagement_retention import engagement_retention
from breakaway.scheduling.models import Engagement
from breakaway.scheduling.selectors import engagement_get_for_user, engagement_list_for_user

REACTION_ITEMS = ("relevant", "trainer")
RECOMMEND = "recommend"


def engagement_get_for_report(*, user: Any, pk: int) -> Engagement:
    """An engagement whose report the user may read (its client's staff, the provider's sales
    staff); 404 otherwise, and for a cancelled engagement."""
    engagement = engagement_get_for_user(user=user, pk=pk)
    if engagement.status == Engagement.Status.CANCELLED:
        raise Http404("A cancelled engagement has no impact report.")
    return engagement


def client_get_for_report(*, user: Any, slug: str) -> tuple[Organisation, list[Engagement]]:
    """A client and its engagements the user may see (at least one), for the combined report."""
    engagements = list(
        engagement_list_for_user(user=user)
        .filter(organisation__slug=slug)
        .exclude(status=Engagement.Status.CANCELLED)
        .prefetch_related("days")
        .order_by("first_day", "pk")
    )
    if not engagements:
        raise Http404("No engagements for this client.")
    return engagements[0].organisation, engagements


# Responses ----------------------------------------------------------------------------------


def _counted(response: Response) -> bool:
    return response.submitted_at is not None or response.source == Response.Source.PAPER


def responses_for(engagements: Sequence[Engagement]) -> list[Response]:
    """The submitted (or paper) responses of these engagements, oldest first: the last wins."""
    rows = (
        Response.objects.filter(questionnaire__engagement__in=engagements)
        .filter(Q(submitted_at__isnull=False) | Q(source=Response.Source.PAPER))
        .select_related("questionnaire", "instrument_version__instrument")
        .order_by()
    )
    return sorted(rows, key=lambda r: (r.submitted_at or r.updated_at, r.pk))


def _answer_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def response_rows(instrument: Instrument, responses: Iterable[Response]) -> list[list[str]]:
    """`person, phase, <item ids…>` rows for `analysis.read_responses`, in answering order."""
    columns = [item.id for item in instrument.items if item.type != "text"]
    rows = [["person", "phase", *columns]]
    for response in responses:
        answers = response.answers or {}
        rows.append(
            [
                str(response.enrolment_id),
                response.questionnaire.phase,
                *(_answer_text(answers.get(column)) for column in columns),
            ]
        )
    return rows


def _scale_meta(instrument: Instrument) -> list[dict[str, Any]]:
    scales = []
    for scale in instrument.scales:
        items = [instrument.item(item_id) for item_id in scale.items]
        if scale.score == "percent_correct":
            low, high = 0.0, 100.0
        elif scale.score == "sum":
            low = sum(item.min or 0 for item in items)
            high = sum(item.max or 0 for item in items)
        else:
            low = min((item.min or 0 for item in items), default=0)
            high = max((item.max or 0 for item in items), default=0)
        scales.append(
            {
                "id": scale.id,
                "name": scale.name,
                "score": scale.score,
                "min": low,
                "max": high,
                "items": list(scale.items),
            }
        )
    return scales


def instrument_results(responses: Sequence[Response]) -> list[dict[str, Any]]:
    """Per instrument version: its scales, item texts and the full analysis (last wins)."""
    by_version: dict[int, list[Response]] = defaultdict(list)
    for response in responses:
        by_version[response.instrument_version_id].append(response)
    results = []
    for group in by_version.values():
        version = group[0].instrument_version
        instrument = parse_instrument(version.definition)
        if not instrument.scales and not any(i.type == "scale" for i in instrument.items):
            continue
        analysed = analyse(read_responses(response_rows(instrument, group), instrument))
        results.append(
            {
                "key": version.instrument.key,
                "name": version.instrument.name,
                "version": version.number,
                "scales": _scale_meta(instrument),
                "items": {
                    item.id: {"text": item.text, "min": item.min, "max": item.max}
                    for item in instrument.items
                },
                "analysis": analysed,
            }
        )
    return sorted(results, key=lambda r: (r["key"], r["version"]))


def _last_per_person(responses: Iterable[Response]) -> list[Response]:
    latest: dict[tuple[int, str, int], Response] = {}
    for response in responses:
        key = (response.enrolment_id, response.questionnaire.phase, response.instrument_version_id)
        latest[key] = response
    return list(latest.values())


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def reaction_summary(responses: Sequence[Response]) -> dict[str, Any] | None:
    """Reaction answers (the last of each person): mean per question, the reaction score
    (mean of relevance and teaching), the pace split, "would recommend" and comments."""
    reactions = [
        r
        for r in _last_per_person(responses)
        if all(
            item in {i["id"] for i in r.instrument_version.definition.get("items", [])}
            for item in (*REACTION_ITEMS, "pace")
        )
    ]
    if not reactions:
        return None
    means: dict[str, float | None] = {}
    for item in (*REACTION_ITEMS, RECOMMEND):
        values = [v for r in reactions if (v := _number(r.answers.get(item))) is not None]
        means[item] = sum(values) / len(values) if values else None
    people_scores = [
        sum(values) / len(values)
        for r in reactions
        if len(
            values := [v for i in REACTION_ITEMS if (v := _number(r.answers.get(i))) is not None]
        )
        == len(REACTION_ITEMS)
    ]
    recommend = [v for r in reactions if (v := _number(r.answers.get(RECOMMEND))) is not None]
    pace = Counter(str(r.answers.get("pace")) for r in reactions if r.answers.get("pace"))
    comments = [
        str(r.answers["comments"]).strip()
        for r in reactions
        if str(r.answers.get("comments") or "").strip()
    ]
    promoters = sum(1 for v in recommend if v >= 9)
    detractors = sum(1 for v in recommend if v <= 6)
    return {
        "n": len(reactions),
        "score": sum(people_scores) / len(people_scores) if people_scores else None,
        "score_n": len(people_scores),
        "means": means,
        "pace": {option: pace.get(option, 0) for option in ("slow", "right", "fast")},
        "recommend": {
            "n": len(recommend),
            "promoters": promoters,
            "passives": len(recommend) - promoters - detractors,
            "detractors": detractors,
            "score": round(100 * (promoters - detractors) / len(recommend)) if recommend else None,
        },
        "comments": comments,
    }


# Attendance and incidents -------------------------------------------------------------------


def attendance_for(engagements: Sequence[Engagement]) -> dict[str, Any]:
    """Booked, attended (signed in on at least one day) and completed, counted in SQL."""
    counts = (
        Enrolment.objects.filter(engagement__in=engagements)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .exclude(status=Enrolment.Status.WAITING)
        .aggregate(
            enrolled=Count("pk", distinct=True),
            # Signed in on a day, or given an outcome only someone who came can have.
            attended=Count(
                "pk",
                filter=Q(attendance__status__in=["present", "late", "left_early"])
                | Q(outcome__in=[Enrolment.Outcome.COMPLETED, Enrolment.Outcome.NOT_COMPLETED]),
                distinct=True,
            ),
            completed=Count("pk", filter=Q(outcome=Enrolment.Outcome.COMPLETED), distinct=True),
            not_completed=Count(
                "pk", filter=Q(outcome=Enrolment.Outcome.NOT_COMPLETED), distinct=True
            ),
            did_not_attend=Count(
                "pk", filter=Q(outcome=Enrolment.Outcome.DID_NOT_ATTEND), distinct=True
            ),
        )
    )
    return {key: int(value or 0) for key, value in counts.items()}


def training_date(engagement: Engagement) -> dt.date | None:
    days = sorted(day.date for day in engagement.days.all())
    return days[0] if days else None


def incidents_for(engagement: Engagement) -> dict[str, Any] | None:
    """The client's incident rate before and after the training (None without a date)."""
    trained_on = training_date(engagement)
    if trained_on is None:
        return None
    organisation = engagement.organisation
    by_day = (
        Incident.objects.filter(organisation=organisation)
        .values_list("occurred_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    monthly: Counter[str] = Counter()
    first = last = None
    for day, n in by_day:
        monthly[month_key(day)] += n
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
    change = incident_rate_change(
        monthly_incidents=monthly,
        staff=organisation.headcount or 0,
        training_on=trained_on,
        covered_from=first,
        covered_to=last,
    )
    return change.to_dict()


# The report ---------------------------------------------------------------------------------


def _header(engagements: Sequence[Engagement]) -> dict[str, Any]:
    from breakaway.delivery.attendee_services import course_title

    organisation = engagements[0].organisation
    days = sorted(day.date for e in engagements for day in e.days.all())
    return {
        "organisation": organisation.name,
        "organisation_slug": organisation.slug,
        "engagements": [
            {"id": e.pk, "course": course_title(e), "first_day": _iso(training_date(e))}
            for e in engagements
        ],
        "first_day": _iso(days[0] if days else None),
        "last_day": _iso(days[-1] if days else None),
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def impact_report_data(*, engagements: Sequence[Engagement]) -> dict[str, Any]:
    """Everything the report shows for one engagement, or several of one client's together
    (then the incident change is measured from the first engagement's training)."""
    prefetch_related_objects(list(engagements), "days")  # read several times below
    responses = responses_for(engagements)
    attendance = attendance_for(engagements)
    instruments = instrument_results(responses)
    reaction = reaction_summary(responses)
    incidents = incidents_for(engagements[0])
    scales = [scale for result in instruments for scale in result["scales"]]
    comparisons = [c for result in instruments for c in result["analysis"]["comparisons"]]
    return {
        **_header(engagements),
        "attendance": attendance,
        "responded": {
            phase: len({r.enrolment_id for r in responses if r.questionnaire.phase == phase})
            for phase in PHASES
        },
        "instruments": instruments,
        "reaction": reaction,
        "incidents": incidents,
        # Refresher answers between the course and the follow-up (kept when issued).
        "retention": engagement_retention(engagements=engagements),
        "summary": summary_paragraphs(
            attendance=attendance,
            scales=[s for s in scales if s["id"] != "reaction"],
            comparisons=comparisons,
            reaction=reaction,
            incidents=incidents if incidents and incidents["status"] != "no_log" else None,
        ),
    }
