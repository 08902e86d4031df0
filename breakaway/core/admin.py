from django.contrib import admin, messages
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry
from breakaway.core.task_recovery import tasks_retry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "organisation"]
    list_filter = ["action"]
    list_select_related = ["actor", "organisation"]
    search_fields = ["object_repr", "action", "actor__email"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.action(description="Retry the selected failed tasks")
def retry_failed(modeladmin, request, queryset):  # type: ignore[no-untyped-def]
    failed = list(queryset.filter(status="FAILED"))
    retried = tasks_retry(DBTaskResult.objects.filter(id__in=[task.id for task in failed]))
    for task in failed:
        audit_log(actor=request.user, action="task.retry", obj=task, after={"task": task.task_path})
    modeladmin.message_user(request, f"{retried} failed tasks queued again.", messages.SUCCESS)


# django-tasks' own read-only list of task results, with the failure's type and a retry.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    actions = [retry_failed]
    list_display = (*DBTaskResultAdmin.list_display, "exception_class_path")  # type: ignore[assignment]
