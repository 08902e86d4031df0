"""The public verification page at /verify/ (namespace `verify`): no sign-in, rate-limited."""

from django.urls import path

from breakaway.delivery import views_certificates

app_name = "verify"

urlpatterns = [
    path("", views_certificates.verify_form, name="form"),
    path("<str:code>", views_certificates.verify, name="certificate"),
]
