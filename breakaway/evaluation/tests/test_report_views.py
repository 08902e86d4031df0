"""The impact report's pages and PDF, the provider's results page and testimonials."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from breakaway.core.tests.pdf_text import pdf_text
from breakaway.evaluation import models, testimonial_services
from breakaway.evaluation.tests.report_fixtures import engagement_with_answers

pytestmark = pytest.mark.django_db


def test_the_client_reads_the_report_with_its_summary_and_charts(client, client_org, client_admin):
    engagement = engagement_with_answers(client_org)
    client.force_login(client_admin)
    page = client.get(reverse("evaluation:impact_report", args=[engagement.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confidence rose from" in html
    assert 'role="img"' in html
    assert "Show the numbers as a table" in html
    assert "What this comparison cannot show" in html
    assert "Appendix: how the numbers were worked out" in html


def test_another_client_gets_404(client, client_org, other_client_admin):
    engagement = engagement_with_answers(client_org, people=2)
    client.force_login(other_client_admin)
    assert client.get(reverse("evaluation:impact_report", args=[engagement.pk])).status_code == 404


def test_the_page_costs_the_same_queries_however_many_people(
    client, client_org, advisor, django_assert_max_num_queries
):
    small = engagement_with_answers(client_org, people=2)
    large = engagement_with_answers(client_org, people=15)
    client.force_login(advisor)
    counts = []
    for engagement in (small, large):
        with django_assert_max_num_queries(20) as run:
            client.get(reverse("evaluation:impact_report", args=[engagement.pk]))
        counts.append(len(run.captured_queries))
    assert counts[0] == counts[1]


def test_the_pdf_is_the_page_in_print(client, client_org, client_manager):
    engagement = engagement_with_answers(client_org)
    client.force_login(client_manager)
    response = client.get(reverse("evaluation:impact_report_pdf", args=[engagement.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    for words in (
        "Training impact report",
        "Summary",
        "Confidence rose from",
        "Attendance and completion",
        "What attendees thought of the course",
        "What this comparison cannot show",
        "regression to the mean",
        "Training impact report: Riverside Mental Health NHS Trust",
    ):
        assert words in text


def test_all_of_a_clients_courses_together(client, client_org, client_admin):
    engagement_with_answers(client_org, people=2)
    engagement_with_answers(client_org, people=3)
    client.force_login(client_admin)
    page = client.get(reverse("evaluation:client_impact_report", args=[client_org.slug]))
    html = page.content.decode()
    assert "all courses" in html
    assert "n = 5" in html


def test_the_provider_sees_results_by_design_trainer_and_quarter(client, client_org, advisor):
    engagement_with_answers(client_org, reaction=(2, 2, 3))
    client.force_login(advisor)
    html = client.get(reverse("evaluation:provider_impact")).content.decode()
    for heading in ("By course design", "By trainer", "By quarter"):
        assert heading in html
    assert "2026 Q1" in html
    assert "n = 6" in html
    assert "Low" in html


def test_a_provider_admin_publishes_and_withdraws_a_testimonial(client, client_org, provider_admin):
    engagement_with_answers(client_org, people=2)
    testimonial_services.testimonial_candidates_collect(timezone.now())
    testimonial = models.Testimonial.objects.get()
    client.force_login(provider_admin)
    assert "Really useful" in client.get(reverse("evaluation:testimonial_list")).content.decode()
    client.post(reverse("evaluation:testimonial_publish", args=[testimonial.pk]))
    testimonial.refresh_from_db()
    assert testimonial.published_at is not None
    client.post(reverse("evaluation:testimonial_withdraw", args=[testimonial.pk]))
    testimonial.refresh_from_db()
    assert testimonial.published_at is None


def _queries(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as run:
        assert client.get(url).status_code == 200
    return len(run.captured_queries)


def test_the_provider_results_cost_the_same_queries_however_many_courses(
    client, client_org, advisor, django_assert_max_num_queries
):
    url = reverse("evaluation:provider_impact")
    client.force_login(advisor)
    engagement_with_answers(client_org, people=2)
    few = _queries(client, url, django_assert_max_num_queries)
    for _ in range(3):
        engagement_with_answers(client_org, people=4)
    assert _queries(client, url, django_assert_max_num_queries) == few


def test_the_testimonials_cost_the_same_queries_however_many(
    client, client_org, provider_admin, django_assert_max_num_queries
):
    url = reverse("evaluation:testimonial_list")
    client.force_login(provider_admin)
    engagement_with_answers(client_org, people=2)
    testimonial_services.testimonial_candidates_collect(timezone.now())
    few = _queries(client, url, django_assert_max_num_queries)
    for _ in range(3):
        engagement_with_answers(client_org, people=3)
    testimonial_services.testimonial_candidates_collect(timezone.now())
    assert models.Testimonial.objects.count() > 1
    assert _queries(client, url, django_assert_max_num_queries) == few
