"""The site's addresses plus the load benchmark's baseline, `bench/write-one/`: a form POST
through the same middleware (sessions, CSRF, …) that stores one row, one INSERT, and answers.
Only `config.settings.bench` uses this module; production never routes to it."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from breakaway.core.models import AuditEntry


@require_POST
def write_one(request: HttpRequest) -> HttpResponse:
    """One INSERT into the audit table (an existing, simple table: no model of its own)."""
    AuditEntry.objects.create(
        action="bench.write-one", object_type="bench", object_id="0", object_repr="bench"
    )
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/write-one/", write_one, name="bench_write_one"),
    path("", include("config.urls")),
]
