"""The admin edits outcomes and techniques directly; modules change only through versions.

Module content is read-only here so that every edit goes through `module_update` (a new
version, audited) and every sign-off through `module_sign_off`.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from breakaway.catalogue.models import LearningOutcome, Module, ModuleVersion, Technique


@admin.register(LearningOutcome)
class LearningOutcomeAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "position"]
    search_fields = ["title", "code", "statement"]


@admin.register(Technique)
class TechniqueAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "intensity", "position"]
    list_filter = ["group", "intensity"]
    search_fields = ["name", "code", "description"]


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ModuleVersionInline(ReadOnlyMixin, admin.TabularInline):
    model = ModuleVersion
    fields = ("number", "is_current", "title", "reviewed_by_name", "reviewed_on", "created_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "position", "created_at"]
    search_fields = ["code"]
    inlines = [ModuleVersionInline]


@admin.register(ModuleVersion)
class ModuleVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["module", "number", "is_current", "title", "reviewed_on", "next_review_due"]
    list_filter = ["is_current", "phase", "intensity"]
    list_select_related = ["module"]
    search_fields = ["module__code", "title"]
