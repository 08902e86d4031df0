"""Engagements on the web: planners list, book, change and staff them; clients read theirs.

Planners are the provider's administrators and advisors. A client's staff see their own
organisation's engagements, read-only; another organisation's is not found (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breakaway.accounts.models import Role
from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import CLIENT_STAFF, has_role
from breakaway.courses.models import CourseDesign
from breakaway.scheduling import assignment_services as assigning
from breakaway.scheduling import engagement_services as booking
from breakaway.scheduling.forms import (
    AssignForm,
    CancelForm,
    EngagementEditForm,
    EngagementForm,
    MoveForm,
)
from breakaway.scheduling.models import Assignment, Engagement
from breakaway.scheduling.selectors import (
    PLANNERS,
    engagement_candidates,
    engagement_days,
    engagement_get_for_user,
    engagement_list_filtered,
    is_planner,
    is_urgent,
    planner_provider_for,
    requirements_for,
    venue_list_for_provider,
)

T = "scheduling/"
PAGE_SIZE = 25
STATUS_COLOURS = {
    "tentative": "yellow",
    "confirmed": "blue",
    "delivered": "green",
    "closed": "grey",
    "cancelled": "red",
}
ASSIGNMENT_COLOURS = {
    "proposed": "grey",
    "published": "blue",
    "accepted": "green",
    "declined": "red",
}


def _month(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value + "-01") if value else None
    except ValueError:
        return None


@role_required(*PLANNERS, *CLIENT_STAFF)
@require_GET
def engagement_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Engagement.Status.values else ""
    month_text = request.GET.get("month", "")
    month = _month(month_text)
    rows = engagement_list_filtered(user=request.user, status=status, month=month)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "engagements": [
            (e, is_urgent(e), STATUS_COLOURS.get(e.status, "grey")) for e in page.object_list
        ],
        "statuses": Engagement.Status.choices,
        "status": status,
        "month": month_text if month else "",
        "can_plan": is_planner(request.user),
        "filtered": bool(status or month),
    }
    return render(request, T + "engagement_list.html", context)


def _forms_querysets(request: HttpRequest) -> dict[str, Any]:
    provider = planner_provider_for(user=request.user)
    designs = (
        CourseDesign.objects.filter(organisation__provider=provider)
        .select_related("organisation")
        .order_by("organisation__name", "-created_at")
    )
    return {"designs": designs, "venues": venue_list_for_provider(provider=provider)}


def _latest_version(design: CourseDesign) -> int:
    version = design.versions.order_by("-number").values_list("number", flat=True).first()
    return int(version or 1)


@role_required(*PLANNERS)
@require_http_methods(["GET", "POST"])
def engagement_new(request: HttpRequest) -> HttpResponse:
    form = EngagementForm(request.POST or None, **_forms_querysets(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement = booking.engagement_create(
                design=data["design"],
                design_version=data["design_version"] or _latest_version(data["design"]),
                venue=data["venue"],
                days=data["days"],
                groups=data["groups"],
                trainers_needed=data["trainers_needed"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Engagement booked: now choose its trainers."))
            return redirect("scheduling:engagement_detail", pk=engagement.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, T + "engagement_form.html", {"form": form}, status=status)


@role_required(*PLANNERS)
@require_http_methods(["GET", "POST"])
def engagement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_get_for_user(user=request.user, pk=pk)
    initial = {
        "design_version": engagement.design_version,
        "venue": engagement.venue,
        "days": engagement_days(engagement),
        "groups": engagement.groups,
        "trainers_needed": engagement.trainers_needed,
    }
    form = EngagementEditForm(
        request.POST or None, initial=initial, engagement=engagement, **_forms_querysets(request)
    )
    form.fields["venue"].queryset = form.fields["venue"].queryset.filter(  # type: ignore[attr-defined]
        site__organisation=engagement.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking.engagement_update(
                engagement=engagement,
                design_version=data["design_version"] or _latest_version(engagement.design),
                venue=data["venue"],
                days=data["days"],
                groups=data["groups"],
                trainers_needed=data["trainers_needed"],
                changed_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Engagement changed."))
            return redirect("scheduling:engagement_detail", pk=engagement.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "engagement": engagement}
    return render(request, T + "engagement_form.html", context, status=status)


def _detail_context(request: HttpRequest, engagement: Engagement, **extra: Any) -> dict[str, Any]:
    days = engagement_days(engagement)
    planner = is_planner(request.user)
    needs = requirements_for(engagement=engagement)
    context: dict[str, Any] = {
        "engagement": engagement,
        "days": days,
        "urgent": is_urgent(engagement, days[0] if days else None),
        "status_colour": STATUS_COLOURS.get(engagement.status, "grey"),
        "assignments": [
            (a, ASSIGNMENT_COLOURS.get(a.status, "grey")) for a in engagement.assignments.all()
        ],
        "qualifications": [needs.labels.get(q, q) for q in needs.qualifications],
        "unknown_qualifications": needs.unknown,
        "modules": needs.modules,
        "can_plan": planner,
        "can_change": planner and engagement.status in booking.CAN_CHANGE,
        # The day's pages (register, competence, certificates) are the provider admins' and
        # the assigned trainers'; the roster is also the client's.
        "runs_the_day": has_role(request.user, Role.PROVIDER_ADMIN),
        "keeps_the_roster": engagement.status != Engagement.Status.CANCELLED,
    }
    if context["can_change"]:
        context.update(_candidates_context(request, engagement, **extra))
    context.update(extra)
    return context


def _candidates_context(
    request: HttpRequest, engagement: Engagement, **extra: Any
) -> dict[str, Any]:
    candidates = engagement_candidates(engagement=engagement)
    choices = [
        (c.id, c.name if c.eligible else _("%(name)s (cannot work it)") % {"name": c.name})
        for c in candidates
        if not c.assigned
    ]
    chosen_id = request.POST.get("trainer") or request.GET.get("trainer")
    form = extra.get("assign_form") or AssignForm(initial={"trainer": chosen_id}, choices=choices)
    form.fields["trainer"].choices = AssignForm(choices=choices).fields["trainer"].choices  # type: ignore[union-attr,attr-defined]
    chosen = next((c for c in candidates if str(c.id) == chosen_id), None)
    working = sum(1 for a in engagement.assignments.all() if a.status != Assignment.Status.DECLINED)
    return {
        "candidates": candidates,
        "assign_form": form,
        "chosen": chosen,
        "places_left": max(0, engagement.trainers_needed - working),
    }


@role_required(*PLANNERS, *CLIENT_STAFF)
@require_GET
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_get_for_user(user=request.user, pk=pk)
    return render(request, T + "engagement_detail.html", _detail_context(request, engagement))


@role_required(*PLANNERS)
@require_GET
def engagement_trainers(request: HttpRequest, pk: int) -> HttpResponse:
    """Who can work it and why not (htmx swaps this in as a planner picks); the whole page
    without JavaScript."""
    engagement = engagement_get_for_user(user=request.user, pk=pk)
    context = _detail_context(request, engagement)
    template = "_candidates.html" if getattr(request, "htmx", False) else "engagement_detail.html"
    return render(request, T + template, context)


@role_required(*PLANNERS)
@require_POST
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_get_for_user(user=request.user, pk=pk)
    context = _candidates_context(request, engagement)
    form = AssignForm(
        request.POST, choices=[(c.id, c.name) for c in context["candidates"] if not c.assigned]
    )
    if form.is_valid():
        from breakaway.trainers.models import Trainer

        trainer = Trainer.objects.filter(pk=form.cleaned_data["trainer"]).first()
        try:
            if trainer is None:
                raise ValidationError(_("Choose a trainer from the list."))
            assigning.assignment_add(
                engagement=engagement, trainer=trainer, assigned_by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("trainer", message)
        else:
            messages.success(
                request, _("%(name)s is on this engagement and has been told.") % {"name": trainer}
            )
            return redirect("scheduling:engagement_detail", pk=engagement.pk)
    context = _detail_context(request, engagement, assign_form=form)
    return render(request, T + "engagement_detail.html", context, status=400)


@role_required(*PLANNERS)
@require_POST
def assignment_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    engagement = engagement_get_for_user(user=request.user, pk=pk)
    assignment = next((a for a in engagement.assignments.all() if a.pk == assignment_pk), None)
    if assignment is None:
        messages.error(request, _("That trainer is no longer on this engagement."))
    else:
        assigning.assignment_remove(assignment=assignment, removed_by=request.user)
        messages.success(
            request, _("%(name)s has been taken off and told.") % {"name": assignment.trainer}
        )
    return redirect("scheduling:engagement_detail", pk=engagement.pk)


def _status_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    engagement = engagement_get_for_user(user=request.user, pk=pk)
    try:
        if action == "confirm":
            booking.engagement_confirm(engagement=engagement, confirmed_by=request.user)
            messages.success(request, _("Engagement confirmed."))
        elif action == "deliver":
            booking.engagement_deliver(engagement=engagement, delivered_by=request.user)
            messages.success(request, _("Engagement marked delivered."))
        else:
            booking.engagement_close(engagement=engagement, closed_by=request.user)
            messages.success(request, _("Engagement closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("scheduling:engagement_detail", pk=engagement.pk)


@role_required(*PLANNERS)
@require_POST
def engagement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_action(request, pk, "confirm")


@role_required(*PLANNERS)
@require_POST
def engagement_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_action(request, pk, "deliver")


@role_required(*PLANNERS)
@require_POST
def engagement_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_action(request, pk, "close")


@role_required(*PLANNERS)
@require_http_methods(["GET", "POST"])
def engagement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_get_for_user(user=request.user, pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking.engagement_cancel(
                engagement=engagement,
                reason=form.cleaned_data["reason"],
                terms=form.cleaned_data["terms"],
                cancelled_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Engagement cancelled; its trainers have been told."))
            return redirect("scheduling:engagement_detail", pk=engagement.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "engagement": engagement}
    return render(request, T + "engagement_cancel.html", context, status=status)


@role_required(*PLANNERS)
@require_http_methods(["GET", "POST"])
def engagement_move(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_get_for_user(user=request.user, pk=pk)
    form = MoveForm(request.POST or None, initial={"days": engagement_days(engagement)})
    if request.method == "POST" and form.is_valid():
        try:
            booking.engagement_move(
                engagement=engagement, days=form.cleaned_data["days"], moved_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("New dates saved. Trainers have been told, and any gaps are being re-planned."),
            )
            return redirect("scheduling:engagement_detail", pk=engagement.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "engagement": engagement}
    return render(request, T + "engagement_move.html", context, status=status)
