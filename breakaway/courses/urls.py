from django.urls import path

from breakaway.courses import views_designs as designs
from breakaway.courses import views_documents as documents

app_name = "courses"

urlpatterns = [
    # Designs
    path("designs/", designs.DesignListView.as_view(), name="design_list"),
    path("designs/new/", designs.design_new, name="design_new"),
    path("designs/<int:pk>/", designs.DesignDetailView.as_view(), name="design_detail"),
    path("designs/<int:pk>/edit/", designs.design_edit, name="design_edit"),
    path("designs/<int:pk>/check/", designs.design_check, name="design_check"),
    # Documents
    path("designs/<int:pk>/documents/<slug:kind>.pdf", documents.document_pdf, name="document"),
    path(
        "designs/<int:pk>/documents/<slug:kind>/",
        documents.document_preview,
        name="document_preview",
    ),
]
