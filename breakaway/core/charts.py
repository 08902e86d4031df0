"""Accessible SVG charts, drawn as strings: no JavaScript, no external fonts, no network.

Pure Python. Each function returns one `<svg>` element to put inline in a page or a PDF:

- `bar_chart`: horizontal bars, one per category (shifts, categories, locations);
- `column_chart`: vertical columns along an ordered axis (24 hours, 7 weekdays, months);
- `risk_matrix`: the 5 × 5 likelihood × severity grid with numbered markers placed in it
  and a key beneath.

Every chart is `role="img"` with a `<title>` (its accessible name, through
`aria-labelledby`) and a `<desc>` (what it shows, in words, with every value), labelled
axes and the values written on the chart (direct labels, not a legend). All text is escaped
and characters XML cannot carry are dropped, so any label is safe. The colours come from a
`Palette` (by default the tokens of breakaway.css); a page still shows each chart's data as
a table too (DESIGN.md: every chart has a text or table alternative).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Liberation Sans", "DejaVu Sans", sans-serif'
)
# A generous average glyph width for a sans-serif font, as a share of the font size: used
# to keep labels from running into each other without measuring text.
CHAR_WIDTH = 0.6

# The NHS 5 × 5 bands by their highest score (risk.SCORE_BANDS says the same).
DEFAULT_BANDS: tuple[tuple[str, int], ...] = (
    ("low", 3),
    ("moderate", 6),
    ("high", 12),
    ("extreme", 25),
)

_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}")
# Characters XML 1.0 cannot carry (controls other than tab and newlines, lone surrogates
# and the two non-characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Palette:
    """The colours a chart uses; the defaults are breakaway.css's tokens and tag colours."""

    bar: str = "#005f66"  # --colour-primary
    text: str = "#0b0c0c"  # --colour-text
    muted: str = "#505a5f"  # --colour-text-secondary
    axis: str = "#0b0c0c"
    grid: str = "#b1b4b6"  # --colour-border-subtle
    background: str = "#ffffff"
    marker: str = "#005f66"
    marker_text: str = "#ffffff"
    # Risk-matrix cells by band: the tag colours (green, yellow, orange, red).
    bands: Mapping[str, str] = field(
        default_factory=lambda: {
            "low": "#cce2d8",
            "moderate": "#fff7bf",
            "high": "#fcd6c3",
            "extreme": "#f3b3a8",
        }
    )

    def __post_init__(self) -> None:
        colours = [
            self.bar,
            self.text,
            self.muted,
            self.axis,
            self.grid,
            self.background,
            self.marker,
            self.marker_text,
            *self.bands.values(),
        ]
        for colour in colours:
            if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
                raise ValueError(f"A chart colour is a #hex or a colour name, not {colour!r}.")


DEFAULT_PALETTE = Palette()


# Text ---------------------------------------------------------------------------------------


def clean(text: object) -> str:
    """`text` as a string XML can carry: characters it cannot are dropped."""
    return _NOT_XML.sub("", str(text))


def esc(text: object) -> str:
    """`text` escaped for XML content and attribute values."""
    return escape(clean(text), quote=True)


def fit(text: str, width: float, font_size: float) -> str:
    """`text` cut with an ellipsis to fit about `width` units at `font_size`."""
    text = " ".join(clean(text).split())
    room = max(1, int(width / (font_size * CHAR_WIDTH)))
    if len(text) <= room:
        return text
    return text[: max(0, room - 1)].rstrip() + "…"


def wrap(text: str, width: float, font_size: float, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of about `width` units; the last one cut to fit."""
    words = " ".join(clean(text).split()).split(" ")
    room = max(1, int(width / (font_size * CHAR_WIDTH)))
    out: list[str] = []
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= room:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out.append(" ".join(words))
    return [fit(line, width, font_size) for line in out if line]


def text_width(text: str, font_size: float) -> float:
    return len(text) * font_size * CHAR_WIDTH


def format_number(value: float) -> str:
    """12, 1,234, 2.5 — and huge numbers short: 1.2 million, 3.4e+18."""
    if value >= 1e15:
        return f"{value:.2g}"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:.1f} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _id(chart_id: str) -> str:
    """A safe XML id: letters, digits, - and _, starting with a letter."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", clean(chart_id))
    return safe if safe[:1].isalpha() else f"chart-{safe}"


def _num(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _check_values(items: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    checked = []
    for item in items:
        label, value = item
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"A chart value must be a number, not {value!r}.")
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"A chart value must be a finite number of at least 0, not {value!r}.")
        checked.append((clean(label), value))
    return checked


def _open(chart_id: str, width: float, height: float, title: str, desc: str) -> list[str]:
    """The `<svg>` start tag with its title and description."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" role="img" '
        f'id="{chart_id}" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" width="{_num(width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" font-family="{esc(FONT_FAMILY)}">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>',
    ]


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float,
    fill: str,
    anchor: str = "start",
    bold: bool = False,
    extra: str = "",
) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" fill="{fill}" '
        f'text-anchor="{anchor}"{weight}{extra}>{esc(content)}</text>'
    )


def vertical_title(
    title: str, *, x: float, middle: float, length: float, size: float, fill: str
) -> str:
    """An axis title turned to run up the left-hand side, centred on `middle`, fitted to
    `length` (shared by every chart with a value axis)."""
    return _text(
        0,
        0,
        fit(title, length, size),
        size=size,
        fill=fill,
        anchor="middle",
        extra=f' transform="translate({_num(x)} {_num(middle)}) rotate(-90)"',
    )


def _describe(description: str, items: Sequence[tuple[str, float]], fmt: Callable) -> str:
    values = "; ".join(f"{label}: {fmt(value)}" for label, value in items)
    return f"{clean(description).strip()} {values}." if values else clean(description)


# Horizontal bars ----------------------------------------------------------------------------


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    value_axis: str,
    category_axis: str,
    chart_id: str = "bar-chart",
    palette: Palette = DEFAULT_PALETTE,
    width: int = 480,
    value_format: Callable[[float], str] = format_number,
) -> str:
    """Horizontal bars, one per (label, value), in the order given, each with its value.

    The bar lengths are proportional to the values (the longest bar is the largest value;
    all bars are empty when every value is 0). `description` says what the chart shows;
    every label and value is added to it, so a screen reader hears the data.
    """
    data = _check_values(items)
    cid = _id(chart_id)
    font, small = 15, 13
    bar_height = 20
    top, bottom = 30, 44
    value_labels = [value_format(v) for _, v in data]
    widest = max((text_width(label, font) for label, _ in data), default=0)
    label_room = min(widest, width * 0.42)
    x0 = max(label_room, text_width(category_axis, small) * 0.5) + 12
    # A label too long for its room is set smaller, on two lines if need be, not cut short.
    lines = [
        ([label], font)
        if text_width(label, font) <= x0 - 12
        else (wrap(label, x0 - 12, small), small)
        for label, _ in data
    ]
    row = 40.0 if any(len(parts) > 1 for parts, _size in lines) else 30.0
    value_room = max((text_width(v, font) for v in value_labels), default=0) + 10
    plot = max(width - x0 - value_room, 40)
    height = top + max(len(data), 1) * row + bottom
    biggest = max((v for _, v in data), default=0)

    out = _open(cid, width, height, title, _describe(description, data, value_format))
    out.append(f'<rect width="{_num(width)}" height="{_num(height)}" fill="{palette.background}"/>')
    out.append(_text(0, 18, fit(category_axis, x0 - 4, small), size=small, fill=palette.muted))
    for index, ((_label, value), shown, (parts, size)) in enumerate(
        zip(data, value_labels, lines, strict=True)
    ):
        y = top + index * row
        length = plot * value / biggest if biggest else 0
        middle = y + row / 2 + font * 0.35
        first = middle - (len(parts) - 1) * (size + 2) / 2
        for number, part in enumerate(parts):
            out.append(
                _text(
                    x0 - 8,
                    first + number * (size + 2),
                    fit(part, x0 - 12, size),
                    size=size,
                    fill=palette.text,
                    anchor="end",
                )
            )
        out.append(
            f'<rect class="chart__bar" x="{_num(x0)}" y="{_num(y + (row - bar_height) / 2)}" '
            f'width="{_num(length)}" height="{bar_height}" fill="{palette.bar}" '
            f'data-value="{esc(repr(value))}"/>'
        )
        out.append(_text(x0 + length + 6, middle, shown, size=font, fill=palette.text, bold=True))
    if not data:
        out.append(_text(x0 + 8, top + row / 2 + 5, "No data", size=font, fill=palette.muted))
    axis_bottom = top + max(len(data), 1) * row
    out.append(
        f'<line x1="{_num(x0)}" y1="{top - 4}" x2="{_num(x0)}" y2="{_num(axis_bottom)}" '
        f'stroke="{palette.axis}" stroke-width="1.5"/>'
    )
    out.append(
        f'<line x1="{_num(x0)}" y1="{_num(axis_bottom)}" x2="{_num(x0 + plot)}" '
        f'y2="{_num(axis_bottom)}" stroke="{palette.grid}" stroke-width="1"/>'
    )
    out.append(
        _text(
            x0 + plot / 2,
            axis_bottom + 28,
            fit(value_axis, width, small),
            size=small,
            fill=palette.muted,
            anchor="middle",
        )
    )
    out.append("</svg>")
    return "\n".join(out)


# Vertical columns ---------------------------------------------------------------------------


def column_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    value_axis: str,
    category_axis: str,
    chart_id: str = "column-chart",
    palette: Palette = DEFAULT_PALETTE,
    width: int = 480,
    height: int = 250,
    value_format: Callable[[float], str] = format_number,
) -> str:
    """Vertical columns along an ordered axis (hours, weekdays, months), each with its value.

    Column heights are proportional to the values. Axis labels are thinned so they never
    overlap (every second or third is shown when the columns are narrow); value labels get
    smaller to fit, and are left off only when even the smallest size would overlap (the
    description and the page's table still carry every value).
    """
    data = _check_values(items)
    cid = _id(chart_id)
    small, tick = 13, 13
    left, right, top, bottom = 40, 8, 24, 58
    plot_w = width - left - right
    plot_h = height - top - bottom
    count = max(len(data), 1)
    slot = plot_w / count
    column = slot * 0.72
    biggest = max((v for _, v in data), default=0)
    shown = [value_format(v) for _, v in data]
    value_size = 13.0
    widest = max((len(s) for s in shown), default=0)
    while value_size > 8 and widest * value_size * CHAR_WIDTH > slot - 1:
        value_size -= 1
    with_values = widest * value_size * CHAR_WIDTH <= slot - 1
    label_w = max((text_width(label, tick) for label, _ in data), default=0) + 6
    step = max(1, math.ceil(label_w / slot))

    out = _open(cid, width, height, title, _describe(description, data, value_format))
    out.append(f'<rect width="{_num(width)}" height="{_num(height)}" fill="{palette.background}"/>')
    baseline = top + plot_h
    last_label_end = -math.inf
    for index, ((label, value), text) in enumerate(zip(data, shown, strict=True)):
        x = left + index * slot + (slot - column) / 2
        bar = plot_h * value / biggest if biggest else 0
        out.append(
            f'<rect class="chart__bar" x="{_num(x)}" y="{_num(baseline - bar)}" '
            f'width="{_num(column)}" height="{_num(bar)}" fill="{palette.bar}" '
            f'data-value="{esc(repr(value))}"/>'
        )
        middle = x + column / 2
        if with_values:
            out.append(
                _text(
                    middle,
                    baseline - bar - 5,
                    text,
                    size=value_size,
                    fill=palette.text,
                    anchor="middle",
                    bold=True,
                )
            )
        name = fit(label, slot * step - 2, tick)
        half = text_width(name, tick) / 2
        # Kept inside the chart (the last month's label must not run off the edge), and
        # never over the label before it.
        at = min(max(middle, half), width - half)
        if index % step == 0 and at - half >= last_label_end:
            last_label_end = at + half + 4
            out.append(
                _text(
                    at,
                    baseline + 18,
                    name,
                    size=tick,
                    fill=palette.text,
                    anchor="middle",
                )
            )
    if not data:
        out.append(_text(left + 8, baseline - 8, "No data", size=small, fill=palette.muted))
    out.append(
        f'<line x1="{left}" y1="{_num(baseline)}" x2="{_num(left + plot_w)}" '
        f'y2="{_num(baseline)}" stroke="{palette.axis}" stroke-width="1.5"/>'
    )
    out.append(
        _text(
            left + plot_w / 2,
            height - 10,
            fit(category_axis, plot_w, small),
            size=small,
            fill=palette.muted,
            anchor="middle",
        )
    )
    # The value axis title, turned to run up the left-hand side.
    out.append(
        vertical_title(
            value_axis, x=16, middle=top + plot_h / 2, length=plot_h, size=small, fill=palette.muted
        )
    )
    out.append("</svg>")
    return "\n".join(out)


# The risk matrix ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixPoint:
    """One thing placed on the matrix: a short marker (e.g. "1") and its full label."""

    marker: str
    label: str
    likelihood: int
    severity: int

    def __post_init__(self) -> None:
        for name in ("likelihood", "severity"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise ValueError(f"A matrix point's {name} is a whole number 1–5, not {value!r}.")

    @property
    def score(self) -> int:
        return self.likelihood * self.severity


def score_band(score: int, bands: Sequence[tuple[str, int]] = DEFAULT_BANDS) -> str:
    return next((name for name, top in bands if score <= top), bands[-1][0])


def risk_matrix(
    points: Sequence[MatrixPoint],
    *,
    title: str,
    description: str,
    chart_id: str = "risk-matrix",
    palette: Palette = DEFAULT_PALETTE,
    likelihood_words: Mapping[int, str] | None = None,
    severity_words: Mapping[int, str] | None = None,
    bands: Sequence[tuple[str, int]] = DEFAULT_BANDS,
    width: int = 480,
) -> str:
    """A 5 × 5 grid (likelihood across, severity up), each cell coloured by its score's band
    and showing the score, with each point's marker in its cell and a key beneath that names
    every point with its likelihood, severity, score and band (colour is never the only
    cue)."""
    likelihood_words = likelihood_words or {}
    severity_words = severity_words or {}
    cid = _id(chart_id)
    font, small = 14, 12
    left, top = 112, 8
    cell = min(84.0, (width - left - 8) / 5)
    grid_bottom = top + 5 * cell
    key_top = grid_bottom + 90
    key_row = 22
    height = key_top + max(len(points), 1) * key_row + 8

    lines = [
        f"{clean(p.marker)} {clean(p.label)}: likelihood {p.likelihood} × severity "
        f"{p.severity} = {p.score}, {score_band(p.score, bands)}"
        for p in points
    ]
    desc = clean(description).strip() + (" " + "; ".join(lines) + "." if lines else "")
    out = _open(cid, width, height, title, desc)
    out.append(f'<rect width="{_num(width)}" height="{_num(height)}" fill="{palette.background}"/>')

    by_cell: dict[tuple[int, int], list[MatrixPoint]] = {}
    for point in points:
        by_cell.setdefault((point.likelihood, point.severity), []).append(point)

    for severity in range(1, 6):
        y = top + (5 - severity) * cell
        for likelihood in range(1, 6):
            x = left + (likelihood - 1) * cell
            score = likelihood * severity
            fill = palette.bands.get(score_band(score, bands), palette.background)
            out.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(cell)}" height="{_num(cell)}" '
                f'fill="{fill}" stroke="{palette.background}" stroke-width="2"/>'
            )
            out.append(_text(x + 5, y + 14, str(score), size=small, fill=palette.text))
            here = by_cell.get((likelihood, severity), [])
            if here:
                out.extend(_markers(here, x, y, cell, palette))
        out.append(
            _text(
                left - 8,
                y + cell / 2 - 4,
                str(severity),
                size=font,
                fill=palette.text,
                anchor="end",
                bold=True,
            )
        )
        for row, line in enumerate(wrap(severity_words.get(severity, ""), left - 24, small)):
            out.append(
                _text(
                    left - 8,
                    y + cell / 2 + 12 + row * 14,
                    line,
                    size=small,
                    fill=palette.text,
                    anchor="end",
                )
            )
    for likelihood in range(1, 6):
        x = left + (likelihood - 0.5) * cell
        out.append(
            _text(
                x,
                grid_bottom + 18,
                str(likelihood),
                size=font,
                fill=palette.text,
                anchor="middle",
                bold=True,
            )
        )
        for row, line in enumerate(wrap(likelihood_words.get(likelihood, ""), cell - 4, small)):
            out.append(
                _text(
                    x,
                    grid_bottom + 34 + row * 14,
                    line,
                    size=small,
                    fill=palette.text,
                    anchor="middle",
                )
            )
    out.append(
        _text(
            left + 2.5 * cell,
            grid_bottom + 70,
            "Likelihood",
            size=font,
            fill=palette.muted,
            anchor="middle",
        )
    )
    out.append(
        _text(
            0,
            0,
            "Severity",
            size=font,
            fill=palette.muted,
            anchor="middle",
            extra=f' transform="translate(18 {_num(top + 2.5 * cell)}) rotate(-90)"',
        )
    )
    for index, point in enumerate(points):
        y = key_top + index * key_row
        out.append(f'<circle cx="{_num(11)}" cy="{_num(y + 6)}" r="10" fill="{palette.marker}"/>')
        out.append(
            _text(
                11,
                y + 10.5,
                fit(point.marker, 18, small),
                size=small,
                fill=palette.marker_text,
                anchor="middle",
                bold=True,
            )
        )
        out.append(
            _text(
                28,
                y + 11,
                fit(
                    f"{clean(point.label)}: {point.likelihood} × {point.severity} = "
                    f"{point.score}, {score_band(point.score, bands)}",
                    width - 30,
                    font,
                ),
                size=font,
                fill=palette.text,
            )
        )
    if not points:
        out.append(
            _text(0, key_top + 11, "Nothing to place on the matrix.", size=font, fill=palette.muted)
        )
    out.append("</svg>")
    return "\n".join(out)


def _markers(
    points: Sequence[MatrixPoint], x: float, y: float, cell: float, palette: Palette
) -> list[str]:
    """The points of one cell as numbered circles, in rows below the cell's score."""
    columns = math.ceil(math.sqrt(len(points)))
    rows = math.ceil(len(points) / columns)
    room_top = 18
    pitch = min((cell - 8) / columns, (cell - room_top - 4) / rows)
    radius = min(12.0, pitch / 2 - 1)
    size = max(7.0, min(12.0, radius * 1.1))
    start_x = x + (cell - columns * pitch) / 2 + pitch / 2
    start_y = y + room_top + (cell - room_top - rows * pitch) / 2 + pitch / 2
    out = []
    for index, point in enumerate(points):
        cx = start_x + (index % columns) * pitch
        cy = start_y + (index // columns) * pitch
        out.append(
            f'<circle class="chart__marker" cx="{_num(cx)}" cy="{_num(cy)}" '
            f'r="{_num(radius)}" fill="{palette.marker}"/>'
        )
        out.append(
            _text(
                cx,
                cy + size * 0.36,
                fit(point.marker, radius * 2, size),
                size=size,
                fill=palette.marker_text,
                anchor="middle",
                bold=True,
            )
        )
    return out
