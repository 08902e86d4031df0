"""The SVG charts: accessible, well-formed for any data, and drawn to scale."""

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakaway.core import charts

SVG = "{http://www.w3.org/2000/svg}"

labels = st.text(max_size=60)
values = st.one_of(
    st.integers(min_value=0, max_value=10**30),
    st.floats(min_value=0, max_value=1e300, allow_nan=False, allow_infinity=False),
)
items = st.lists(st.tuples(labels, values), max_size=30)


def _parse(svg: str) -> ET.Element:
    # Our own output, parsed to prove it is well-formed: no entities or DTDs to fear.
    return ET.fromstring(svg)  # noqa: S314


def _bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__bar"]


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _bar(data, **extra):
    return charts.bar_chart(
        data,
        title="Incidents by category",
        description="How many incidents of each kind.",
        value_axis="Number of incidents",
        category_axis="Category",
        chart_id="category",
        **extra,
    )


def _columns(data, **extra):
    return charts.column_chart(
        data,
        title="Incidents by hour",
        description="How many incidents in each hour.",
        value_axis="Incidents",
        category_axis="Hour of the day",
        chart_id="hour",
        **extra,
    )


# Accessibility --------------------------------------------------------------------------------


@pytest.mark.parametrize("draw", [_bar, _columns])
def test_a_chart_is_an_image_named_by_its_title_and_described_with_every_value(draw):
    root = _parse(draw([("Physical assault", 12), ("Verbal abuse", 3)]))

    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text in {"Incidents by category", "Incidents by hour"}
    assert "Physical assault: 12" in desc.text
    assert "Verbal abuse: 3" in desc.text


def test_bar_chart_labels_both_axes_and_writes_each_value_on_its_bar():
    texts = _texts(_parse(_bar([("Physical assault", 12), ("Verbal abuse", 3)])))

    assert "Number of incidents" in texts
    assert "Category" in texts
    assert {"Physical assault", "Verbal abuse", "12", "3"} <= set(texts)


def test_column_chart_labels_both_axes_and_writes_each_value_above_its_column():
    data = [(f"{h:02d}", h) for h in range(24)]
    texts = _texts(_parse(_columns(data)))

    assert "Incidents" in texts
    assert "Hour of the day" in texts
    assert all(str(h) in texts for h in range(24))
    assert "00" in texts


def test_column_chart_thins_axis_labels_that_would_overlap():
    months = [(f"Month number {n}", n) for n in range(36)]
    texts = _texts(_parse(_columns(months)))

    shown = [t for t in texts if t.startswith("Month")]
    assert 1 < len(shown) < 36


def test_charts_carry_no_scripts_links_or_external_fonts():
    svg = _bar([("A", 1)]) + _columns([("B", 2)]) + _matrix([_point("1", "C", 3, 4)])

    for banned in ("<script", "href", "@import", "url(", "<style", "<foreignObject"):
        assert banned not in svg


def test_text_is_escaped_and_characters_xml_cannot_carry_are_dropped():
    nasty = '<script>alert("x")</script> & \x00\x1b\ufffe'
    svg = _bar([(nasty, 1)])
    root = _parse(svg)

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert '<script>alert("x")</script> &' in root.find(f"{SVG}desc").text
    assert "\x00" not in svg
    assert "\x1b" not in svg


def test_chart_ids_are_made_safe():
    svg = charts.bar_chart(
        [("A", 1)],
        title="t",
        description="d",
        value_axis="v",
        category_axis="c",
        chart_id='9 "bad" id',
    )
    root = _parse(svg)

    assert root.get("id").startswith("chart-")
    assert '"' not in root.get("id")
    assert " " not in root.get("id")


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, True, "3"])
def test_values_must_be_finite_numbers_of_at_least_zero(bad):
    with pytest.raises(ValueError, match="chart value"):
        _bar([("A", bad)])


def test_a_palette_takes_only_colours():
    with pytest.raises(ValueError, match="colour"):
        charts.Palette(bar='red" onload="alert(1)')


def test_the_palette_colours_the_bars():
    root = _parse(_bar([("A", 1)], palette=charts.Palette(bar="#123456")))

    assert _bars(root)[0].get("fill") == "#123456"


def test_no_data_says_so():
    assert "No data" in _texts(_parse(_bar([])))
    assert "No data" in _texts(_parse(_columns([])))


def test_huge_numbers_are_written_short():
    assert charts.format_number(1_234) == "1,234"
    assert charts.format_number(2.5) == "2.5"
    assert charts.format_number(3_400_000) == "3.4 million"
    assert charts.format_number(10**30) == "1e+30"


# Well-formed for any data, and to scale -------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=items, title=labels, description=labels, chart_id=labels)
def test_bar_chart_is_well_formed_xml_for_any_labels_and_values(data, title, description, chart_id):
    svg = charts.bar_chart(
        data,
        title=title,
        description=description,
        value_axis="Incidents",
        category_axis="Category",
        chart_id=chart_id or "x",
    )
    root = _parse(svg)

    assert len(_bars(root)) == len(data)
    for bar in _bars(root):
        assert float(bar.get("width")) >= 0


@settings(max_examples=150, deadline=None)
@given(data=items, title=labels, description=labels)
def test_column_chart_is_well_formed_xml_for_any_labels_and_values(data, title, description):
    root = _parse(
        charts.column_chart(
            data,
            title=title,
            description=description,
            value_axis="Incidents",
            category_axis="Hour",
        )
    )

    assert len(_bars(root)) == len(data)
    for bar in _bars(root):
        assert float(bar.get("height")) >= 0


def _lengths(root, attribute):
    return [float(bar.get(attribute)) for bar in _bars(root)]


def _proportional(values_, lengths):
    biggest = max(values_)
    longest = max(lengths)
    if biggest == 0:
        return all(length == 0 for length in lengths)
    # Coordinates are rounded to 0.01 of a unit: allow that, relative to the longest bar.
    return all(
        math.isclose(length / longest, value / biggest, abs_tol=0.02 / longest + 1e-9)
        for value, length in zip(values_, lengths, strict=True)
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=25))
def test_bar_lengths_are_proportional_to_the_values(numbers):
    root = _parse(_bar([(f"Row {i}", n) for i, n in enumerate(numbers)]))

    assert _proportional(numbers, _lengths(root, "width"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=36))
def test_column_heights_are_proportional_to_the_values(numbers):
    root = _parse(_columns([(f"{i}", n) for i, n in enumerate(numbers)]))

    assert _proportional(numbers, _lengths(root, "height"))


def test_all_zero_values_draw_empty_bars_and_still_write_the_zeros():
    root = _parse(_bar([("A", 0), ("B", 0)]))

    assert _lengths(root, "width") == [0, 0]
    assert _texts(root).count("0") == 2


# The risk matrix ------------------------------------------------------------------------------


def _point(marker, label, likelihood, severity):
    return charts.MatrixPoint(marker, label, likelihood, severity)


def _matrix(points, **extra):
    return charts.risk_matrix(
        points,
        title="The risk matrix",
        description="Each area by likelihood and severity.",
        likelihood_words={1: "rare", 5: "almost certain"},
        severity_words={1: "negligible", 5: "catastrophic"},
        **extra,
    )


def test_matrix_has_25_cells_coloured_by_band_with_their_scores():
    root = _parse(_matrix([]))
    cells = [r for r in root.iter(f"{SVG}rect") if r.get("stroke")]
    palette = charts.DEFAULT_PALETTE

    assert len(cells) == 25
    fills = [c.get("fill") for c in cells]
    assert fills.count(palette.bands["extreme"]) == 6  # 15, 16, 20, 20, 25, 15
    texts = _texts(root)
    assert {"1", "25", "Likelihood", "Severity", "rare", "catastrophic"} <= set(texts)


def test_matrix_places_each_point_in_its_cell_and_names_it_in_the_key():
    root = _parse(
        _matrix([_point("1", "Strikes and kicks", 4, 4), _point("2", "Verbal aggression", 3, 2)])
    )
    markers = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "chart__marker"]

    assert len(markers) == 2
    cells = [r for r in root.iter(f"{SVG}rect") if r.get("stroke")]
    columns = sorted({float(c.get("x")) for c in cells})
    rows = sorted({float(c.get("y")) for c in cells})
    placed = set()
    for marker in markers:
        cx, cy = float(marker.get("cx")), float(marker.get("cy"))
        cell = next(
            c
            for c in cells
            if float(c.get("x")) <= cx <= float(c.get("x")) + float(c.get("width"))
            and float(c.get("y")) <= cy <= float(c.get("y")) + float(c.get("height"))
        )
        # Likelihood runs left to right, severity bottom to top.
        likelihood = columns.index(float(cell.get("x"))) + 1
        severity = 5 - rows.index(float(cell.get("y")))
        placed.add((likelihood, severity, cell.get("fill")))
    bands = charts.DEFAULT_PALETTE.bands
    assert placed == {(4, 4, bands["extreme"]), (3, 2, bands["moderate"])}
    key = " ".join(_texts(root))
    assert "Strikes and kicks: 4 × 4 = 16, extreme" in key
    assert "Verbal aggression: 3 × 2 = 6, moderate" in key
    desc = root.find(f"{SVG}desc").text
    assert "1 Strikes and kicks: likelihood 4 × severity 4 = 16, extreme" in desc
    assert "2 Verbal aggression: likelihood 3 × severity 2 = 6, moderate" in desc


def test_ten_points_in_one_cell_all_fit_inside_it():
    points = [_point(str(n), f"Area {n}", 1, 1) for n in range(1, 11)]
    root = _parse(_matrix(points))
    markers = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "chart__marker"]
    cells = [r for r in root.iter(f"{SVG}rect") if r.get("stroke")]
    bottom_left = min(cells, key=lambda c: (float(c.get("x")), -float(c.get("y"))))
    x, y = float(bottom_left.get("x")), float(bottom_left.get("y"))
    size = float(bottom_left.get("width"))

    assert len(markers) == 10
    for m in markers:
        cx, cy, r = float(m.get("cx")), float(m.get("cy")), float(m.get("r"))
        assert x <= cx - r
        assert cx + r <= x + size
        assert y <= cy - r
        assert cy + r <= y + size


@pytest.mark.parametrize(("likelihood", "severity"), [(0, 3), (3, 6), (True, 2)])
def test_matrix_points_need_levels_from_1_to_5(likelihood, severity):
    with pytest.raises(ValueError, match="whole number 1–5"):
        charts.MatrixPoint("1", "Area", likelihood, severity)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            labels,
            labels,
            st.integers(min_value=1, max_value=5),
            st.integers(min_value=1, max_value=5),
        ),
        max_size=12,
    ),
    labels,
)
def test_matrix_is_well_formed_xml_for_any_labels(points, title):
    svg = charts.risk_matrix(
        [charts.MatrixPoint(m, label, lk, sv) for m, label, lk, sv in points],
        title=title,
        description=title,
    )
    root = _parse(svg)

    markers = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "chart__marker"]
    assert len(markers) == len(points)
