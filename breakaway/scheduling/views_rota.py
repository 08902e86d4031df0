"""A trainer's own rota and calendar feed, and the venues where courses run.

A trainer sees only their own assignments. The calendar feed needs no sign-in: its address
holds a secret token (only a hash of it is stored), and a wrong token is not found (404).
Venues: provider staff set a site's map position and room notes; a client's administrators
keep the room notes of their own sites.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import has_role
from breakaway.scheduling import assignment_services as assigning
from breakaway.scheduling.engagement_services import venue_save, venue_set_room_notes
from breakaway.scheduling.feed import trainer_calendar
from breakaway.scheduling.forms import DeclineForm, RoomNotesForm, VenueForm
from breakaway.scheduling.models import TrainerFeed
from breakaway.scheduling.selectors import (
    assignment_get_for_trainer,
    rota_for_trainer,
    site_get_for_user,
    site_list_for_user,
    trainer_for_user,
)

T = "scheduling/"
VENUE_EDITORS = (Role.PROVIDER_ADMIN, Role.ADVISOR, Role.DESIGNER)
VENUE_READERS = (*VENUE_EDITORS, Role.CLIENT_ADMIN)
COLOURS = {"published": "blue", "accepted": "green", "declined": "red", "proposed": "grey"}


@role_required(Role.TRAINER)
@require_GET
def my_rota(request: HttpRequest) -> HttpResponse:
    """The trainer's upcoming work, soonest first, with what they still need to answer."""
    trainer = trainer_for_user(user=request.user)
    assignments = list(rota_for_trainer(trainer=trainer, since=timezone.localdate()))
    context = {
        "trainer": trainer,
        "assignments": assignments,
        "colours": COLOURS,
        "to_answer": sum(1 for a in assignments if a.status == "published"),
        "has_feed": TrainerFeed.objects.filter(trainer=trainer).exists(),
    }
    return render(request, T + "my_rota.html", context)


@role_required(Role.TRAINER)
@require_POST
def assignment_accept(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_trainer(user=request.user, pk=pk)
    try:
        assigning.assignment_accept(assignment=assignment, accepted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have accepted the work."))
    return redirect("scheduling:my_rota")


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
def assignment_decline(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_trainer(user=request.user, pk=pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assigning.assignment_decline(
                assignment=assignment, reason=form.cleaned_data["reason"], declined_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("You have declined the work; the planners have been told."))
            return redirect("scheduling:my_rota")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "assignment": assignment}
    return render(request, T + "assignment_decline.html", context, status=status)


@role_required(Role.TRAINER)
@require_http_methods(["GET", "POST"])
@never_cache
def feed_settings(request: HttpRequest) -> HttpResponse:
    """Make (or make again) the secret address of the trainer's calendar; shown once."""
    trainer = trainer_for_user(user=request.user)
    url = ""
    if request.method == "POST":
        token = assigning.feed_token_renew(trainer=trainer, renewed_by=request.user)
        url = request.build_absolute_uri(reverse("scheduling:feed", kwargs={"token": token}))
    context = {
        "url": url,
        "has_feed": TrainerFeed.objects.filter(trainer=trainer).exists(),
    }
    return render(request, T + "feed_settings.html", context)


@require_GET
@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The trainer's calendar (iCalendar); no sign-in, the token is the key."""
    trainer = assigning.feed_trainer_for_token(token=token)
    if trainer is None:
        raise Http404("No such calendar.")
    response = HttpResponse(trainer_calendar(trainer=trainer), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="rota.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


# Venues -------------------------------------------------------------------------------------


@role_required(*VENUE_READERS)
@require_GET
def venue_list(request: HttpRequest) -> HttpResponse:
    sites = site_list_for_user(user=request.user)
    context = {"sites": sites, "can_set_position": has_role(request.user, *VENUE_EDITORS)}
    return render(request, T + "venue_list.html", context)


@role_required(*VENUE_READERS)
@require_http_methods(["GET", "POST"])
def venue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Provider staff set the map position and room notes; a client's administrator the notes."""
    site = site_get_for_user(user=request.user, pk=pk)
    venue = getattr(site, "venue", None)
    provider_side = has_role(request.user, *VENUE_EDITORS)
    if not provider_side and venue is None:
        raise Http404("This site has no venue yet.")
    initial = {"lat": venue.lat, "lon": venue.lon, "room_notes": venue.room_notes} if venue else {}
    form_class = VenueForm if provider_side else RoomNotesForm
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if provider_side:
                venue_save(
                    site=site,
                    lat=data["lat"],
                    lon=data["lon"],
                    room_notes=data["room_notes"],
                    changed_by=request.user,
                )
            else:
                assert venue is not None  # noqa: S101
                venue_set_room_notes(
                    venue=venue, room_notes=data["room_notes"], changed_by=request.user
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Venue saved."))
            return redirect("scheduling:venue_list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "site": site, "venue": venue, "provider_side": provider_side}
    return render(request, T + "venue_form.html", context, status=status)
