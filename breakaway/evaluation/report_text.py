"""The impact report's summary, written from the numbers with their uncertainty.

Pure Python. Honest by construction (FACTS.md §3): questionnaires before and after show
whether knowledge and confidence changed, which training reliably does; they cannot show
that assaults fell, and an incident-rate change cannot be put down to the training alone.
Every sentence gives the number of people it rests on and, where there is one, the 95%
confidence interval; a change whose interval includes 0 is called "no clear change".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

PHASE_WORDS = {"pre": "before", "post": "at the end", "follow_up": "at follow-up"}
SMALL_SAMPLE = 10  # fewer pairs than this: say the result is uncertain because it is small

WHAT_IT_CANNOT_SHOW = (
    "These questionnaires show how knowledge and confidence changed for the people who "
    "answered them. They cannot show that assaults or injuries fell: that needs incident "
    "records, and even then a change cannot be put down to the training alone, because "
    "reporting, staffing and the people you support change too. Research finds that this "
    "kind of training reliably raises knowledge and confidence, while the evidence that it "
    "reduces assaults is weak."
)


def number(value: float, decimals: int = 1) -> str:
    """A number for reading: rounded, with a real minus sign, no "-0.0"."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = f"{0:.{decimals}f}"
    return text.replace("-", "−")


def _unit(scale: Mapping[str, Any]) -> str:
    if scale.get("score") == "percent_correct":
        return "% correct"
    high = scale.get("max")
    return f" out of {number(high, 0)}" if high is not None else ""


def _scale_value(value: float, scale: Mapping[str, Any]) -> str:
    if scale.get("score") == "percent_correct":
        return f"{number(value, 0)}%"
    return number(value)


def change_sentence(comparison: Mapping[str, Any], scale: Mapping[str, Any]) -> str:
    """One comparison (a scale from one phase to another) as a sentence, or "" when no pairs."""
    n = comparison.get("n_pairs") or 0
    name = str(scale.get("name", comparison.get("scale", "")))
    earlier = PHASE_WORDS.get(comparison["from"], comparison["from"])
    later = PHASE_WORDS.get(comparison["to"], comparison["to"])
    if n == 0 or comparison.get("from_mean") is None:
        return ""
    from_mean, to_mean = comparison["from_mean"], comparison["to_mean"]
    diff = comparison.get("mean_diff")
    ci = comparison.get("mean_diff_ci95")
    unit = "" if scale.get("score") == "percent_correct" else _unit(scale)
    points = " percentage points" if scale.get("score") == "percent_correct" else ""
    people = f"n = {n}"
    if diff is None or ci is None or None in ci:
        return (
            f"{name} was {_scale_value(from_mean, scale)} {earlier} and "
            f"{_scale_value(to_mean, scale)}{unit} {later} ({people}); too few people "
            "answered both to say how sure this is."
        )
    lo, hi = ci
    if lo > 0:
        verb = "rose"
    elif hi < 0:
        verb = "fell"
    else:
        verb = None
    decimals = 0 if points else 1
    interval = f"95% CI {number(lo, decimals)} to {number(hi, decimals)}"
    if verb:
        size = "rise" if verb == "rose" else "fall"
        text = (
            f"{name} {verb} from {_scale_value(from_mean, scale)} {earlier} to "
            f"{_scale_value(to_mean, scale)}{unit} {later} (mean {size} "
            f"{number(abs(diff), decimals)}{points}, {interval}; {people})."
        )
    else:
        text = (
            f"There was no clear change in {name.lower()} from {earlier} "
            f"({_scale_value(from_mean, scale)}) to {later} ({_scale_value(to_mean, scale)}"
            f"{unit}): the mean change was {number(diff, decimals)}{points} "
            f"({interval}; {people}), and the interval includes no change."
        )
    if n < SMALL_SAMPLE:
        text += " With so few people, treat this with caution."
    return text


def lasting_sentence(comparison: Mapping[str, Any], scale: Mapping[str, Any]) -> str:
    """Did the gain last? From the end of the course to the follow-up."""
    if not comparison.get("n_pairs") or comparison.get("mean_diff_ci95") in (None, [None, None]):
        return ""
    lo, hi = comparison["mean_diff_ci95"]
    name = str(scale.get("name", comparison.get("scale", "")))
    n = comparison["n_pairs"]
    if hi < 0:
        return (
            f"{name} fell back somewhat between the end of the course and the follow-up "
            f"(mean change {number(comparison['mean_diff'])}, 95% CI {number(lo)} to "
            f"{number(hi)}; n = {n}): skills fade without practice, so a refresher helps."
        )
    return (
        f"{name} held up between the end of the course and the follow-up (mean change "
        f"{number(comparison['mean_diff'])}, 95% CI {number(lo)} to {number(hi)}; n = {n})."
    )


def summary_paragraphs(
    *,
    attendance: Mapping[str, Any],
    scales: Sequence[Mapping[str, Any]],
    comparisons: Sequence[Mapping[str, Any]],
    reaction: Mapping[str, Any] | None,
    incidents: Mapping[str, Any] | None,
) -> list[str]:
    """The summary at the top of the report, one paragraph per finding, always ending with
    what the numbers cannot show.

    `scales` are `{"id", "name", "score", "min", "max"}`; `comparisons` are the analysis's
    (`{"scale", "from", "to", "n_pairs", "from_mean", "to_mean", "mean_diff",
    "mean_diff_ci95", …}`); `incidents` is `incident_rates.RateChange.to_dict()`.
    """
    paragraphs = []
    enrolled, attended = attendance.get("enrolled", 0), attendance.get("attended", 0)
    if enrolled:
        text = f"{attended} of {enrolled} people booked attended the training"
        completed = attendance.get("completed")
        text += f", and {completed} completed it." if completed is not None else "."
        paragraphs.append(text)
    by_scale = {scale["id"]: scale for scale in scales}
    for scale in scales:
        found = {(c["from"], c["to"]): c for c in comparisons if c.get("scale") == scale["id"]}
        sentences = []
        main = found.get(("pre", "post"))
        if main and main.get("n_pairs"):
            sentences.append(change_sentence(main, by_scale[scale["id"]]))
        elif found.get(("pre", "follow_up"), {}).get("n_pairs"):
            sentences.append(change_sentence(found[("pre", "follow_up")], scale))
        lasting = found.get(("post", "follow_up"))
        if lasting and lasting.get("n_pairs"):
            sentences.append(lasting_sentence(lasting, scale))
        if any(sentences):
            paragraphs.append(" ".join(s for s in sentences if s))
    if reaction and reaction.get("n"):
        paragraphs.append(reaction_sentence(reaction))
    if incidents:
        paragraphs.append(incident_sentence(incidents))
    if len(paragraphs) <= (1 if enrolled else 0):
        paragraphs.append(
            "Not enough people have answered both before and after the course yet to say how "
            "their knowledge and confidence changed."
        )
    paragraphs.append(WHAT_IT_CANNOT_SHOW)
    return [p for p in paragraphs if p]


def reaction_sentence(reaction: Mapping[str, Any]) -> str:
    """How the attendees rated the course."""
    n = reaction["n"]
    parts = []
    if reaction.get("score") is not None:
        parts.append(
            f"Attendees rated the course {number(reaction['score'])} out of 5 for relevance "
            f"and teaching (n = {n})"
        )
    recommend = reaction.get("recommend") or {}
    if recommend.get("n"):
        parts.append(
            f"{recommend['promoters']} of {recommend['n']} would be very likely to recommend "
            f"it to a colleague (9 or 10 out of 10), {recommend['detractors']} unlikely (0 to 6)"
        )
    if not parts:
        return ""
    return "; ".join(parts) + "."


def incident_sentence(incidents: Mapping[str, Any]) -> str:
    """The incident-rate change with the reminder of what it cannot prove, or why none."""
    if incidents.get("status") != "ok":
        return str(incidents.get("message", ""))
    return (
        f"{incidents.get('finding', '')} This compares the same organisation before and after; "
        "it cannot prove the training caused any change (see the notes beside the chart)."
    )


# Retention between the course and the follow-up (`learning.engagement_retention`) ---------

RETENTION_WHAT_IT_SHOWS = (
    "This shows how well people recalled the answers to our refresher questions as time "
    "passed since the course. It does not show what they do at work: knowing the answer is "
    "not the same as using the skill under pressure. The refreshers are practice in "
    "themselves, and the people who answer may differ from those who do not."
)


def period_words(point: Mapping[str, Any], period_days: int) -> str:
    """A period since the course in words: "weeks 1 to 2", or "days 0 to 9"."""
    if period_days % 7 == 0:
        first, last = point["from_day"] // 7 + 1, point["to_day"] // 7 + 1
        return f"week {first}" if first == last else f"weeks {first} to {last}"
    return f"days {point['from_day']} to {point['to_day']}"


def _percent(share: float) -> str:
    return f"{number(100 * share, 0)}%"


def retention_paragraphs(retention: Mapping[str, Any]) -> list[str]:
    """What the refresher answers between the course and the follow-up show, in words: why
    there is nothing when there is nothing, a caution when they are few, and always what
    they cannot show."""
    sent, people_sent = retention.get("refreshers_sent", 0), retention.get("people_sent", 0)
    answers, people = retention.get("answers", 0), retention.get("people", 0)
    if not sent:
        return [
            "No refreshers were sent to the people on this course between the course and the "
            "follow-up (refreshers may not have been running yet), so there is nothing to show."
        ]
    if not answers:
        return [
            f"{sent} refresher{'s were' if sent != 1 else ' was'} sent to {people_sent} "
            f"{'people' if people_sent != 1 else 'person'} between the course and the "
            "follow-up, but none had been answered, so there is nothing to show yet."
        ]
    paragraphs = [
        f"Between the course and the follow-up, {people} "
        f"{'people' if people != 1 else 'person'} answered {answers} refresher "
        f"question{'s' if answers != 1 else ''}, and {_percent(retention['share'])} of the "
        "answers were right."
    ]
    points = retention.get("points") or []
    period_days = int(retention.get("period_days") or 14)
    if len(points) > 1:
        first, last = points[0], points[-1]
        paragraphs.append(
            f"In {period_words(first, period_days)} after the course "
            f"{_percent(first['share'])} were right (n = {first['answered']} answers); in "
            f"{period_words(last, period_days)}, {_percent(last['share'])} "
            f"(n = {last['answered']})."
        )
    if retention.get("few") or any(p.get("few") for p in points):
        paragraphs.append(
            "These figures rest on few people or few answers, so differences between periods "
            "may well be chance: treat them with caution."
        )
    paragraphs.append(RETENTION_WHAT_IT_SHOWS)
    return paragraphs
