import logging

from django.db import DatabaseError, connection
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
