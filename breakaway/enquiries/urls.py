from django.urls import path

from breakaway.enquiries import views

app_name = "enquiries"

urlpatterns = [
    path("", views.PublicPageView.as_view(template_name="enquiries/home.html"), name="home"),
    path(
        "training/",
        views.PublicPageView.as_view(template_name="enquiries/training.html"),
        name="training",
    ),
    path(
        "how-it-works/",
        views.PublicPageView.as_view(template_name="enquiries/how_it_works.html"),
        name="how_it_works",
    ),
    path("faq/", views.PublicPageView.as_view(template_name="enquiries/faq.html"), name="faq"),
    path("book/", views.BookView.as_view(), name="book"),
    path("book/thank-you/", views.ThanksView.as_view(), name="thanks"),
    path("pipeline/", views.BoardView.as_view(), name="board"),
    path("pipeline/enquiries/", views.EnquiryListView.as_view(), name="list"),
    path("pipeline/enquiries/<int:pk>/", views.EnquiryDetailView.as_view(), name="detail"),
    path("pipeline/enquiries/<int:pk>/move/", views.enquiry_move, name="move"),
    path("pipeline/enquiries/<int:pk>/convert/", views.enquiry_convert, name="convert"),
]
