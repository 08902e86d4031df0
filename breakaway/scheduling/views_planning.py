"""Planning the rota on the web: start a plan, watch it work, read the proposal, publish it;
and mark a trainer unavailable, which re-plans the engagements they were on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from breakaway.accounts.permissions import role_required
from breakaway.scheduling.forms import PlanForm, UnavailableForm
from breakaway.scheduling.models import Engagement, RotaPlan
from breakaway.scheduling.planning import proposal_changes
from breakaway.scheduling.planning_services import (
    rota_plan_publish,
    rota_plan_start,
    trainer_mark_unavailable,
)
from breakaway.scheduling.selectors import (
    PLANNERS,
    engagement_label,
    planner_provider_for,
    rota_plan_get_for_user,
    rota_plan_list_for_user,
)

T = "scheduling/"
PLAN_COLOURS = {"queued": "grey", "running": "blue", "done": "green", "failed": "red"}


@role_required(*PLANNERS)
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = rota_plan_list_for_user(user=request.user).exclude(kind=RotaPlan.Kind.API)[:50]
    return render(request, T + "plan_list.html", {"plans": plans, "colours": PLAN_COLOURS})


@role_required(*PLANNERS)
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    provider = planner_provider_for(user=request.user)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = rota_plan_start(
                provider=provider,
                start=data["start"],
                end=data["end"],
                keep_confirmed=data["keep_confirmed"],
                started_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("scheduling:plan_detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, T + "plan_new.html", {"form": form}, status=status)


def _trainer_names(ids: set[str]) -> dict[str, str]:
    from breakaway.trainers.models import Trainer

    return {
        str(t.pk): str(t)
        for t in Trainer.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related(
            "user"
        )
    }


def _proposal(plan: RotaPlan) -> dict[str, Any]:
    if plan.status != RotaPlan.Status.DONE or not plan.output or plan.input is None:
        return {}
    changes = proposal_changes(
        data=plan.input, output=plan.output, basis=plan.basis, scope=list(plan.scope)
    )
    engagements = {
        str(e.pk): e
        for e in Engagement.objects.filter(pk__in=plan.scope)
        .select_related("organisation", "venue__site")
        .prefetch_related("days")
    }
    ids = {t for c in changes for t in (*c.kept, *c.added, *c.removed)}
    names = _trainer_names(ids)
    rows = []
    for change in changes:
        engagement = engagements.get(change.engagement_id)
        if engagement is None:
            continue
        rows.append(
            {
                "engagement": engagement,
                "label": engagement_label(engagement),
                "kept": [names.get(t, t) for t in change.kept],
                "added": [names.get(t, t) for t in change.added],
                "removed": [names.get(t, t) for t in change.removed],
                "cost_before": round(change.cost_before),
                "cost_after": round(change.cost_after),
                "uncovered": change.uncovered,
                "changed": change.changed,
            }
        )
    rows.sort(key=lambda r: (not r["uncovered"], not r["changed"], r["label"]))
    output = plan.output
    return {
        "rows": rows,
        "changed_count": sum(1 for r in rows if r["changed"]),
        "uncovered_count": sum(1 for r in rows if r["uncovered"]),
        "covered_count": sum(1 for r in rows if not r["uncovered"]),
        "cost": round(float(output.get("cost") or 0)),
        "lower_bound": round(float(output.get("lower_bound_cost") or 0)),
        "cost_before": round(sum(c.cost_before for c in changes)),
        "solver_status": output.get("status"),
        "solve_seconds": output.get("solve_seconds"),
        "publishable": output.get("status") in ("optimal", "feasible")
        and plan.published_at is None
        and plan.kind == RotaPlan.Kind.PLAN,
    }


@role_required(*PLANNERS)
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while it works (htmx asks each second), then the proposal to publish."""
    plan = rota_plan_get_for_user(user=request.user, pk=pk)
    context = {"plan": plan, "colours": PLAN_COLOURS, **_proposal(plan)}
    if getattr(request, "htmx", False):
        if not plan.is_working:
            return HttpResponseClientRefresh()
        return render(request, T + "_plan_progress.html", context)
    return render(request, T + "plan_detail.html", context)


@role_required(*PLANNERS)
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = rota_plan_get_for_user(user=request.user, pk=pk)
    try:
        result = rota_plan_publish(plan=plan, published_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Rota published: %(added)s trainers added and %(removed)s taken off; "
                "%(told)s trainers have been e-mailed."
            )
            % {"added": result.added, "removed": result.removed, "told": result.trainers_told},
        )
    return redirect("scheduling:plan_detail", pk=plan.pk)


@role_required(*PLANNERS)
@require_http_methods(["GET", "POST"])
def trainer_unavailable(request: HttpRequest, pk: int) -> HttpResponse:
    """A trainer cannot work some days (ill, say): they come off that work and it is re-planned."""
    from breakaway.trainers.models import Trainer

    provider = planner_provider_for(user=request.user)
    trainer = Trainer.objects.filter(pk=pk, provider=provider).select_related("user").first()
    if trainer is None:
        raise Http404("No such trainer.")
    form = UnavailableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = trainer_mark_unavailable(
                trainer=trainer,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
                marked_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if plan is None:
                messages.success(
                    request,
                    _("%(name)s is marked unavailable; no work was affected.") % {"name": trainer},
                )
                return redirect("scheduling:plan_list")
            messages.success(
                request,
                _("%(name)s is marked unavailable and told; their work is being re-planned.")
                % {"name": trainer},
            )
            return redirect("scheduling:plan_detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "trainer": trainer}
    return render(request, T + "trainer_unavailable.html", context, status=status)
