"""Privacy pages (`privacy:`): retention, a person's data (export and erasure), access log."""

from django.urls import path

from breakaway.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.home, name="home"),
    path("retention/", views.retention, name="retention"),
    path("retention/<slug:slug>/", views.agreement, name="agreement"),
    path("organisations/<slug:slug>/people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/export/", views.export, name="export"),
    path("people/<int:pk>/erase/", views.erase, name="erase"),
    path("access/", views.access_log, name="access_log"),
]
