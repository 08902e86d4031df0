from django.urls import path

from breakaway.quotes import views

app_name = "quotes"

urlpatterns = [
    path("", views.quote_list, name="list"),
    path("new/<int:pk>/", views.quote_new, name="create"),
    path("<int:pk>/", views.quote_detail, name="detail"),
    path("<int:pk>/accept/", views.quote_accept_view, name="accept"),
    path("<int:pk>/decline/", views.quote_decline_view, name="decline"),
    path("<int:pk>.pdf", views.quote_pdf, name="pdf"),
]
