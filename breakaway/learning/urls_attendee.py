"""The attendee's learning pages, at /a/<token>/ beside their own page: lessons (with their
videos and captions) and refreshers."""

from django.urls import path

from breakaway.learning import views_attendee

app_name = "learning_attendee"

urlpatterns = [
    path("<str:token>/lessons/<slug:lesson_id>/", views_attendee.lesson_page, name="lesson"),
    path(
        "<str:token>/lessons/<slug:lesson_id>/video/<int:pk>/",
        views_attendee.lesson_video,
        name="video",
    ),
    path(
        "<str:token>/lessons/<slug:lesson_id>/video/<int:pk>/captions/",
        views_attendee.lesson_captions,
        name="captions",
    ),
    path("<str:token>/refresher/", views_attendee.refresher_start, name="refresher_start"),
    path("<str:token>/refresher/stop/", views_attendee.refreshers_off, name="stop"),
    path("<str:token>/refresher/restart/", views_attendee.refreshers_on, name="restart"),
    path("<str:token>/refresher/<int:pk>/", views_attendee.refresher_page, name="refresher"),
    path(
        "<str:token>/refresher/<int:pk>/feedback/",
        views_attendee.refresher_done,
        name="feedback",
    ),
]
