from django.urls import path

from breakaway.assessments import views_questionnaire as questionnaire

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
]
