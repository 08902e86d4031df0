from django.urls import path

from breakaway.quotes import views, views_guarantee, views_invoices

app_name = "quotes"

urlpatterns = [
    path("", views.quote_list, name="list"),
    path("new/<int:pk>/", views.quote_new, name="create"),
    path("<int:pk>/", views.quote_detail, name="detail"),
    path("<int:pk>/accept/", views.quote_accept_view, name="accept"),
    path("<int:pk>/decline/", views.quote_decline_view, name="decline"),
    path("<int:pk>/revise/", views.quote_revise_view, name="revise"),
    path("<int:pk>.pdf", views.quote_pdf, name="pdf"),
    # Invoices
    path("<int:pk>/invoice/", views_invoices.invoice_new, name="invoice_create"),
    path("invoices/", views_invoices.invoice_list, name="invoice_list"),
    path("invoices/export.csv", views_invoices.invoice_export, name="invoice_export"),
    path("invoices/<int:pk>/", views_invoices.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>.pdf", views_invoices.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:pk>/paid/", views_invoices.invoice_mark_paid_view, name="invoice_paid"),
    # The satisfaction guarantee
    path("invoices/<int:pk>/claim/", views_guarantee.claim_new, name="claim_create"),
    path("claims/", views_guarantee.claim_list, name="claim_list"),
    path("claims/<int:pk>/", views_guarantee.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/decide/", views_guarantee.claim_decide, name="claim_decide"),
    path("claims/<int:pk>/refund/", views_guarantee.claim_refund, name="claim_refund"),
    path("credit-notes/<int:pk>.pdf", views_guarantee.credit_note_pdf, name="credit_note_pdf"),
]
