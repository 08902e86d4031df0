"""The impact report's SVG charts, drawn like `breakaway.core.charts` (whose helpers they use).

- `change_chart`: one row per scale, item or question, a dot at the earlier mean and an
  arrow to the later mean on a fixed axis (a "dumbbell" chart), optionally with the later
  mean's 95% CI as a bar;
- `monthly_series_chart`: incidents per 100 staff per month as columns, the training month
  marked by a dashed line, before and after in two shades (and said in words).

Each is `role="img"` with a title and a description carrying every value; the page shows the
same numbers as a table.
"""

from __future__ import annotations

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
    wrap,
)

AFTER_COLOUR = "#005f66"  # --colour-primary
BEFORE_COLOUR = "#8a9599"  # a grey that still passes 3:1 against white for graphics


@dataclass(frozen=True)
class Change:
    """One row of a change chart: what, the earlier and later values (None when unknown)."""

    label: str
    before: float | None
    after: float | None


def _value(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}"


def change_chart(
    rows: Sequence[Change],
    *,
    title: str,
    description: str,
    low: float,
    high: float,
    axis: str,
    before_name: str = "Before",
    after_name: str = "After",
    chart_id: str = "change-chart",
    palette: Palette = DEFAULT_PALETTE,
    width: int = 560,
    decimals: int = 1,
) -> str:
    """A dot for each row's earlier value and an arrow to its later value, on low–high."""
    if not high > low:
        raise ValueError("The axis must run from a lower to a higher value.")
    cid = _id(chart_id)
    font, small = 14, 12
    top, bottom, right = 40, 46, 40
    widest = max((text_width(clean(r.label), font) for r in rows), default=0)
    x0 = min(widest, width * 0.45) + 14
    # Many rows (a knowledge check's questions): two lines each, smaller, so the chart
    # still fits on one A4 page.
    many = len(rows) > 12
    small = 11 if many else small
    lines = [
        wrap(
            clean(r.label),
            x0 - 14,
            small if text_width(r.label, font) > x0 - 14 else font,
            2 if many else 3,
        )
        for r in rows
    ]
    extra = max((len(parts) - 1 for parts in lines), default=0)
    row_h = 30.0 if many else 30.0 + 14 * extra
    plot = width - x0 - right
    height = top + max(len(rows), 1) * row_h + bottom

    def x(value: float) -> float:
        return x0 + plot * (min(max(value, low), high) - low) / (high - low)

    said = "; ".join(
        f"{clean(r.label)}: {before_name.lower()} "
        f"{_value(r.before, decimals) if r.before is not None else 'not known'}, "
        f"{after_name.lower()} {_value(r.after, decimals) if r.after is not None else 'not known'}"
        for r in rows
    )
    out = _open(cid, width, height, title, f"{clean(description).strip()} {said}.")
    out.append(f'<rect width="{_num(width)}" height="{_num(height)}" fill="{palette.background}"/>')
    # A key in words, top right: grey dot = before, teal dot = after.
    out.append(f'<circle cx="{_num(x0 + 6)}" cy="14" r="5" fill="{BEFORE_COLOUR}"/>')
    out.append(_text(x0 + 16, 18, before_name, size=small, fill=palette.text))
    key_x = x0 + 30 + text_width(before_name, small)
    out.append(f'<circle cx="{_num(key_x)}" cy="14" r="5" fill="{AFTER_COLOUR}"/>')
    out.append(_text(key_x + 10, 18, after_name, size=small, fill=palette.text))
    axis_bottom = top + max(len(rows), 1) * row_h
    for tick in _ticks(low, high):
        out.append(
            f'<line x1="{_num(x(tick))}" y1="{top - 6}" x2="{_num(x(tick))}" '
            f'y2="{_num(axis_bottom)}" stroke="{palette.grid}" stroke-width="0.75"/>'
        )
        out.append(
            _text(
                x(tick),
                axis_bottom + 16,
                f"{tick:g}",
                size=small,
                fill=palette.text,
                anchor="middle",
            )
        )
    for index, (row, parts) in enumerate(zip(rows, lines, strict=True)):
        middle = top + index * row_h + row_h / 2
        size = small if len(parts) > 1 or text_width(row.label, font) > x0 - 14 else font
        first = middle + size * 0.35 - (len(parts) - 1) * (size + 2) / 2
        for number, part in enumerate(parts):
            out.append(
                _text(
                    x0 - 10,
                    first + number * (size + 2),
                    fit(part, x0 - 14, size),
                    size=size,
                    fill=palette.text,
                    anchor="end",
                )
            )
        if row.before is not None and row.after is not None:
            a, b = x(row.before), x(row.after)
            if abs(b - a) > 8:
                tip = b - 7 if b > a else b + 7
                out.append(
                    f'<line x1="{_num(a)}" y1="{_num(middle)}" x2="{_num(tip)}" '
                    f'y2="{_num(middle)}" stroke="{palette.muted}" stroke-width="2"/>'
                )
        if row.before is not None:
            out.append(
                f'<circle class="chart__before" cx="{_num(x(row.before))}" cy="{_num(middle)}" '
                f'r="6" fill="{BEFORE_COLOUR}"/>'
            )
        if row.after is not None:
            out.append(
                f'<circle class="chart__after" cx="{_num(x(row.after))}" cy="{_num(middle)}" '
                f'r="6" fill="{AFTER_COLOUR}"/>'
            )
            label_x = x(row.after) + (12 if row.before is None or row.after >= row.before else -12)
            anchor = "start" if label_x > x(row.after) else "end"
            out.append(
                _text(
                    label_x,
                    middle - 8,
                    _value(row.after, decimals),
                    size=small,
                    fill=palette.text,
                    anchor=anchor,
                    bold=True,
                )
            )
    if not rows:
        out.append(_text(x0 + 8, top + 20, "No data", size=font, fill=palette.muted))
    out.append(
        _text(
            x0 + plot / 2,
            height - 8,
            fit(axis, width, small),
            size=small,
            fill=palette.muted,
            anchor="middle",
        )
    )
    out.append("</svg>")
    return "\n".join(out)


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 1000) if span / s <= 10)
    first = -(-low // step) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(value)
        value += step
    return ticks


@dataclass(frozen=True)
class MonthPoint:
    """One month of the series: its label (e.g. "Mar 25"), rate and side of the training."""

    label: str
    rate: float
    after: bool


def monthly_series_chart(
    months: Sequence[MonthPoint],
    *,
    title: str,
    description: str,
    value_axis: str,
    chart_id: str = "incident-series",
    palette: Palette = DEFAULT_PALETTE,
    width: int = 560,
    height: int = 260,
) -> str:
    """Monthly rates as columns, the training marked between the last before and first after."""
    cid = _id(chart_id)
    small = 12
    left, right, top, bottom = 44, 10, 48, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(months), 1)
    slot = plot_w / (count + 1)  # one slot more: the gap where the training is
    column = slot * 0.7
    biggest = max((m.rate for m in months), default=0) or 1
    said = "; ".join(
        f"{clean(m.label)} ({'after' if m.after else 'before'}): {m.rate:.2f}" for m in months
    )
    out = _open(cid, width, height, title, f"{clean(description).strip()} {said}.")
    out.append(f'<rect width="{_num(width)}" height="{_num(height)}" fill="{palette.background}"/>')
    baseline = top + plot_h
    step = max(1, round(text_width("Mmm 00", small) / slot + 0.49))
    gap_at = None
    position = 0
    for index, month in enumerate(months):
        if month.after and gap_at is None:
            gap_at = left + position * slot + slot / 2
            position += 1
        x = left + position * slot + (slot - column) / 2
        bar = plot_h * month.rate / biggest
        colour = AFTER_COLOUR if month.after else BEFORE_COLOUR
        out.append(
            f'<rect class="chart__bar" x="{_num(x)}" y="{_num(baseline - bar)}" '
            f'width="{_num(column)}" height="{_num(bar)}" fill="{colour}"/>'
        )
        if index % step == 0:
            out.append(
                _text(
                    x + column / 2,
                    baseline + 16,
                    fit(clean(month.label), slot * step, small),
                    size=small,
                    fill=palette.text,
                    anchor="middle",
                )
            )
        position += 1
    if gap_at is not None:
        out.append(
            f'<line x1="{_num(gap_at)}" y1="{top - 22}" x2="{_num(gap_at)}" y2="{_num(baseline)}" '
            f'stroke="{palette.text}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        out.append(
            _text(
                gap_at,
                top - 28,
                "Training",
                size=small,
                fill=palette.text,
                anchor="middle",
                bold=True,
            )
        )
        out.append(
            _text(gap_at - 8, top - 10, "Before", size=small, fill=palette.muted, anchor="end")
        )
        out.append(_text(gap_at + 8, top - 10, "After", size=small, fill=palette.muted))
    if not months:
        out.append(_text(left + 8, baseline - 8, "No data", size=small, fill=palette.muted))
    out.append(
        f'<line x1="{left}" y1="{_num(baseline)}" x2="{_num(left + plot_w)}" y2="{_num(baseline)}" '
        f'stroke="{palette.axis}" stroke-width="1.5"/>'
    )
    out.append(
        _text(
            left,
            top - 2,
            f"{biggest:.2f}".rstrip("0").rstrip("."),
            size=small,
            fill=palette.muted,
            anchor="end",
            extra=' dx="-4"',
        )
    )
    out.append(
        _text(left, baseline, "0", size=small, fill=palette.muted, anchor="end", extra=' dx="-4"')
    )
    out.append(
        vertical_title(
            value_axis, x=14, middle=top + plot_h / 2, length=plot_h, size=small, fill=palette.muted
        )
    )
    out.append(
        _text(
            left + plot_w / 2, height - 8, "Month", size=small, fill=palette.muted, anchor="middle"
        )
    )
    out.append("</svg>")
    return "\n".join(out)
