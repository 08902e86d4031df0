from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from breakaway.quotes.models import (
    ClientBilling,
    CreditNote,
    GuaranteeClaim,
    Invoice,
    Quote,
    RateCard,
    VatRate,
)


@admin.register(VatRate)
class VatRateAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "rate"]


@admin.register(RateCard)
class RateCardAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "currency", "valid_from", "is_current"]
    list_filter = ["is_current", "currency"]
    list_select_related = ["provider"]


@admin.register(ClientBilling)
class ClientBillingAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "vat_treatment",
        "currency",
        "purchase_order_required",
        "payment_terms_days",
    ]
    list_select_related = ["organisation"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Issued documents never change: the admin shows them and offers no add, edit or delete.

    Payments, decisions and refunds are recorded through the services, which audit them.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "organisation", "supply_date", "gross", "currency", "status"]
    list_filter = ["status", "currency"]
    list_select_related = ["organisation"]
    search_fields = ["number", "organisation__name"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "organisation", "kind", "issued_on", "due_on", "gross", "paid_on"]
    list_filter = ["kind", "currency"]
    list_select_related = ["organisation"]
    search_fields = ["number", "organisation__name", "purchase_order"]


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "organisation", "invoice", "issued_on", "gross"]
    list_select_related = ["organisation", "invoice"]
    search_fields = ["number", "organisation__name"]


@admin.register(GuaranteeClaim)
class GuaranteeClaimAdmin(ReadOnlyAdmin):
    list_display = ["pk", "organisation", "invoice", "claimed_at", "amount", "status"]
    list_filter = ["status"]
    list_select_related = ["organisation", "invoice"]
