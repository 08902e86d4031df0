from django.urls import path

from breakaway.scheduling import views_engagements as engagements
from breakaway.scheduling import views_planning as planning
from breakaway.scheduling import views_rota as rota

app_name = "scheduling"

urlpatterns = [
    path("engagements/", engagements.engagement_list, name="engagement_list"),
    path("engagements/new/", engagements.engagement_new, name="engagement_new"),
    path("engagements/<int:pk>/", engagements.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/edit/", engagements.engagement_edit, name="engagement_edit"),
    path(
        "engagements/<int:pk>/trainers/",
        engagements.engagement_trainers,
        name="engagement_trainers",
    ),
    path("engagements/<int:pk>/assign/", engagements.assignment_add, name="assignment_add"),
    path(
        "engagements/<int:pk>/assignments/<int:assignment_pk>/remove/",
        engagements.assignment_remove,
        name="assignment_remove",
    ),
    path(
        "engagements/<int:pk>/confirm/", engagements.engagement_confirm, name="engagement_confirm"
    ),
    path(
        "engagements/<int:pk>/deliver/", engagements.engagement_deliver, name="engagement_deliver"
    ),
    path("engagements/<int:pk>/close/", engagements.engagement_close, name="engagement_close"),
    path("engagements/<int:pk>/cancel/", engagements.engagement_cancel, name="engagement_cancel"),
    path("engagements/<int:pk>/move/", engagements.engagement_move, name="engagement_move"),
    path("venues/", rota.venue_list, name="venue_list"),
    path("venues/<int:pk>/", rota.venue_edit, name="venue_edit"),
    path("mine/", rota.my_rota, name="my_rota"),
    path("mine/<int:pk>/accept/", rota.assignment_accept, name="assignment_accept"),
    path("mine/<int:pk>/decline/", rota.assignment_decline, name="assignment_decline"),
    path("mine/calendar/", rota.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", rota.feed, name="feed"),
    path("plans/", planning.plan_list, name="plan_list"),
    path("plans/new/", planning.plan_new, name="plan_new"),
    path("plans/<int:pk>/", planning.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/publish/", planning.plan_publish, name="plan_publish"),
    path(
        "trainers/<int:pk>/unavailable/",
        planning.trainer_unavailable,
        name="trainer_unavailable",
    ),
]
