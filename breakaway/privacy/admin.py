"""The admin: clients' retention agreements, and (read-only) the retention policies with what
is due, pseudonyms and erasures."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from breakaway.privacy.models import Erasure, RetentionAgreement
from breakaway.privacy.retention import policy_list


@admin.register(RetentionAgreement)
class RetentionAgreementAdmin(admin.ModelAdmin):
    """The agreements, with every retention policy above the list."""

    list_display = ["organisation", "incident_months", "agreed_on", "updated_by"]
    list_select_related = ["organisation", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
    change_list_template = "admin/privacy/retentionagreement/change_list.html"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        extra = {**(extra_context or {}), "policies": policy_list()}
        return super().changelist_view(request, extra_context=extra)  # type: ignore[return-value]


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = ["reference", "erased_at", "erased_by"]
    list_select_related = ["erased_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
