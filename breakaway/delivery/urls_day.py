"""The day in the room: the register, competence and the incident log (included by urls.py)."""

from django.urls import path

from breakaway.delivery import views_day

urlpatterns = [
    path("today/", views_day.day_today, name="day_today"),
    path("days/<int:pk>/register/", views_day.day_register, name="day_register"),
    path("days/<int:pk>/register/code/", views_day.day_register_code, name="day_register_code"),
    path(
        "days/<int:pk>/register/confirm/",
        views_day.day_register_confirm,
        name="day_register_confirm",
    ),
    path(
        "days/<int:pk>/register/<int:enrolment_pk>/",
        views_day.day_attendance_mark,
        name="day_attendance_mark",
    ),
    path("engagements/<int:pk>/competence/", views_day.competence_list, name="competence_list"),
    path(
        "engagements/<int:pk>/competence/<int:enrolment_pk>/",
        views_day.competence_person,
        name="competence_person",
    ),
    path(
        "engagements/<int:pk>/incidents/",
        views_day.training_incident_list,
        name="training_incident_list",
    ),
    path(
        "engagements/<int:pk>/incidents/new/",
        views_day.training_incident_new,
        name="training_incident_new",
    ),
    path("training-incidents/", views_day.training_incident_all, name="training_incident_all"),
]
