"""The client administrator's dashboard pages take the same number of queries for 100 staff as
for 10,000 (issue 10, reliability under load)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.staff_load import dashboard_pages, staff_add

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def test_the_dashboard_takes_the_same_queries_for_100_and_10000_staff(
    client, client_org, client_admin, django_assert_num_queries
):
    client.force_login(client_admin)
    staff_add(client_org, 100)
    pages = dashboard_pages(client_org)
    for url in pages.values():
        client.get(url)  # the first request of a session does one-off work
    few = {name: _queries(client, url) for name, url in pages.items()}
    staff_add(client_org, 9_900, start=100)
    for name, url in pages.items():
        with django_assert_num_queries(few[name]):
            response = client.get(url)
        assert response.status_code == 200, name
    # Every one of the 10,000 is counted (one row per person and course they need), one page
    # of them shown.
    compliance = client.get(pages["compliance"])
    rows = compliance.context["page_obj"].paginator.count
    assert rows >= 10_000
    assert f"{rows:,} rows" in " ".join(compliance.content.decode().split())
    assert len(compliance.context["rows"]) == 100
