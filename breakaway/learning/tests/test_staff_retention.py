"""A client's retention by team: who may see it, what it shows, its chart, its query count."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from breakaway.learning.charts import Point, Series, _spread, retention_chart
from breakaway.learning.selectors import MIN_ANSWERS
from breakaway.learning.tests.staff_builders import give_answers, person_with_certificate

SVG = "{http://www.w3.org/2000/svg}"


def url(organisation):
    return reverse("learning:retention", args=[organisation.slug])


# The chart ----------------------------------------------------------------------------------


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 (our own markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    return root


def test_the_chart_is_valid_svg_with_a_title_a_description_and_every_value():
    svg = retention_chart(
        [
            Series("Everyone", (Point(1, 90), Point(2, 75.4), Point(4, 60, too_few=True))),
            Series("Ward <3> & co", (Point(1, 100), Point(3, 50))),
        ],
        title="Answers right",
        description="By month.",
        value_axis="Right",
        month_axis="Months since the course",
    )
    root = _parse(svg)
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "Answers right"
    assert desc is not None
    assert "Everyone: month 1: 90%, month 2: 75%, month 4: 60% (too few" in (desc.text or "")
    assert "Ward <3> & co: month 1: 100%, month 3: 50%" in (desc.text or "")
    assert root.get("aria-labelledby") == f"{title.get('id')}"
    assert len(root.findall(f"{SVG}path")) == 2
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Ward <3> & co" in labels
    # The hollow marker (too few answers) is filled white, the others in their colour.
    fills = [c.get("fill") for c in root.iter(f"{SVG}circle")]
    assert fills.count("#ffffff") == 1


def test_a_chart_without_points_says_so():
    root = _parse(retention_chart([], title="t", description="d", value_axis="v", month_axis="m"))
    assert "No data" in [t.text for t in root.iter(f"{SVG}text")]


def test_the_chart_refuses_impossible_points():
    with pytest.raises(ValueError, match="percent"):
        retention_chart(
            [Series("x", (Point(0, 50),))],
            title="t",
            description="d",
            value_axis="v",
            month_axis="m",
        )


@given(
    st.lists(
        st.tuples(
            st.text(max_size=40),
            st.lists(
                st.tuples(st.integers(1, 60), st.floats(0, 100, allow_nan=False), st.booleans()),
                max_size=20,
            ),
        ),
        max_size=8,
    )
)
def test_any_series_draw_a_parseable_chart(lines):
    series = [Series(label, tuple(Point(m, p, f) for m, p, f in points)) for label, points in lines]
    root = _parse(
        retention_chart(series, title="t", description="d", value_axis="v", month_axis="m")
    )
    assert len(root.findall(f"{SVG}path")) == sum(1 for _label, points in lines if points)


@given(
    st.lists(st.floats(0, 300, allow_nan=False), max_size=12),
    st.floats(8, 20),
)
def test_end_labels_are_spread_apart_within_the_plot_when_they_fit(wanted, gap):
    low, high = 10.0, 300.0
    placed = _spread(wanted, gap, low, high)
    assert len(placed) == len(wanted)
    ordered = sorted(placed)
    assert all(b - a >= gap - 1e-6 for a, b in itertools.pairwise(ordered))
    if len(wanted) * gap <= high - low:
        assert all(low - 1e-6 <= y <= high + 1e-6 for y in placed)


# The page -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_no_answers_the_page_explains_what_will_show(client, client_admin, client_org):
    client.force_login(client_admin)
    response = client.get(url(client_org))
    assert response.status_code == 200
    assert b"No refresher answers yet" in response.content
    assert b"chart__svg" not in response.content


@pytest.mark.django_db
def test_the_client_sees_each_team_with_counts_and_a_caution_for_small_numbers(
    client, client_manager, client_org
):
    ward, cert = person_with_certificate(client_org, team="Ward A")
    give_answers(ward, cert, [(3, True)] * MIN_ANSWERS + [(3, False)] * MIN_ANSWERS + [(40, True)])
    nobody, cert2 = person_with_certificate(client_org, team="")
    give_answers(nobody, cert2, [(70, False)])
    client.force_login(client_manager)

    response = client.get(url(client_org))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ward A" in html
    assert "No team recorded" in html
    assert "21 answers from 1 person" in html
    assert ">50%<" in html.replace(" ", "").replace("\n", "")
    assert 'tag--grey">Too few</strong>' in html
    assert 'aria-current="page"' in html
    start = html.index('class="chart__svg"')
    start = html.rindex("<svg", 0, start)
    root = _parse(html[start : html.index("</svg>", start) + len("</svg>")])
    assert root.find(f"{SVG}title") is not None
    assert response.context["data"].overall.answered == 22


@pytest.mark.django_db
def test_another_clients_organisation_is_not_found(client, other_client_admin, client_org):
    client.force_login(other_client_admin)
    assert client.get(url(client_org)).status_code == 404


@pytest.mark.django_db
def test_a_trainer_may_not_see_a_clients_retention(client, trainer, client_org):
    client.force_login(trainer)
    assert client.get(url(client_org)).status_code == 403


@pytest.mark.django_db
def test_the_organisation_navigation_links_to_retention(client, client_admin, client_org):
    client.force_login(client_admin)
    response = client.get(reverse("delivery:compliance", args=[client_org.slug]))
    assert url(client_org).encode() in response.content


@pytest.mark.django_db
def test_the_page_takes_the_same_queries_however_many_answers(
    client, advisor, client_org, django_assert_num_queries
):
    client.force_login(advisor)
    person, cert = person_with_certificate(client_org, team="Ward A")
    give_answers(person, cert, [(1, True)])
    client.get(url(client_org))
    with CaptureQueriesContext(connection) as few:
        client.get(url(client_org))
    for team in ("Ward B", "Ward C", "Theatres", "Estates", "Pharmacy", "Outpatients", "ED"):
        person, cert = person_with_certificate(client_org, team=team)
        give_answers(person, cert, [(d, d % 2 == 0) for d in range(0, 400, 15)])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(client_org))
    assert response.status_code == 200
    # More teams than the chart draws: the caption says the tables have them all.
    assert b"the tables below show every team" in response.content
