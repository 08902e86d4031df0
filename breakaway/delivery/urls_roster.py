"""Rosters and health screening for staff, included into `delivery:` by delivery/urls.py."""

from django.urls import path

from breakaway.delivery import views_roster, views_screening

urlpatterns = [
    path("organisations/<slug:slug>/rosters/", views_roster.roster_list, name="roster_list"),
    path("engagements/<int:pk>/roster/", views_roster.roster, name="roster"),
    path("engagements/<int:pk>/roster/add/", views_roster.roster_pick, name="roster_pick"),
    path("engagements/<int:pk>/roster/paste/", views_roster.roster_paste, name="roster_paste"),
    path("engagements/<int:pk>/roster/person/", views_roster.roster_person, name="roster_person"),
    path("engagements/<int:pk>/roster/invite/", views_roster.roster_invite, name="roster_invite"),
    path(
        "engagements/<int:pk>/roster/letters/", views_roster.roster_letters, name="roster_letters"
    ),
    path("roster/people/<int:pk>/withdraw/", views_roster.roster_withdraw, name="roster_withdraw"),
    path("roster/people/<int:pk>/move/", views_roster.roster_move, name="roster_move"),
    path(
        "roster/people/<int:pk>/invite/", views_roster.roster_invite_one, name="roster_invite_one"
    ),
    path("roster/groups/<int:pk>/", views_roster.roster_group, name="roster_group"),
    # Health screening: the engagement's trainers and the provider's safeguarding lead only.
    path("engagements/<int:pk>/screening/", views_screening.screening_list, name="screening_list"),
    path("screening/<int:pk>/", views_screening.screening_detail, name="screening_detail"),
    path(
        "screening/<int:pk>/discussed/",
        views_screening.screening_discussed,
        name="screening_discussed",
    ),
]
