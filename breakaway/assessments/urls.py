from django.urls import path

from breakaway.assessments import views_incidents as incidents
from breakaway.assessments import views_questionnaire as questionnaire
from breakaway.assessments import views_reports as reports

app_name = "assessments"

urlpatterns = [
    # The needs-assessment questionnaire
    path("", questionnaire.AssessmentListView.as_view(), name="assessment_list"),
    path("start/", questionnaire.ChooseClientView.as_view(), name="assessment_choose_client"),
    path("start/<slug:slug>/", questionnaire.assessment_start, name="assessment_start"),
    path("<int:pk>/", questionnaire.assessment_detail, name="assessment_detail"),
    path("<int:pk>/check/", questionnaire.assessment_check, name="assessment_check"),
    path("<int:pk>/submit/", questionnaire.assessment_submit, name="assessment_submit"),
    path("<int:pk>/review/", questionnaire.assessment_review, name="assessment_review"),
    path(
        "<int:pk>/questions/<slug:section>/<slug:page>/",
        questionnaire.assessment_page,
        name="assessment_page",
    ),
    # Reports
    path(
        "organisations/<slug:slug>/incidents/profile/",
        reports.incident_profile,
        name="incident_profile",
    ),
    path("<int:pk>/report/", reports.assessment_report, name="assessment_report"),
    path("<int:pk>/report.pdf", reports.assessment_report_pdf, name="assessment_report_pdf"),
    path("<int:pk>/report/adjust/", reports.risk_adjust_view, name="risk_adjust"),
    # Incident imports
    path(
        "organisations/<slug:slug>/incidents/upload/",
        incidents.incident_upload,
        name="incident_upload",
    ),
    path(
        "organisations/<slug:slug>/incidents/imports/",
        incidents.IncidentImportListView.as_view(),
        name="incident_import_list",
    ),
    path(
        "organisations/<slug:slug>/incidents/values/",
        incidents.incident_values,
        name="incident_values",
    ),
    path(
        "incidents/imports/<int:pk>/",
        incidents.incident_import_detail,
        name="incident_import_detail",
    ),
    path(
        "incidents/imports/<int:pk>/mapping/", incidents.incident_mapping, name="incident_mapping"
    ),
    path(
        "incidents/imports/<int:pk>/preview/", incidents.incident_preview, name="incident_preview"
    ),
    path(
        "incidents/imports/<int:pk>/skip-invalid/",
        incidents.incident_import_skip_invalid,
        name="incident_import_skip_invalid",
    ),
    path(
        "incidents/imports/<int:pk>/rows-with-errors.csv",
        incidents.incident_import_rejects,
        name="incident_import_rejects",
    ),
]
