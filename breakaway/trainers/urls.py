from django.urls import path

from breakaway.trainers import views, views_own

app_name = "trainers"

urlpatterns = [
    # The provider's administrators
    path("", views.TrainerListView.as_view(), name="list"),
    path("new/", views.trainer_create, name="create"),
    path("<int:pk>/", views.trainer_detail, name="detail"),
    path("<int:pk>/edit/", views.trainer_edit, name="edit"),
    path("<int:pk>/qualifications/new/", views.qualification_add, name="qualification_add"),
    path(
        "qualifications/<int:pk>/verify/", views.qualification_verify, name="qualification_verify"
    ),
    # One record: the administrator, or the trainer it belongs to
    path("qualifications/<int:pk>/edit/", views.qualification_edit, name="qualification_edit"),
    path(
        "qualifications/<int:pk>/evidence/",
        views.qualification_evidence,
        name="qualification_evidence",
    ),
    path("cpd/<int:pk>/evidence/", views.cpd_evidence, name="cpd_evidence"),
    path("cpd/<int:pk>/delete/", views.cpd_delete, name="cpd_delete"),
    path(
        "availability/<int:pk>/delete/",
        views.unavailability_delete,
        name="unavailability_delete",
    ),
    # "My training profile": the trainer's own
    path("me/", views_own.my_profile, name="my_profile"),
    path("me/edit/", views_own.my_edit, name="my_edit"),
    path("me/qualifications/new/", views_own.my_qualification_add, name="my_qualification_add"),
    path("me/cpd/new/", views_own.my_cpd_add, name="my_cpd_add"),
    path("me/availability/new/", views_own.my_availability_add, name="my_availability_add"),
]
