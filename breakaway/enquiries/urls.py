from django.urls import path
from django.views.generic import TemplateView

app_name = "enquiries"

# Placeholders: the enquiries work replaces these views; the names are fixed.
_page = TemplateView.as_view(template_name="enquiries/home.html")

urlpatterns = [
    path("", _page, name="home"),
    path("training/", _page, name="training"),
    path("how-it-works/", _page, name="how_it_works"),
    path("faq/", _page, name="faq"),
    path("book/", _page, name="book"),
    path("book/thank-you/", _page, name="thanks"),
    path("pipeline/", _page, name="board"),
    path("pipeline/enquiries/", _page, name="list"),
    path("pipeline/enquiries/<int:pk>/", _page, name="detail"),
    path("pipeline/enquiries/<int:pk>/move/", _page, name="move"),
    path("pipeline/enquiries/<int:pk>/convert/", _page, name="convert"),
]
