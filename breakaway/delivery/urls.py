from django.urls import include, path

from breakaway.delivery import views_import, views_matrix, views_staff

app_name = "delivery"

urlpatterns = [
    # The staff list
    path(
        "organisations/<slug:slug>/staff/",
        views_staff.StaffListView.as_view(),
        name="staff_list",
    ),
    path("organisations/<slug:slug>/staff/add/", views_staff.staff_add, name="staff_add"),
    path("staff/<int:pk>/edit/", views_staff.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/archive/", views_staff.staff_archive, name="staff_archive"),
    path("staff/<int:pk>/restore/", views_staff.staff_restore, name="staff_restore"),
    # Importing it
    path(
        "organisations/<slug:slug>/staff/import/",
        views_import.staff_upload,
        name="staff_upload",
    ),
    path(
        "organisations/<slug:slug>/staff/imports/",
        views_import.StaffImportListView.as_view(),
        name="staff_import_list",
    ),
    path(
        "staff/imports/<int:pk>/",
        views_import.staff_import_detail,
        name="staff_import_detail",
    ),
    # The training matrix
    path("organisations/<slug:slug>/training-matrix/", views_matrix.matrix, name="matrix"),
    path("training-matrix/<int:pk>/edit/", views_matrix.matrix_edit, name="matrix_edit"),
    path("training-matrix/<int:pk>/delete/", views_matrix.matrix_delete, name="matrix_delete"),
    path("", include("breakaway.delivery.urls_day")),
    path("", include("breakaway.delivery.urls_certificates")),
    path("", include("breakaway.delivery.urls_roster")),
]
