"""Read-mostly admin: trainer records change through the pages (services, audited).

Qualification types are reference data a site administrator may add to (a new kind of
qualification a module can ask for); everything else is read-only here.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from breakaway.trainers.models import (
    CpdEntry,
    Qualification,
    QualificationType,
    ReminderSent,
    Trainer,
    Unavailability,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(QualificationType)
class QualificationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "expires"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QualificationInline(ReadOnlyMixin, admin.TabularInline):
    model = Qualification
    fields = ("type", "certificate_number", "expires_on", "verified_by", "verified_at")
    readonly_fields = fields
    extra = 0


@admin.register(Trainer)
class TrainerAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "provider", "base_postcode", "max_days_per_week", "is_active"]
    list_filter = ["is_active", "provider"]
    list_select_related = ["user", "provider"]
    search_fields = ["user__full_name", "user__email", "base_postcode"]
    inlines = [QualificationInline]


@admin.register(Qualification)
class QualificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["trainer", "type", "expires_on", "verified_at"]
    list_filter = ["type"]
    list_select_related = ["trainer__user", "type"]
    search_fields = ["trainer__user__full_name", "certificate_number"]


@admin.register(CpdEntry)
class CpdEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["trainer", "done_on", "hours", "activity"]
    list_select_related = ["trainer__user"]
    search_fields = ["trainer__user__full_name", "activity"]


@admin.register(Unavailability)
class UnavailabilityAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["trainer", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["trainer__user"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["key", "kind", "trainer", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["trainer__user"]
    search_fields = ["key"]
