"""The retention chart: share of refresher answers right by month since the course, one line
per team, drawn like `breakaway.core.charts` (whose helpers it uses).

Each line has its own colour *and* marker shape, and its name is written at its end (direct
labels, not a legend), so nothing depends on colour alone. A month with too few answers to
read is drawn as a hollow marker, and said so in the description. The chart is `role="img"`
with a title and a description carrying every value; the page shows the same numbers as a
table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from breakaway.core.charts import (
    DEFAULT_PALETTE,
    Palette,
    _id,
    _num,
    _open,
    _text,
    clean,
    fit,
    text_width,
    vertical_title,
)

# Line colours, each at least 3:1 against white (WCAG 1.4.11 for graphics); the first is
# the overall line, drawn thicker.
COLOURS = ("#005f66", "#1d70b8", "#d4351c", "#4c2c92", "#00703c", "#912b88", "#6f4e00")
SHAPES = ("circle", "square", "triangle", "diamond", "circle", "square", "triangle")


@dataclass(frozen=True)
class Point:
    month: int  # 1: the first 30 days after the course
    percent: float  # 0–100
    too_few: bool = False


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]


def _marker(shape: str, x: float, y: float, colour: str, hollow: bool, size: float) -> str:
    fill = "#ffffff" if hollow else colour
    common = f'fill="{fill}" stroke="{colour}" stroke-width="2"'
    if shape == "square":
        return (
            f'<rect x="{_num(x - size)}" y="{_num(y - size)}" width="{_num(size * 2)}" '
            f'height="{_num(size * 2)}" {common}/>'
        )
    if shape == "triangle":
        points = f"{_num(x)},{_num(y - size * 1.2)} {_num(x + size * 1.15)},{_num(y + size)} "
        points += f"{_num(x - size * 1.15)},{_num(y + size)}"
        return f'<polygon points="{points}" {common}/>'
    if shape == "diamond":
        points = f"{_num(x)},{_num(y - size * 1.3)} {_num(x + size * 1.3)},{_num(y)} "
        points += f"{_num(x)},{_num(y + size * 1.3)} {_num(x - size * 1.3)},{_num(y)}"
        return f'<polygon points="{points}" {common}/>'
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(size)}" {common}/>'


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions as close to `wanted` as possible, at least `gap` apart, within
    low–high (labels at the lines' ends must not sit on each other)."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    last = low - gap
    for i in order:
        placed[i] = max(wanted[i], last + gap)
        last = placed[i]
    # Pushed off the bottom: move the lowest labels back up, only as far as needed.
    last = high + gap
    for i in reversed(order):
        placed[i] = min(placed[i], last - gap)
        last = placed[i]
    return placed


def _describe(
    description: str, series: Sequence[Series], month_word: str, too_few_words: str
) -> str:
    parts = []
    for line in series:
        values = ", ".join(
            f"{month_word} {p.month}: {round(p.percent)}%"
            + (f" ({too_few_words})" if p.too_few else "")
            for p in sorted(line.points, key=lambda p: p.month)
        )
        parts.append(f"{clean(line.label)}: {values}" if values else clean(line.label))
    return f"{clean(description).strip()} " + "; ".join(parts) + "."


def retention_chart(
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    value_axis: str,
    month_axis: str,
    month_word: str = "month",
    too_few_words: str = "too few answers to read",
    chart_id: str = "retention-chart",
    palette: Palette = DEFAULT_PALETTE,
    width: int = 440,
    height: int = 280,
) -> str:
    """Lines of percent right (0–100) by month since the course, the first series thickest."""
    for line in series:
        for point in line.points:
            if point.month < 1 or not (0 <= point.percent <= 100) or math.isnan(point.percent):
                raise ValueError(f"A point is a month from 1 and a percent 0–100, not {point!r}.")
    cid = _id(chart_id)
    tick, small, label_size = 12, 13, 13
    label_room = min(140, max((text_width(s.label, label_size) for s in series), default=0) + 14)
    left, right, top, bottom = 48, label_room + 8, 16, 52
    plot_w = width - left - right
    plot_h = height - top - bottom
    last_month = max((p.month for s in series for p in s.points), default=1)
    months = max(last_month, 2)

    def x_of(month: int) -> float:
        return left + plot_w * (month - 1) / (months - 1)

    def y_of(percent: float) -> float:
        return top + plot_h * (1 - percent / 100)

    out = _open(
        cid, width, height, title, _describe(description, series, month_word, too_few_words)
    )
    out.append(f'<rect width="{_num(width)}" height="{_num(height)}" fill="{palette.background}"/>')
    for percent in (0, 25, 50, 75, 100):
        y = y_of(percent)
        out.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{_num(left + plot_w)}" y2="{_num(y)}" '
            f'stroke="{palette.axis if percent == 0 else palette.grid}" '
            f'stroke-width="{1.5 if percent == 0 else 1}"/>'
        )
        out.append(
            _text(left - 6, y + 4, f"{percent}%", size=tick, fill=palette.text, anchor="end")
        )
    step = max(1, math.ceil(months / max(1, plot_w // 28)))
    for month in range(1, months + 1):
        if (month - 1) % step == 0:
            out.append(
                _text(
                    x_of(month),
                    top + plot_h + 18,
                    str(month),
                    size=tick,
                    fill=palette.text,
                    anchor="middle",
                )
            )
    ends: list[tuple[int, float]] = []
    for index, line in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        shape = SHAPES[index % len(SHAPES)]
        points = sorted(line.points, key=lambda p: p.month)
        if not points:
            continue
        thick = 3.5 if index == 0 else 2
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{_num(x_of(p.month))} {_num(y_of(p.percent))}"
            for i, p in enumerate(points)
        )
        out.append(
            f'<path class="chart__line" d="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="{thick}" stroke-linejoin="round"/>'
        )
        for point in points:
            out.append(
                _marker(
                    shape,
                    x_of(point.month),
                    y_of(point.percent),
                    colour,
                    point.too_few,
                    5 if index == 0 else 4,
                )
            )
        ends.append((index, y_of(points[-1].percent)))
    placed = _spread([y for _, y in ends], label_size + 2, top + 4, top + plot_h)
    for (index, _y), y in zip(ends, placed, strict=True):
        line = series[index]
        end = max(p.month for p in line.points)
        out.append(
            _text(
                x_of(end) + 9,
                y + 4,
                fit(line.label, width - x_of(end) - 12, label_size),
                size=label_size,
                fill=palette.text,
                bold=index == 0,
            )
        )
    if not ends:
        out.append(_text(left + 8, top + plot_h - 8, "No data", size=small, fill=palette.muted))
    out.append(
        _text(
            left + plot_w / 2,
            height - 10,
            fit(month_axis, plot_w, small),
            size=small,
            fill=palette.muted,
            anchor="middle",
        )
    )
    out.append(
        vertical_title(
            value_axis, x=14, middle=top + plot_h / 2, length=plot_h, size=small, fill=palette.muted
        )
    )
    out.append("</svg>")
    return "\n".join(out)
