from django.contrib import admin
from django.urls import include, path

from breakaway.api import api
from breakaway.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("breakaway.accounts.urls")),
    path("api/v1/", api.urls),
    path("audit/", include("breakaway.core.urls")),
    path("app/", include("breakaway.portal.urls")),
    path("assessments/", include("breakaway.assessments.urls")),
    path("catalogue/", include("breakaway.catalogue.urls")),
    path("courses/", include("breakaway.courses.urls")),
    path("quotes/", include("breakaway.quotes.urls")),
    path("rota/", include("breakaway.scheduling.urls")),
    path("trainers/", include("breakaway.trainers.urls")),
    path("delivery/", include("breakaway.delivery.urls")),
    path("r/", include("breakaway.delivery.urls_register")),
    path("verify/", include("breakaway.delivery.urls_verify")),
    path("a/", include("breakaway.delivery.urls_attendee")),
    path("a/", include("breakaway.learning.urls_attendee")),
    path("evaluation/", include("breakaway.evaluation.urls")),
    path("learning/", include("breakaway.learning.urls")),
    path("privacy/", include("breakaway.privacy.urls")),
    path("", include("breakaway.enquiries.urls")),
]
