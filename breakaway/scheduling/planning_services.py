"""Planning the rota as a background job: start it, run it (in the worker), publish it.

A plan proposes changes against the published rota; the planner publishes it, which writes
the assignments and tells every trainer whose work changed. A re-plan (a trainer fell ill, an
engagement was cancelled or moved) touches only the engagements affected, keeps every other
assignment, and publishes itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation
from breakaway.core.audit import audit_log
from breakaway.scheduling.models import Assignment, Engagement, RotaPlan
from breakaway.scheduling.notifications import notify_trainers
from breakaway.scheduling.planning import basis_of, build_plan_input
from breakaway.scheduling.selectors import PUBLISHED, WORKING, iso_week_span

logger = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 60.0
PROGRESS_EVERY_SECONDS = 0.5
MAX_HORIZON_DAYS = 3 * 366
PUBLISHABLE = ("optimal", "feasible")


def _enqueue(plan: RotaPlan) -> None:
    from breakaway.scheduling.tasks import rota_plan_task

    transaction.on_commit(lambda: rota_plan_task.enqueue(plan_id=plan.pk))


@transaction.atomic
def rota_plan_start(
    *,
    provider: Organisation,
    start: dt.date,
    end: dt.date,
    keep_confirmed: bool,
    started_by: Any,
    solver: str = "exact",
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> RotaPlan:
    """Queue a plan of the provider's engagements from `start` to `end`."""
    if end < start:
        raise ValidationError({"end": _("The last day must be on or after the first day.")})
    if (end - start).days > MAX_HORIZON_DAYS:
        raise ValidationError({"end": _("Plan at most three years at a time.")})
    plan = RotaPlan.objects.create(
        provider=provider,
        kind=RotaPlan.Kind.PLAN,
        horizon_start=start,
        horizon_end=end,
        keep_confirmed=keep_confirmed,
        solver=solver,
        time_limit=time_limit,
        created_by=started_by if getattr(started_by, "is_authenticated", False) else None,
    )
    audit_log(
        actor=started_by,
        action="rota_plan.start",
        obj=plan,
        after={"start": start.isoformat(), "end": end.isoformat(), "keep": keep_confirmed},
        organisation=provider,
    )
    _enqueue(plan)
    return plan


@transaction.atomic
def rota_plan_start_from_input(
    *,
    provider: Organisation,
    data: dict[str, Any],
    started_by: Any,
    solver: str = "exact",
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> RotaPlan:
    """Queue a plan of a given `plan_rota` input (the API); its result is only reported."""
    plan = RotaPlan.objects.create(
        provider=provider,
        kind=RotaPlan.Kind.API,
        input=data,
        solver=solver,
        time_limit=time_limit,
        created_by=started_by if getattr(started_by, "is_authenticated", False) else None,
    )
    audit_log(actor=started_by, action="rota_plan.api", obj=plan, organisation=provider)
    _enqueue(plan)
    return plan


@transaction.atomic
def replan_start(
    *, provider: Organisation, engagements: list[Engagement], reason: str, started_by: Any
) -> RotaPlan | None:
    """Queue a re-plan of these engagements only, every other assignment kept as it is."""
    ids = sorted({e.pk for e in engagements})
    if not ids:
        return None
    plan = RotaPlan.objects.create(
        provider=provider,
        kind=RotaPlan.Kind.REPLAN,
        scope=ids,
        reason=reason,
        keep_confirmed=True,
        solver="exact",
        time_limit=DEFAULT_TIME_LIMIT,
        created_by=started_by if getattr(started_by, "is_authenticated", False) else None,
    )
    audit_log(
        actor=started_by,
        action="rota_plan.replan",
        obj=plan,
        after={"engagements": ids, "reason": reason},
        organisation=provider,
    )
    _enqueue(plan)
    return plan


def _progress_writer(plan_id: int) -> Callable[[str, float], None]:
    last = [0.0]

    def progress(message: str, fraction: float) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and fraction < 1:
            return
        last[0] = now
        percent = max(0, min(99, round(float(fraction) * 100)))
        RotaPlan.objects.filter(pk=plan_id).update(
            progress=percent, progress_message=str(message)[:200]
        )

    return progress


def _fail(plan: RotaPlan, problems: list[str]) -> RotaPlan:
    plan.status = RotaPlan.Status.FAILED
    plan.problems = problems
    plan.finished_at = timezone.now()
    plan.save(update_fields=["status", "problems", "finished_at"])
    return plan


EMPTY_OUTPUT = {
    "assignments": [],
    "unassigned": [],
    "cost": 0.0,
    "lower_bound_cost": 0.0,
    "status": "optimal",
    "solve_seconds": 0.0,
}


def _prepare(plan: RotaPlan) -> None:
    """Build the input from the database for a plan or a re-plan."""
    if plan.kind == RotaPlan.Kind.REPLAN:
        engagements = Engagement.objects.filter(pk__in=plan.scope).prefetch_related("days")
        days = [d.date for e in engagements for d in e.days.all()]
        if not days:
            start = end = timezone.localdate()
        else:
            start, end = iso_week_span(days)
        built = build_plan_input(
            provider=plan.provider, start=start, end=end, scope=list(plan.scope)
        )
        plan.horizon_start, plan.horizon_end = start, end
    else:
        if plan.horizon_start is None or plan.horizon_end is None:
            raise ValueError("A plan needs its first and last day.")
        built = build_plan_input(
            provider=plan.provider,
            start=plan.horizon_start,
            end=plan.horizon_end,
            keep_confirmed=plan.keep_confirmed,
        )
    plan.input, plan.basis, plan.scope, plan.notes = (
        built.data,
        built.basis,
        built.scope,
        built.notes,
    )
    plan.save(update_fields=["input", "basis", "scope", "notes", "horizon_start", "horizon_end"])


def rota_plan_run(*, plan: RotaPlan) -> RotaPlan:
    """Run a queued plan (in the worker): build its input, call the optimiser with progress,
    store the output; a re-plan then publishes itself."""
    from breakaway.scheduling import optimiser

    claimed = RotaPlan.objects.filter(pk=plan.pk, status=RotaPlan.Status.QUEUED).update(
        status=RotaPlan.Status.RUNNING, progress=0, progress_message=_("Reading the rota")
    )
    if not claimed:
        return plan
    plan.refresh_from_db()
    try:
        if plan.kind != RotaPlan.Kind.API:
            _prepare(plan)
        data = plan.input or {}
        if not data.get("engagements"):
            output = dict(EMPTY_OUTPUT)
        else:
            output = optimiser.plan(
                data,
                time_limit=plan.time_limit,
                solver=plan.solver or "exact",
                progress=_progress_writer(plan.pk),
            )
    except optimiser.RotaInputError as invalid:
        return _fail(plan, list(invalid.problems))
    except Exception as error:
        logger.exception("Rota plan %s failed", plan.pk)
        return _fail(plan, [_("The planner stopped with an error: %(error)s") % {"error": error}])
    plan.output = output
    plan.status = RotaPlan.Status.DONE
    plan.progress = 100
    plan.progress_message = _("Done")
    plan.finished_at = timezone.now()
    plan.save(update_fields=["output", "status", "progress", "progress_message", "finished_at"])
    if plan.kind == RotaPlan.Kind.REPLAN:
        try:
            rota_plan_publish(plan=plan, published_by=plan.created_by)
        except ValidationError as refused:
            plan.problems = list(refused.messages)
            plan.save(update_fields=["problems"])
    return plan


@dataclass
class PublishResult:
    added: int
    removed: int
    trainers_told: int


@transaction.atomic
def rota_plan_publish(*, plan: RotaPlan, published_by: Any) -> PublishResult:
    """Write the plan's assignments (published) and e-mail every trainer whose work changed.

    Refused when the plan is not finished, could not keep the rules, was published already, or
    the rota changed since it was made (plan again then)."""
    plan = RotaPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.status != RotaPlan.Status.DONE or not plan.output:
        raise ValidationError(_("This plan has not finished."))
    if plan.published_at is not None:
        raise ValidationError(_("This plan has been published already."))
    if plan.kind == RotaPlan.Kind.API:
        raise ValidationError(_("A plan made from the API input is not the rota: publish none."))
    if plan.output.get("status") not in PUBLISHABLE:
        raise ValidationError(_("This plan could not keep every rule, so it cannot be published."))
    engagements = {
        e.pk: e
        for e in Engagement.objects.select_for_update(of=("self",))
        .filter(pk__in=plan.scope)
        .select_related("organisation", "venue__site")
        .prefetch_related("days", "assignments")
    }
    current = {str(pk): basis_of(e) for pk, e in engagements.items()}
    if current != plan.basis:
        raise ValidationError(
            _("The rota has changed since this plan was made. Make a new plan to publish.")
        )
    proposed = {
        str(a["engagement"]): [str(t) for t in a["trainers"]] for a in plan.output["assignments"]
    }
    changes: dict[int, dict[str, list[Engagement]]] = defaultdict(lambda: defaultdict(list))
    added = removed = 0
    for pk, engagement in engagements.items():
        after = set(proposed.get(str(pk), []))
        rows = {str(a.trainer_id): a for a in engagement.assignments.all()}
        for trainer_id, assignment in rows.items():
            if assignment.status in WORKING and trainer_id not in after:
                audit_log(
                    actor=published_by,
                    action="assignment.remove",
                    obj=assignment,
                    before={"trainer_id": assignment.trainer_id, "status": assignment.status},
                    after={"plan": plan.pk},
                    organisation=engagement.organisation,
                )
                assignment.delete()
                changes[int(trainer_id)]["removed"].append(engagement)
                removed += 1
        for trainer_id in sorted(after):
            existing = rows.get(trainer_id)
            if existing is not None and existing.status in PUBLISHED:
                continue
            assignment, _created = Assignment.objects.update_or_create(
                engagement=engagement,
                trainer_id=int(trainer_id),
                defaults={"status": Assignment.Status.PUBLISHED, "declined_reason": ""},
            )
            audit_log(
                actor=published_by,
                action="assignment.add",
                obj=assignment,
                after={"trainer_id": assignment.trainer_id, "status": assignment.status,
                       "plan": plan.pk},
                organisation=engagement.organisation,
            )  # fmt: skip
            changes[int(trainer_id)]["added"].append(engagement)
            added += 1
    plan.published_at = timezone.now()
    plan.published_by = published_by if getattr(published_by, "is_authenticated", False) else None
    plan.save(update_fields=["published_at", "published_by"])
    audit_log(
        actor=published_by,
        action="rota_plan.publish",
        obj=plan,
        after={"added": added, "removed": removed},
        organisation=plan.provider,
    )
    from breakaway.trainers.models import Trainer

    trainers = Trainer.objects.filter(pk__in=list(changes)).select_related("user")
    reason = plan.reason or _("The rota has been planned.")
    told = notify_trainers(changes={t: changes[t.pk] for t in trainers}, reason=reason)
    return PublishResult(added=added, removed=removed, trainers_told=told)


@transaction.atomic
def trainer_mark_unavailable(
    *, trainer: Any, starts_on: dt.date, ends_on: dt.date, note: str, marked_by: Any
) -> RotaPlan | None:
    """A trainer cannot work these days (ill, say): record it, take them off the engagements
    on those days, tell them, and re-plan just those engagements."""
    from breakaway.trainers.models import Unavailability
    from breakaway.trainers.services import unavailability_create

    unavailability_create(
        trainer=trainer,
        created_by=marked_by,
        kind=Unavailability.Kind.BLOCKED,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note or _("Unavailable"),
    )
    affected = list(
        Engagement.objects.filter(
            assignments__trainer=trainer,
            assignments__status__in=WORKING,
            days__date__range=(starts_on, ends_on),
            status__in=(Engagement.Status.TENTATIVE, Engagement.Status.CONFIRMED),
        )
        .distinct()
        .select_related("organisation", "venue__site")
    )
    for assignment in Assignment.objects.filter(trainer=trainer, engagement__in=affected):
        audit_log(
            actor=marked_by,
            action="assignment.remove",
            obj=assignment,
            before={"trainer_id": assignment.trainer_id, "status": assignment.status},
            after={"reason": "unavailable"},
            organisation=assignment.engagement.organisation,
        )
        assignment.delete()
    if affected:
        notify_trainers(
            changes={trainer: {"removed": affected}},
            reason=_("You have been marked unavailable on these days."),
        )
    return replan_start(
        provider=trainer.provider,
        engagements=affected,
        reason=_("%(name)s is unavailable from %(start)s to %(end)s.")
        % {
            "name": trainer,
            "start": starts_on.strftime("%d/%m/%Y"),
            "end": ends_on.strftime("%d/%m/%Y"),
        },
        started_by=marked_by,
    )
