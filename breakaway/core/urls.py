from django.urls import path

from breakaway.core import views

app_name = "core"

urlpatterns = [
    path("", views.AuditEntryListView.as_view(), name="audit_list"),
]
