"""Evaluation pages, at /evaluation/: answering questionnaires, the provider's questionnaire
pages (paper forms, client instruments), and a client's own instruments."""

from django.urls import include, path

from breakaway.evaluation import views_instruments, views_questionnaire

app_name = "evaluation"

urlpatterns = [
    # The attendee whose link this browser opened.
    path(
        "q/<int:pk>/<int:version_pk>/check/",
        views_questionnaire.questionnaire_check,
        name="questionnaire_check",
    ),
    path(
        "q/<int:pk>/<int:version_pk>/done/",
        views_questionnaire.questionnaire_done,
        name="questionnaire_done",
    ),
    path(
        "q/<int:pk>/<int:version_pk>/<int:page>/",
        views_questionnaire.question_page,
        name="question_page",
    ),
    # The provider's staff.
    path(
        "engagements/<int:pk>/questionnaires/",
        views_questionnaire.engagement_questionnaires,
        name="engagement_questionnaires",
    ),
    path(
        "engagements/<int:pk>/questionnaires/attach/",
        views_questionnaire.questionnaire_attach,
        name="questionnaire_attach",
    ),
    path("engagements/<int:pk>/paper/", views_questionnaire.paper_upload, name="paper_upload"),
    path(
        "engagements/<int:pk>/paper/preview/",
        views_questionnaire.paper_preview,
        name="paper_preview",
    ),
    path(
        "engagements/<int:pk>/paper/confirm/",
        views_questionnaire.paper_confirm,
        name="paper_confirm",
    ),
    # A client's own instruments.
    path("instruments/", views_instruments.instrument_list, name="instrument_list"),
    path("instruments/new/", views_instruments.instrument_new, name="instrument_new"),
    path("instruments/<int:pk>/", views_instruments.instrument_detail, name="instrument_detail"),
    path("instruments/<int:pk>/edit/", views_instruments.instrument_edit, name="instrument_edit"),
    path("", include("breakaway.evaluation.urls_report")),  # the impact report
]
