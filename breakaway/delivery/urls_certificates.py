"""Certificates and the compliance view, included from delivery's urls (namespace `delivery`)."""

from django.urls import path

from breakaway.delivery import views_certificates, views_compliance

urlpatterns = [
    # Issuing, downloading and revoking certificates
    path(
        "certificates/",
        views_certificates.engagement_list,
        name="certificate_engagement_list",
    ),
    path(
        "engagements/<int:pk>/certificates/",
        views_certificates.engagement_certificates,
        name="certificate_engagement",
    ),
    path(
        "engagements/<int:pk>/certificates/issue/",
        views_certificates.engagement_certificates_issue,
        name="certificate_issue",
    ),
    path("certificates/<int:pk>/pdf/", views_certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<int:pk>/revoke/",
        views_certificates.certificate_revoke_view,
        name="certificate_revoke",
    ),
    path(
        "certificates/download/<str:token>/",
        views_certificates.certificate_download,
        name="certificate_download",
    ),
    # The client's compliance view
    path(
        "organisations/<slug:slug>/compliance/",
        views_compliance.compliance,
        name="compliance",
    ),
    path(
        "organisations/<slug:slug>/compliance/export.<str:fmt>",
        views_compliance.compliance_export,
        name="compliance_export",
    ),
    path(
        "organisations/<slug:slug>/compliance/refresher/",
        views_compliance.compliance_refresher,
        name="compliance_refresher",
    ),
]
