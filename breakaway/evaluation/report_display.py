"""From the report's figures (`report_selectors.impact_report_data`, or an issued report's
`ImpactReport.data`) to what the page and the PDF show: charts with their tables.

The page and the PDF use the same context, so the PDF is the page's print version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from breakaway.core import charts as core_charts
from breakaway.evaluation import charts
from breakaway.evaluation.report_text import (
    PHASE_WORDS,
    number,
    period_words,
    retention_paragraphs,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PACE_WORDS = {"slow": "Too slow", "right": "About right", "fast": "Too fast"}


@dataclass(frozen=True)
class Chart:
    """A chart with its caption and the same data as a table (`headers` and `rows`)."""

    id: str
    title: str
    caption: str
    svg: SafeString
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    notes: list[str] = field(default_factory=list)


def _svg(markup: str) -> SafeString:
    # The chart functions escape every piece of text they draw.
    return mark_safe(markup)  # noqa: S308


def _mean(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else number(value, decimals)


def _effect(dz: float | None) -> str:
    # With (almost) no spread in the changes, dz is huge or undefined and means little.
    return "—" if dz is None or abs(dz) > 20 else number(dz, 2)


def _interval(ci: list[float | None] | None) -> str:
    if not ci or None in ci:
        return "—"
    return f"{number(ci[0])} to {number(ci[1])}"  # type: ignore[arg-type]


def month_label(key: str) -> str:
    return f"{MONTHS[int(key[5:7]) - 1]} {key[2:4]}"


def long_month(key: str) -> str:
    return dt.date(int(key[:4]), int(key[5:7]), 1).strftime("%B %Y")


def _comparison_rows(comparisons: list[dict[str, Any]], scale: dict[str, Any]) -> list[tuple]:
    rows = []
    for c in comparisons:
        if not c.get("n_pairs"):
            continue
        rows.append(
            (
                f"{PHASE_WORDS[c['from']].capitalize()} → {PHASE_WORDS[c['to']]}",
                str(c["n_pairs"]),
                _mean(c["from_mean"]),
                _mean(c["to_mean"]),
                _mean(c["mean_diff"]),
                _interval(c.get("mean_diff_ci95")),
                _effect(c.get("cohens_dz")),
            )
        )
    return rows


def scale_charts(instrument: dict[str, Any]) -> list[Chart]:
    """Per scale: the mean before, at the end and at follow-up; per item: before → after."""
    found = []
    analysis = instrument["analysis"]
    for scale in instrument["scales"]:
        if scale["id"] == "reaction":
            continue
        mine = [c for c in analysis["comparisons"] if c["scale"] == scale["id"]]
        shown = [c for c in mine if c.get("n_pairs")]
        if not shown:
            continue
        rows = [
            charts.Change(
                f"{PHASE_WORDS[c['from']]} → {PHASE_WORDS[c['to']]} (n = {c['n_pairs']})",
                c["from_mean"],
                c["to_mean"],
            )
            for c in shown
        ]
        unit = (
            "% correct"
            if scale["score"] == "percent_correct"
            else f"score {scale['min']:g} to {scale['max']:g}"
        )
        svg = charts.change_chart(
            rows,
            title=f"{scale['name']}: mean score, earlier and later",
            description=(
                f"For the people who answered both times: the mean {scale['name'].lower()} "
                "score at the earlier time (grey dot) and the later time (teal dot)."
            ),
            low=scale["min"],
            high=scale["max"],
            axis=f"Mean {scale['name'].lower()} ({unit})",
            before_name="Earlier",
            after_name="Later",
            chart_id=f"scale-{scale['id']}",
            decimals=0 if scale["score"] == "percent_correct" else 1,
        )
        found.append(
            Chart(
                id=f"scale-{scale['id']}",
                title=f"{scale['name']}: how it changed",
                caption=(
                    "Each row compares the same people at two times. The table gives the "
                    "mean change with its 95% confidence interval: the range the true change "
                    "most likely lies in."
                ),
                svg=_svg(svg),
                headers=(
                    "Comparison",
                    "People",
                    "Earlier",
                    "Later",
                    "Change",
                    "95% CI",
                    "Effect size (dz)",
                ),
                rows=_comparison_rows(shown, scale),
            )
        )
        items = instrument_item_chart(instrument, scale)
        if items:
            found.append(items)
    return found


def instrument_item_chart(instrument: dict[str, Any], scale: dict[str, Any]) -> Chart | None:
    """Each question of a scale, before → end of the course (or knowledge: % right)."""
    items = instrument["items"]
    analysis = instrument["analysis"]
    if scale["score"] == "percent_correct":
        found = [
            k
            for k in analysis["knowledge"]
            if (k["from"], k["to"]) == ("pre", "post") and k["n_pairs"]
        ]
        if not found:
            return None
        rows = [
            charts.Change(
                items[k["item"]]["text"],
                100 * k["from_correct"] / k["n_pairs"],
                100 * k["to_correct"] / k["n_pairs"],
            )
            for k in found
        ]
        table = [
            (
                items[k["item"]]["text"],
                str(k["n_pairs"]),
                f"{r.before:.0f}%",
                f"{r.after:.0f}%",
                _p(k["mcnemar_p"]),
            )
            for k, r in zip(found, rows, strict=True)
        ]
        headers: tuple[str, ...] = (
            "Question",
            "People",
            "Right before",
            "Right at the end",
            "p (McNemar)",
        )
        low, high, axis = 0.0, 100.0, "% who answered correctly"
    else:
        in_scale = set(scale_items(instrument, scale))
        found = [
            c
            for c in analysis["items"]
            if c["item"] in in_scale and (c["from"], c["to"]) == ("pre", "post") and c["n_pairs"]
        ]
        if not found:
            return None
        rows = [
            charts.Change(items[c["item"]]["text"], c["from_mean"], c["to_mean"]) for c in found
        ]
        table = [
            (
                items[c["item"]]["text"],
                str(c["n_pairs"]),
                _mean(c["from_mean"]),
                _mean(c["to_mean"]),
                _interval(c.get("mean_diff_ci95")),
            )
            for c in found
        ]
        headers = ("Question", "People", "Before", "At the end", "95% CI of the change")
        low, high = scale["min"], scale["max"]
        axis = f"Mean answer ({low:g} to {high:g}; reverse-worded questions turned round)"
    svg = charts.change_chart(
        rows,
        title=f"{scale['name']}: question by question",
        description="Before the course (grey dot) and at the end (teal dot), question by question.",
        low=low,
        high=high,
        axis=axis,
        chart_id=f"items-{scale['id']}",
        width=640,
        decimals=0 if scale["score"] == "percent_correct" else 1,
    )
    return Chart(
        id=f"items-{scale['id']}",
        title=f"{scale['name']}: question by question",
        caption="Before the course and at the end, for the people who answered both.",
        svg=_svg(svg),
        headers=headers,
        rows=table,
    )


def scale_items(instrument: dict[str, Any], scale: dict[str, Any]) -> list[str]:
    """The scale's questions that the instrument still has (older figures may lack the list)."""
    return [item for item in scale.get("items", []) if item in instrument["items"]]


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    return "below 0.001" if value < 0.001 else f"{value:.3f}"


def incident_chart(incidents: dict[str, Any]) -> Chart | None:
    if incidents.get("status") not in ("ok",) or not incidents.get("series"):
        return None
    points = [
        charts.MonthPoint(month_label(m["month"]), m["rate"] or 0.0, m["side"] == "after")
        for m in incidents["series"]
    ]
    svg = charts.monthly_series_chart(
        points,
        title="Incidents per 100 staff each month, before and after the training",
        description=(
            f"Months before the training in grey and after it in teal; the training month "
            f"({long_month(incidents['training_month'])}) is left out and marked by a line."
        ),
        value_axis="Incidents per 100 staff",
    )
    rows = [
        (
            long_month(m["month"]),
            "After" if m["side"] == "after" else "Before",
            str(m["incidents"]),
            _mean(m["rate"], 2),
        )
        for m in incidents["series"]
    ]
    return Chart(
        id="incident-series",
        title="Incidents before and after the training",
        caption=(
            "Each column is one month's incidents per 100 staff. The training month is left "
            "out because it is partly before and partly after."
        ),
        svg=_svg(svg),
        headers=("Month", "Side", "Incidents", "Per 100 staff"),
        rows=rows,
    )


def reaction_rows(reaction: dict[str, Any] | None) -> list[tuple[str, str]]:
    if not reaction:
        return []
    means = reaction["means"]
    rec = reaction["recommend"]
    rows = [
        ("Relevance to work (1 to 5)", _mean(means.get("relevant"))),
        ("Trainer's explaining and showing (1 to 5)", _mean(means.get("trainer"))),
        ("Reaction score: mean of the two (1 to 5)", _mean(reaction.get("score"))),
        ("Would recommend (0 to 10)", _mean(means.get("recommend"))),
    ]
    if rec["n"]:
        rows.append(
            (
                "Very likely to recommend (9 or 10) / unlikely (0 to 6)",
                f"{rec['promoters']} / {rec['detractors']} of {rec['n']} "
                f"(net score {rec['score']:+d})",
            )
        )
    pace = reaction["pace"]
    rows.append(("Pace", ", ".join(f"{PACE_WORDS[k].lower()} {v}" for k, v in pace.items())))
    return rows


def _short_period(point: dict[str, Any], period_days: int) -> str:
    first, last = point["from_day"], point["to_day"]
    if period_days % 7 == 0:
        first, last = first // 7 + 1, last // 7 + 1
    return str(first) if first == last else f"{first}–{last}"


def retention_chart(retention: dict[str, Any]) -> Chart | None:
    """Share of refresher answers right, per period since the course (None without answers)."""
    points = retention.get("points") or []
    if not points:
        return None
    period_days = int(retention.get("period_days") or 14)
    weeks = period_days % 7 == 0
    # Short labels under the columns ("1–2": weeks 1 to 2); the table says them in full.
    labels = [_short_period(p, period_days) for p in points]
    axis = "Weeks since the course" if weeks else "Days since the course"
    svg = core_charts.column_chart(
        [(label, 100 * p["share"]) for label, p in zip(labels, points, strict=True)],
        title="Refresher answers right, by time since the course",
        description=(
            "The share of refresher answers that were right in each period after the course, "
            "up to the close of the follow-up."
        ),
        value_axis="% of answers right",
        category_axis=axis,
        chart_id="retention",
        value_format=lambda v: f"{v:.0f}%",
    )
    rows = [
        (
            period_words(p, period_days).capitalize(),
            str(p["answered"]),
            str(p["correct"]),
            f"{100 * p['share']:.0f}%",
        )
        for p in points
    ]
    return Chart(
        id="retention",
        title="Refresher answers right, by time since the course",
        caption=(
            "Each column is one period since the course: the share of that period's refresher "
            "answers that were right. Periods with few answers move a lot by chance."
        ),
        svg=_svg(svg),
        headers=("Time since the course", "Answers", "Right", "Share right"),
        rows=rows,
    )


def report_context(data: dict[str, Any]) -> dict[str, Any]:
    """The template context for a report's figures."""
    chart_list = [chart for i in data["instruments"] for chart in scale_charts(i)]
    incidents = data.get("incidents") or {}
    return {
        "data": data,
        "summary": data["summary"],
        "attendance": data["attendance"],
        "responded": data["responded"],
        "scale_charts": chart_list,
        "reaction": data.get("reaction"),
        "reaction_rows": reaction_rows(data.get("reaction")),
        "incidents": incidents,
        "incident_chart": incident_chart(incidents) if incidents else None,
        "incident_period": _period(incidents),
        # Reports issued before refreshers existed have no retention figures: no section.
        "retention": data.get("retention"),
        "retention_words": retention_paragraphs(data["retention"]) if data.get("retention") else [],
        "retention_chart": retention_chart(data["retention"]) if data.get("retention") else None,
        "first_day": _date(data.get("first_day")),
        "last_day": _date(data.get("last_day")),
    }


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _period(incidents: dict[str, Any]) -> str:
    if incidents.get("status") != "ok":
        return ""
    return (
        f"{long_month(incidents['before_from'])} to {long_month(incidents['before_to'])} "
        f"against {long_month(incidents['after_from'])} to {long_month(incidents['after_to'])}"
    )
