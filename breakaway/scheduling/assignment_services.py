"""Writes for assignments: a planner puts a trainer on an engagement or takes them off; the
trainer accepts or declines; the trainer's private calendar address is made or renewed."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.core.audit import audit_log, snapshot
from breakaway.scheduling.models import Assignment, Engagement, TrainerFeed
from breakaway.scheduling.notifications import notify_planners_declined, notify_trainers
from breakaway.scheduling.selectors import (
    WORKING,
    engagement_candidates,
    provider_of,
)

ASSIGNABLE = (Engagement.Status.TENTATIVE, Engagement.Status.CONFIRMED)
FEED_TOKEN_BYTES = 32  # 256 bits


def _locked(engagement: Engagement) -> Engagement:
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("organisation__provider", "venue__site")
        .prefetch_related("days", "assignments")
        .get(pk=engagement.pk)
    )


@transaction.atomic
def assignment_add(*, engagement: Engagement, trainer: Any, assigned_by: Any) -> Assignment:
    """Put an eligible trainer on an engagement (published at once, and told by e-mail).

    Refuses a trainer who breaks a hard rule (the reasons say which), one who declined it, and
    more trainers than the engagement needs.
    """
    engagement = _locked(engagement)
    if engagement.status not in ASSIGNABLE:
        raise ValidationError(_("Trainers can only be put on a tentative or confirmed engagement."))
    provider = provider_of(engagement.organisation)
    if provider is None or trainer.provider_id != provider.pk or not trainer.is_active:
        raise ValidationError(_("This trainer does not work for the engagement's provider."))
    existing = {a.trainer_id: a for a in engagement.assignments.all()}
    if trainer.pk in existing:
        if existing[trainer.pk].status == Assignment.Status.DECLINED:
            raise ValidationError(_("%(name)s has declined this engagement.") % {"name": trainer})
        raise ValidationError(_("%(name)s is already on this engagement.") % {"name": trainer})
    working = sum(1 for a in existing.values() if a.status in WORKING)
    if working >= engagement.trainers_needed:
        raise ValidationError(
            _("This engagement needs %(count)s trainers and has them all.")
            % {"count": engagement.trainers_needed}
        )
    candidate = next(
        (c for c in engagement_candidates(engagement=engagement) if c.id == trainer.pk), None
    )
    if candidate is None:
        raise ValidationError(_("This trainer cannot be planned: check their profile."))
    if candidate.reasons:
        raise ValidationError(
            [_("%(name)s cannot work this engagement.") % {"name": trainer}]
            + [str(reason) for reason in candidate.reasons]
        )
    assignment = Assignment(
        engagement=engagement, trainer=trainer, status=Assignment.Status.PUBLISHED
    )
    assignment.full_clean()
    assignment.save()
    audit_log(
        actor=assigned_by,
        action="assignment.add",
        obj=assignment,
        after=snapshot(assignment, ("engagement_id", "trainer_id", "status")),
        organisation=engagement.organisation,
    )
    notify_trainers(changes={trainer: {"added": [engagement]}}, reason="")
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, removed_by: Any) -> None:
    """Take a trainer off an engagement, and tell them unless they had declined it."""
    engagement = assignment.engagement
    audit_log(
        actor=removed_by,
        action="assignment.remove",
        obj=assignment,
        before=snapshot(assignment, ("engagement_id", "trainer_id", "status")),
        organisation=engagement.organisation,
    )
    told = assignment.status != Assignment.Status.DECLINED
    trainer = assignment.trainer
    assignment.delete()
    if told:
        notify_trainers(changes={trainer: {"removed": [engagement]}}, reason="")


@transaction.atomic
def assignment_accept(*, assignment: Assignment, accepted_by: Any) -> Assignment:
    """The trainer confirms they will work a published assignment."""
    assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
    if assignment.status != Assignment.Status.PUBLISHED:
        raise ValidationError(_("Only new work can be accepted."))
    before = {"status": assignment.status}
    assignment.status = Assignment.Status.ACCEPTED
    assignment.decided_at = timezone.now()
    assignment.save(update_fields=["status", "decided_at"])
    audit_log(
        actor=accepted_by,
        action="assignment.accept",
        obj=assignment,
        before=before,
        after={"status": assignment.status},
        organisation=assignment.engagement.organisation,
    )
    return assignment


@transaction.atomic
def assignment_decline(*, assignment: Assignment, reason: str, declined_by: Any) -> Assignment:
    """The trainer cannot work it: they say why, and the planners are told by e-mail."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("engagement__organisation__provider", "trainer__user")
        .get(pk=assignment.pk)
    )
    if assignment.status not in (Assignment.Status.PUBLISHED, Assignment.Status.ACCEPTED):
        raise ValidationError(_("This work has already been declined."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why you cannot work it.")})
    before = {"status": assignment.status}
    assignment.status = Assignment.Status.DECLINED
    assignment.declined_reason = reason.strip()
    assignment.decided_at = timezone.now()
    assignment.is_fixed = False
    assignment.save(update_fields=["status", "declined_reason", "decided_at", "is_fixed"])
    audit_log(
        actor=declined_by,
        action="assignment.decline",
        obj=assignment,
        before=before,
        after={"status": assignment.status, "reason": assignment.declined_reason},
        organisation=assignment.engagement.organisation,
    )
    provider = provider_of(assignment.engagement.organisation)
    if provider is not None:
        notify_planners_declined(assignment=assignment, provider=provider)
    return assignment


# The calendar feed --------------------------------------------------------------------------


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_token_renew(*, trainer: Any, renewed_by: Any) -> str:
    """A new secret calendar address for the trainer; the old one stops working at once.

    Returns the token, which is shown once: only its hash is kept."""
    token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    feed, created = TrainerFeed.objects.update_or_create(
        trainer=trainer,
        defaults={"token_hash": feed_token_hash(token), "created_at": timezone.now()},
    )
    audit_log(
        actor=renewed_by,
        action="feed.create" if created else "feed.renew",
        obj=feed,
        organisation=trainer.provider,
    )
    return token


def feed_trainer_for_token(*, token: str) -> Any | None:
    """The trainer whose calendar this secret opens, or None."""
    feed = (
        TrainerFeed.objects.filter(token_hash=feed_token_hash(token))
        .select_related("trainer__user")
        .first()
    )
    return feed.trainer if feed is not None else None
