"""The staff's learning pages: a client's retention by team, the provider's most forgotten
questions (and lesson progress), and the provider's lesson videos.

Who sees what: a client's administrators and managers see their own organisation's retention,
the provider's administrators, advisors and designers any client's; every member of the
provider's staff reads the most forgotten questions; administrators and designers manage the
videos. Another organisation's pages, or another provider's video, answer 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import PROVIDER_STAFF, has_role
from breakaway.core.forms import AccessibleForm
from breakaway.delivery.selectors import staff_organisation_get_for_user
from breakaway.learning.charts import Point, Series, retention_chart
from breakaway.learning.selectors import (
    MIN_ANSWERS,
    VIDEO_KEEPERS,
    OrganisationRetention,
    items_most_forgotten_for_user,
    lesson_progress_for_user,
    lesson_video_get_for_user,
    lesson_video_list,
    provider_clients_for_user,
    retention_for_organisation,
    video_provider_for_user,
)
from breakaway.learning.video_forms import LessonVideoForm
from breakaway.learning.video_services import (
    lesson_video_delete,
    lesson_video_move,
    lesson_video_upload,
)

TEMPLATES = "learning/staff/"
RETENTION_READERS = (
    Role.PROVIDER_ADMIN,
    Role.ADVISOR,
    Role.DESIGNER,
    Role.CLIENT_ADMIN,
    Role.CLIENT_MANAGER,
)
# The chart draws everyone and the teams with the most answers; the tables show every team.
CHART_TEAMS = 6


def retention_chart_for(data: OrganisationRetention) -> tuple[SafeString, bool]:
    """The chart's SVG, and whether some teams were left off it (the tables have them all)."""
    teams = sorted(data.teams, key=lambda t: (-t.answered, t.label))[:CHART_TEAMS]
    curves = [data.overall, *teams]
    series = [
        Series(
            curve.label,
            tuple(Point(m.month, m.share * 100, m.too_few) for m in curve.months),
        )
        for curve in curves
    ]
    svg = retention_chart(
        series,
        title=_("Share of refresher answers right, by month since the course"),
        description=_(
            "One line for everyone and one for each team with the most answers; a hollow "
            "marker is a month with too few answers to read."
        ),
        value_axis=_("Answers right"),
        month_axis=_("Months since the course"),
        month_word=_("month"),
        too_few_words=_("too few answers to read"),
    )
    # Every label and value in the SVG is escaped by the chart (breakaway.core.charts.esc).
    return mark_safe(svg), len(data.teams) > CHART_TEAMS  # noqa: S308


@role_required(*RETENTION_READERS)
@require_GET
def retention(request: HttpRequest, slug: str) -> HttpResponse:
    """A client's retention by team: the same queries however many answers."""
    organisation = staff_organisation_get_for_user(user=request.user, slug=slug)
    data = retention_for_organisation(organisation=organisation)
    chart, chart_partial = (SafeString(), False) if data.is_empty else retention_chart_for(data)
    context = {
        "organisation": organisation,
        "data": data,
        "curves": [data.overall, *data.teams],
        "chart": chart,
        "chart_partial": chart_partial,
        "chart_teams": CHART_TEAMS,
        "min_answers": MIN_ANSWERS,
    }
    return render(request, TEMPLATES + "retention.html", context)


class ClientFilterForm(AccessibleForm):
    client = forms.ChoiceField(
        label=gettext_lazy("Client"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a client from the list")},
    )

    def __init__(self, *args: Any, clients: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clients = {c.slug: c for c in clients}
        field: Any = self.fields["client"]
        field.choices = [("", _("All clients")), *[(c.slug, c.name) for c in clients]]

    def organisation(self) -> Any:
        return self.clients.get(self.cleaned_data.get("client") or "") if self.is_valid() else None


@role_required(*PROVIDER_STAFF)
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    """The refresher questions most often missed across the provider's clients (or one), and
    how far people got with the pre-course lessons."""
    form = ClientFilterForm(
        request.GET or None, clients=list(provider_clients_for_user(user=request.user))
    )
    organisation = form.organisation()
    context = {
        "form": form,
        "organisation": organisation,
        "report": items_most_forgotten_for_user(user=request.user, organisation=organisation),
        "lessons": lesson_progress_for_user(user=request.user, organisation=organisation),
        "min_answers": MIN_ANSWERS,
        "can_manage_videos": has_role(request.user, *VIDEO_KEEPERS),
    }
    return render(request, TEMPLATES + "items.html", context)


@role_required(*VIDEO_KEEPERS)
@require_GET
def video_list(request: HttpRequest) -> HttpResponse:
    """The provider's videos under each lesson."""
    provider = video_provider_for_user(user=request.user)
    context = {"provider": provider, "lessons": lesson_video_list(provider=provider)}
    return render(request, TEMPLATES + "videos.html", context)


@role_required(*VIDEO_KEEPERS)
@require_http_methods(["GET", "POST"])
def video_upload(request: HttpRequest) -> HttpResponse:
    """Upload a video and its captions for a lesson."""
    provider = video_provider_for_user(user=request.user)
    form = LessonVideoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        video = lesson_video_upload(
            provider=provider,
            lesson_id=form.cleaned_data["lesson"],
            title=form.cleaned_data["title"],
            video=form.cleaned_data["video"],
            content_type=form.content_type,
            captions=form.cleaned_data["captions"],
            uploaded_by=request.user,
        )
        messages.success(
            request,
            _("“%(title)s” is uploaded: attendees see it with the lesson.") % {"title": video},
        )
        return redirect("learning:video_list")
    status = 400 if form.errors else 200
    return render(request, TEMPLATES + "video_upload.html", {"form": form}, status=status)


@role_required(*VIDEO_KEEPERS)
@require_http_methods(["GET", "POST"])
def video_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete a video and its captions."""
    video = lesson_video_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        lesson_video_delete(video=video, deleted_by=request.user)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": video})
        return redirect("learning:video_list")
    return render(request, TEMPLATES + "video_delete.html", {"video": video})


@role_required(*VIDEO_KEEPERS)
@require_POST
def video_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a video one place earlier or later in its lesson."""
    video = lesson_video_get_for_user(user=request.user, pk=pk)
    lesson_video_move(video=video, up=request.POST.get("direction") == "up", moved_by=request.user)
    return redirect(reverse("learning:video_list") + f"#video-{video.pk}")
