from django.contrib import admin

from breakaway.quotes.models import ClientBilling, RateCard, VatRate


@admin.register(VatRate)
class VatRateAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "rate"]


@admin.register(RateCard)
class RateCardAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "valid_from", "is_current"]
    list_filter = ["is_current"]
    list_select_related = ["provider"]


@admin.register(ClientBilling)
class ClientBillingAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "vat_treatment",
        "purchase_order_required",
        "payment_terms_days",
    ]
    list_select_related = ["organisation"]
