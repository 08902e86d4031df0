"""The attendee's pages, at /a/: their own page by personal link, and "send me a new link"."""

from django.urls import path

from breakaway.delivery import views_attendee

app_name = "attendee"

urlpatterns = [
    path("new-link/", views_attendee.new_link, name="new_link"),
    path("new-link/sent/", views_attendee.new_link_sent, name="new_link_sent"),
    path("<str:token>/", views_attendee.attendee_page, name="page"),
    path(
        "<str:token>/screening/<int:pk>/check/",
        views_attendee.screening_check,
        name="screening_check",
    ),
    path(
        "<str:token>/screening/<int:pk>/<slug:step>/",
        views_attendee.screening_step,
        name="screening_step",
    ),
]
