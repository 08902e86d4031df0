"""Writes for venues and engagements: each checks its rule, saves and leaves an audit entry.

Cancelling or moving an engagement takes its trainers off it where they can no longer work
it, tells them by e-mail, and re-plans the engagement with every other assignment kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Site
from breakaway.core.audit import audit_log, snapshot
from breakaway.courses.models import CourseDesign, CourseDesignVersion
from breakaway.scheduling.models import Assignment, Engagement, EngagementDay, Venue
from breakaway.scheduling.selectors import provider_of

ENGAGEMENT_FIELDS = (
    "organisation_id",
    "design_id",
    "design_version",
    "venue_id",
    "groups",
    "trainers_needed",
    "status",
)
# Transitions a planner makes by hand: from these statuses only.
CAN_CONFIRM = (Engagement.Status.TENTATIVE,)
CAN_DELIVER = (Engagement.Status.CONFIRMED,)
CAN_CLOSE = (Engagement.Status.DELIVERED,)
CAN_CHANGE = (Engagement.Status.TENTATIVE, Engagement.Status.CONFIRMED)


def _state(engagement: Engagement) -> dict[str, Any]:
    state = snapshot(engagement, ENGAGEMENT_FIELDS)
    state["days"] = sorted(d.isoformat() for d in engagement_dates(engagement))
    return state


def engagement_dates(engagement: Engagement) -> list[dt.date]:
    return list(EngagementDay.objects.filter(engagement=engagement).values_list("date", flat=True))


# Venues -------------------------------------------------------------------------------------


@transaction.atomic
def venue_save(*, site: Site, lat: float, lon: float, room_notes: str, changed_by: Any) -> Venue:
    """Set a client site's coordinates and room notes (provider staff)."""
    venue = Venue.objects.filter(site=site).first()
    before = snapshot(venue, ("lat", "lon", "room_notes")) if venue else None
    if venue is None:
        venue = Venue(site=site, lat=lat, lon=lon)
    venue.lat, venue.lon, venue.room_notes = lat, lon, room_notes
    venue.full_clean()
    venue.save()
    audit_log(
        actor=changed_by,
        action="venue.save",
        obj=venue,
        before=before,
        after=snapshot(venue, ("lat", "lon", "room_notes")),
        organisation=site.organisation,
    )
    return venue


@transaction.atomic
def venue_set_room_notes(*, venue: Venue, room_notes: str, changed_by: Any) -> Venue:
    """A client's administrator keeps the room notes of their own site up to date."""
    before = {"room_notes": venue.room_notes}
    venue.room_notes = room_notes
    venue.full_clean()
    venue.save(update_fields=["room_notes"])
    audit_log(
        actor=changed_by,
        action="venue.room_notes",
        obj=venue,
        before=before,
        after={"room_notes": room_notes},
        organisation=venue.site.organisation,
    )
    return venue


# Engagements --------------------------------------------------------------------------------


def _check(
    *,
    design: CourseDesign,
    design_version: int,
    venue: Venue | None,
    days: list[dt.date],
    groups: int,
    trainers_needed: int,
) -> None:
    errors: dict[str, list[str]] = {}
    if not CourseDesignVersion.objects.filter(design=design, number=design_version).exists():
        errors.setdefault("design_version", []).append(
            _("This course design has no version %(number)s.") % {"number": design_version}
        )
    if venue is not None and venue.site.organisation_id != design.organisation_id:
        errors.setdefault("venue", []).append(
            _("Choose one of %(client)s's sites.") % {"client": design.organisation.name}
        )
    if not days:
        errors.setdefault("days", []).append(_("Enter at least one day."))
    if len(set(days)) != len(days):
        errors.setdefault("days", []).append(_("Enter each day once."))
    if groups < 1:
        errors.setdefault("groups", []).append(_("Enter 1 or more groups."))
    if trainers_needed < 1:
        errors.setdefault("trainers_needed", []).append(_("Enter 1 or more trainers."))
    if errors:
        raise ValidationError(errors)


def _set_days(engagement: Engagement, days: list[dt.date]) -> None:
    EngagementDay.objects.filter(engagement=engagement).exclude(date__in=days).delete()
    have = set(EngagementDay.objects.filter(engagement=engagement).values_list("date", flat=True))
    EngagementDay.objects.bulk_create(
        [EngagementDay(engagement=engagement, date=day) for day in sorted(set(days) - have)]
    )


@transaction.atomic
def engagement_create(
    *,
    design: CourseDesign,
    design_version: int,
    venue: Venue | None,
    days: list[dt.date],
    groups: int = 1,
    trainers_needed: int = 1,
    quote: Any = None,
    created_by: Any,
) -> Engagement:
    """Book a course for the design's client: tentative until the planner confirms it."""
    _check(
        design=design,
        design_version=design_version,
        venue=venue,
        days=days,
        groups=groups,
        trainers_needed=trainers_needed,
    )
    engagement = Engagement(
        organisation=design.organisation,
        design=design,
        design_version=design_version,
        venue=venue,
        groups=groups,
        trainers_needed=trainers_needed,
        quote=quote,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    engagement.full_clean()
    engagement.save()
    _set_days(engagement, days)
    audit_log(
        actor=created_by,
        action="engagement.create",
        obj=engagement,
        after=_state(engagement),
        organisation=engagement.organisation,
    )
    return engagement


@transaction.atomic
def engagement_update(
    *,
    engagement: Engagement,
    design_version: int,
    venue: Venue | None,
    days: list[dt.date],
    groups: int,
    trainers_needed: int,
    changed_by: Any,
) -> Engagement:
    """Change an engagement that has not run yet; new dates go through `engagement_move`."""
    engagement = Engagement.objects.select_for_update(of=("self",)).get(pk=engagement.pk)
    if engagement.status not in CAN_CHANGE:
        raise ValidationError(_("Only a tentative or confirmed engagement can be changed."))
    _check(
        design=engagement.design,
        design_version=design_version,
        venue=venue,
        days=days,
        groups=groups,
        trainers_needed=trainers_needed,
    )
    working = Assignment.objects.filter(
        engagement=engagement, status__in=("proposed", "published", "accepted")
    ).count()
    if trainers_needed < working:
        raise ValidationError(
            {
                "trainers_needed": _(
                    "%(count)s trainers are on this engagement: take one off before needing fewer."
                )
                % {"count": working}
            }
        )
    before = _state(engagement)
    engagement.design_version = design_version
    engagement.venue = venue
    engagement.groups = groups
    engagement.trainers_needed = trainers_needed
    engagement.full_clean()
    engagement.save()
    audit_log(
        actor=changed_by,
        action="engagement.update",
        obj=engagement,
        before=before,
        after=_state(engagement),
        organisation=engagement.organisation,
    )
    if sorted({d.isoformat() for d in days}) != sorted(before["days"]):
        engagement_move(engagement=engagement, days=days, moved_by=changed_by)
    return engagement


def _transition(
    *, engagement: Engagement, allowed: tuple[str, ...], to: str, by: Any, action: str
) -> Engagement:
    engagement = Engagement.objects.select_for_update(of=("self",)).get(pk=engagement.pk)
    if engagement.status not in allowed:
        raise ValidationError(
            _("A %(status)s engagement cannot be marked %(to)s.")
            % {
                "status": engagement.get_status_display().lower(),
                "to": Engagement.Status(to).label.lower(),
            }
        )
    before = engagement.status
    engagement.status = to
    engagement.save(update_fields=["status"])
    audit_log(
        actor=by,
        action=action,
        obj=engagement,
        before={"status": before},
        after={"status": to},
        organisation=engagement.organisation,
    )
    return engagement


@transaction.atomic
def engagement_confirm(*, engagement: Engagement, confirmed_by: Any) -> Engagement:
    """Tentative → confirmed: the client has committed to the dates."""
    return _transition(
        engagement=engagement,
        allowed=CAN_CONFIRM,
        to=Engagement.Status.CONFIRMED,
        by=confirmed_by,
        action="engagement.confirm",
    )


@transaction.atomic
def engagement_deliver(
    *, engagement: Engagement, delivered_by: Any, today: dt.date | None = None
) -> Engagement:
    """Confirmed → delivered, once its last day has come."""
    last = max(engagement_dates(engagement), default=None)
    if last is not None and last > (today or timezone.localdate()):
        raise ValidationError(_("You can mark it delivered from its last day onwards."))
    return _transition(
        engagement=engagement,
        allowed=CAN_DELIVER,
        to=Engagement.Status.DELIVERED,
        by=delivered_by,
        action="engagement.deliver",
    )


@transaction.atomic
def engagement_close(*, engagement: Engagement, closed_by: Any) -> Engagement:
    """Delivered → closed: nothing more to do for it."""
    return _transition(
        engagement=engagement,
        allowed=CAN_CLOSE,
        to=Engagement.Status.CLOSED,
        by=closed_by,
        action="engagement.close",
    )


@transaction.atomic
def engagement_cancel(
    *, engagement: Engagement, reason: str, terms: str, cancelled_by: Any
) -> Engagement:
    """Cancel an engagement that has not run: its trainers come off it and are told."""
    from breakaway.scheduling.notifications import notify_trainers

    engagement = Engagement.objects.select_for_update(of=("self",)).get(pk=engagement.pk)
    if engagement.status not in CAN_CHANGE:
        raise ValidationError(_("Only a tentative or confirmed engagement can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the engagement is cancelled.")})
    before = _state(engagement)
    engagement.status = Engagement.Status.CANCELLED
    engagement.cancellation_reason = reason.strip()
    engagement.cancellation_terms = terms.strip()
    engagement.cancelled_at = timezone.now()
    engagement.save()
    assignments = list(
        Assignment.objects.filter(engagement=engagement).select_related("trainer__user")
    )
    told = [a.trainer for a in assignments if a.status != Assignment.Status.DECLINED]
    for assignment in assignments:
        audit_log(
            actor=cancelled_by,
            action="assignment.remove",
            obj=assignment,
            before=snapshot(assignment, ("trainer_id", "status")),
            after=None,
            organisation=engagement.organisation,
        )
    Assignment.objects.filter(engagement=engagement).delete()
    audit_log(
        actor=cancelled_by,
        action="engagement.cancel",
        obj=engagement,
        before=before,
        after={
            "status": engagement.status,
            "reason": engagement.cancellation_reason,
            "terms": engagement.cancellation_terms,
        },
        organisation=engagement.organisation,
    )
    notify_trainers(
        changes={t: {"cancelled": [engagement]} for t in told},
        reason=_("The course was cancelled."),
    )
    return engagement


@transaction.atomic
def engagement_move(
    *, engagement: Engagement, days: list[dt.date], moved_by: Any, replan: bool = True
) -> Engagement:
    """New dates: trainers who can still work them stay (and are told); those who cannot come
    off it, and the engagement is re-planned with every other assignment kept."""
    from breakaway.scheduling.notifications import notify_trainers
    from breakaway.scheduling.planning_services import replan_start
    from breakaway.scheduling.selectors import engagement_candidates

    engagement = Engagement.objects.select_for_update(of=("self",)).get(pk=engagement.pk)
    if engagement.status not in CAN_CHANGE:
        raise ValidationError(_("Only a tentative or confirmed engagement can be moved."))
    if not days:
        raise ValidationError({"days": _("Enter at least one day.")})
    before = _state(engagement)
    _set_days(engagement, days)
    audit_log(
        actor=moved_by,
        action="engagement.move",
        obj=engagement,
        before={"days": before["days"]},
        after={"days": sorted(d.isoformat() for d in set(days))},
        organisation=engagement.organisation,
    )
    working = list(
        Assignment.objects.filter(
            engagement=engagement, status__in=("proposed", "published", "accepted")
        ).select_related("trainer__user")
    )
    if not working and not replan:
        return engagement
    fresh = Engagement.objects.prefetch_related("days", "assignments").get(pk=engagement.pk)
    reasons = {c.id: c.reasons for c in engagement_candidates(engagement=fresh)}
    changes: dict[Any, dict[str, list[Engagement]]] = {}
    for assignment in working:
        if reasons.get(assignment.trainer_id):
            audit_log(
                actor=moved_by,
                action="assignment.remove",
                obj=assignment,
                before=snapshot(assignment, ("trainer_id", "status")),
                after={"reason": "; ".join(str(r) for r in reasons[assignment.trainer_id])},
                organisation=engagement.organisation,
            )
            assignment.delete()
            changes[assignment.trainer] = {"removed": [engagement]}
        else:
            changes[assignment.trainer] = {"moved": [engagement]}
    notify_trainers(changes=changes, reason=_("The course dates changed."))
    provider = provider_of(engagement.organisation)
    if replan and provider is not None:
        replan_start(
            provider=provider,
            engagements=[engagement],
            reason=_("The dates of %(engagement)s changed.") % {"engagement": engagement},
            started_by=moved_by,
        )
    return engagement
