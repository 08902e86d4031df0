import logging
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from breakaway.accounts.permissions import RoleRequiredMixin
from breakaway.accounts.roles import ADMINS
from breakaway.core.models import AuditEntry

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


_migrated = False  # once every migration is applied, it stays so for this process's life


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when this process can serve: the database answers, every migration is applied (a
    new release's processes wait for `migrate`), and the cache (rate limits) works; 503 and
    which check failed otherwise. /healthz says only whether the process and database live."""
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
        checks["migrations"] = "ok" if _migrations_applied() else "pending"
    except DatabaseError:
        logger.exception("Readiness: the database did not answer")
        checks["database"] = "unreachable"
    try:
        cache.set("breakaway-readyz", "1", 10)
        checks["cache"] = "ok" if cache.get("breakaway-readyz") == "1" else "failing"
    except Exception:  # any cache backend's failure means not ready
        logger.exception("Readiness: the cache failed")
        checks["cache"] = "failing"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503
    )


class AuditEntryListView(RoleRequiredMixin, ListView):
    allowed_roles = ADMINS
    template_name = "core/audit_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = AuditEntry.objects.select_related("actor", "organisation")
        if action := self.request.GET.get("action"):
            queryset = queryset.filter(action__startswith=action)
        return queryset
