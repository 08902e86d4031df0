"""The register's short scan address, `/r/<day>/<code>/`, kept short for a small QR code."""

from django.urls import path

from breakaway.delivery import views_day

app_name = "register"

urlpatterns = [
    path("<int:day_pk>/<str:code>/", views_day.register_scan, name="scan"),
]
