"""The impact report's routes, included by `evaluation/urls.py` (namespace "evaluation")."""

from django.urls import path

from breakaway.evaluation import views_provider_report as provider
from breakaway.evaluation import views_report as report

urlpatterns = [
    path("engagements/<int:pk>/impact/", report.impact_report, name="impact_report"),
    path("engagements/<int:pk>/impact.pdf", report.impact_report_pdf, name="impact_report_pdf"),
    path(
        "impact-reports/<int:pk>.pdf",
        report.impact_report_issued_pdf,
        name="impact_report_issued_pdf",
    ),
    path("clients/<slug:slug>/impact/", report.client_impact_report, name="client_impact_report"),
    path(
        "clients/<slug:slug>/impact.pdf",
        report.client_impact_report_pdf,
        name="client_impact_report_pdf",
    ),
    path("impact/", provider.provider_impact, name="provider_impact"),
    path("testimonials/", provider.testimonial_list, name="testimonial_list"),
    path(
        "testimonials/<int:pk>/publish/",
        provider.testimonial_publish_view,
        name="testimonial_publish",
    ),
    path(
        "testimonials/<int:pk>/withdraw/",
        provider.testimonial_withdraw_view,
        name="testimonial_withdraw",
    ),
]
