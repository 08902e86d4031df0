"""The staff's learning pages (`learning:`); the attendee's pages are on their personal link."""

from django.urls import path

from breakaway.learning import views_staff

app_name = "learning"

urlpatterns = [
    path("organisations/<slug:slug>/retention/", views_staff.retention, name="retention"),
    path("items/", views_staff.item_list, name="item_list"),
    path("videos/", views_staff.video_list, name="video_list"),
    path("videos/upload/", views_staff.video_upload, name="video_upload"),
    path("videos/<int:pk>/delete/", views_staff.video_delete, name="video_delete"),
    path("videos/<int:pk>/move/", views_staff.video_move, name="video_move"),
]
