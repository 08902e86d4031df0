"""API routes for planning the rota: a `plan_rota` input in, a job to poll out."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from breakaway.scheduling.models import RotaPlan
from breakaway.scheduling.planning_services import DEFAULT_TIME_LIMIT, rota_plan_start_from_input
from breakaway.scheduling.selectors import is_planner, planner_provider_for, rota_plan_get_for_user

router = Router(tags=["rota"])

SOLVERS = ("exact", "greedy")


class PlanJobOut(Schema):
    id: int
    status: str
    url: str
    progress_percent: int
    progress: str
    result: dict[str, Any] | None
    problems: list[str]


class RotaInput(Schema):
    """The `plan_rota` input; every field is checked by the planner, which lists each problem."""

    model_config = ConfigDict(extra="allow")

    horizon: Any = None
    settings: Any = None
    trainers: Any = None
    engagements: Any = None


class RotaProblemsOut(Schema):
    detail: str
    problems: list[str]


class InvalidRequestOut(Schema):
    """Django Ninja's own 422: a body or query parameter of the wrong type."""

    detail: list[dict[str, Any]]


def _job_out(plan: RotaPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "status": plan.status,
        "url": reverse("api:rota_plan_status", kwargs={"plan_id": plan.pk}),
        "progress_percent": plan.progress,
        "progress": plan.progress_message,
        "result": plan.output if plan.status == RotaPlan.Status.DONE else None,
        "problems": list(plan.problems or []),
    }


@router.post("/rota/plan", response={202: PlanJobOut, 422: RotaProblemsOut | InvalidRequestOut})
def rota_plan(
    request: HttpRequest,
    payload: RotaInput,
    solver: str = "exact",
    time_limit: float | None = None,
) -> Any:
    """Plan a rota from the `plan_rota` input (`horizon`, `settings`, `trainers`,
    `engagements`); answers 202 with a job to poll. Query parameters `solver` (exact or
    greedy) and `time_limit` (seconds) are optional. An input that cannot be planned answers
    422 listing every problem."""
    from breakaway.scheduling.rota_instance import RotaInputError, parse

    if not is_planner(request.user):
        raise HttpError(403, "Only the provider's planners can plan the rota.")
    provider = planner_provider_for(user=request.user)
    data = payload.model_dump(exclude_unset=True)
    problems: list[str] = []
    if solver not in SOLVERS:
        problems.append(f"solver must be exact or greedy, not {solver!r}")
    if time_limit is not None and time_limit <= 0:
        problems.append("time_limit must be a positive number of seconds")
    try:
        parse(data)
    except RotaInputError as invalid:
        problems += list(invalid.problems)
    if problems:
        return Status(422, {"detail": "The input cannot be planned.", "problems": problems})
    plan = rota_plan_start_from_input(
        provider=provider,
        data=data,
        started_by=request.user,
        solver=solver,
        time_limit=time_limit if time_limit is not None else DEFAULT_TIME_LIMIT,
    )
    plan.refresh_from_db()
    return Status(202, _job_out(plan))


@router.get("/rota/plan/{plan_id}", response=PlanJobOut, url_name="rota_plan_status")
def rota_plan_status(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """A plan's progress; when `status` is done, `result` is the `plan_rota` output."""
    if not is_planner(request.user):
        raise HttpError(403, "Only the provider's planners can see rota plans.")
    try:
        plan = rota_plan_get_for_user(user=request.user, pk=plan_id)
    except Http404:
        raise
    return _job_out(plan)
