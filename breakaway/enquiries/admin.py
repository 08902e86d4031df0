from django.contrib import admin

from breakaway.enquiries.models import Enquiry


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = [
        "organisation_name",
        "contact_name",
        "sector",
        "headcount",
        "stage",
        "created_at",
    ]
    list_filter = ["stage", "sector"]
    search_fields = ["organisation_name", "contact_name", "email"]
    list_select_related = ["client", "owner"]
