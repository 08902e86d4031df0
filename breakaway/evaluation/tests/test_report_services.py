"""Issuing and sending impact reports, low-score alerts, and testimonials."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from breakaway.core.periodic import registered
from breakaway.core.tests.pdf_text import pdf_text
from breakaway.evaluation import models, testimonial_services
from breakaway.evaluation.models import ImpactReport
from breakaway.evaluation.report_services import (
    impact_reports_send,
    reaction_alerts_send,
)
from breakaway.evaluation.tests.report_fixtures import engagement_with_answers

pytestmark = pytest.mark.django_db

CLOSES = timezone.make_aware(dt.datetime(2026, 7, 1, 9))


def test_the_jobs_are_registered_for_the_tick():
    assert {"impact_reports_send", "reaction_alerts_send", "testimonial_candidates_collect"} <= set(
        registered()
    )


def test_the_report_is_issued_and_sent_once_when_the_follow_up_closes(
    client_org, client_admin, client_manager, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = engagement_with_answers(client_org, follow_up_closes=CLOSES)
    assert impact_reports_send(CLOSES - dt.timedelta(minutes=1))["impact_reports_sent"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert impact_reports_send(CLOSES)["impact_reports_sent"] == 1
    report = ImpactReport.objects.get(engagement=engagement)
    assert report.sent_at is not None
    assert report.data["summary"][1].startswith("Confidence rose")
    text = pdf_text(report.pdf.read())
    assert "Training impact report" in text
    assert "cannot show that assaults" in " ".join(text.split())
    assert [m.to for m in mailoutbox] == [[client_admin.email]]
    assert reverse("evaluation:impact_report", args=[engagement.pk]) in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert impact_reports_send(CLOSES + dt.timedelta(days=1))["impact_reports_sent"] == 0
    assert ImpactReport.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_tick_command_runs_the_job(client_org, client_admin):
    engagement_with_answers(client_org, people=2, follow_up_closes=CLOSES)
    call_command("tick", "--now", CLOSES.isoformat())
    assert ImpactReport.objects.filter(sent_at__isnull=False).count() == 1


def test_a_low_reaction_score_alerts_the_provider_admins_once_with_the_guarantee(
    client_org, provider_admin, mailoutbox, django_capture_on_commit_callbacks
):
    engagement_with_answers(client_org, reaction=(2, 3, 4), comments="Too rushed.")
    now = timezone.make_aware(dt.datetime(2026, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reaction_alerts_send(now) == {"reaction_alerts_sent": 1}
        assert reaction_alerts_send(now) == {"reaction_alerts_sent": 0}
    assert [m.to for m in mailoutbox] == [[provider_admin.email]]
    assert "2.5 out of 5" in mailoutbox[0].subject
    assert "Too rushed." in mailoutbox[0].body
    assert "no invoice" in mailoutbox[0].body


@override_settings(BREAKAWAY_REACTION_ALERT_BELOW=2.0)
def test_the_alert_threshold_is_a_setting(client_org, provider_admin):
    engagement_with_answers(client_org, reaction=(2, 3, 4))
    now = timezone.make_aware(dt.datetime(2026, 6, 1))
    assert reaction_alerts_send(now) == {"reaction_alerts_sent": 0}


def test_a_good_score_sends_no_alert(client_org, provider_admin):
    engagement_with_answers(client_org, reaction=(5, 5, 10))
    assert (
        reaction_alerts_send(timezone.make_aware(dt.datetime(2026, 6, 1)))["reaction_alerts_sent"]
        == 0
    )


def test_consented_comments_become_candidates_and_a_published_one_is_on_the_home_page(
    client, client_org, provider_admin
):
    client_org.sector = "nhs-mental-health"
    client_org.save()
    engagement_with_answers(client_org, comments="I finally know how to get out of a wrist grab.")
    now = timezone.make_aware(dt.datetime(2026, 6, 1))
    assert testimonial_services.testimonial_candidates_collect(now) == {"testimonial_candidates": 1}
    assert testimonial_services.testimonial_candidates_collect(now) == {"testimonial_candidates": 0}
    testimonial = models.Testimonial.objects.get()
    assert testimonial.role == "Healthcare assistant"
    assert testimonial.organisation_type == "NHS mental health"
    assert "wrist grab" not in client.get("/").content.decode()
    testimonial_services.testimonial_publish(testimonial=testimonial, published_by=provider_admin)
    page = client.get("/").content.decode()
    assert "I finally know how to get out of a wrist grab." in page
    assert "Healthcare assistant, nhs mental health" in page
    assert client_org.name not in page
