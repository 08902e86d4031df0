"""Writes to trainer records: profiles, qualifications, CPD and unavailable dates.

Every write is validated with `full_clean()` and leaves an audit entry. Changing the facts of
a verified qualification clears its verification: someone must check the new facts again.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Invitation, Membership, Organisation, Role, User
from breakaway.accounts.services import invitation_create
from breakaway.catalogue.models import Module
from breakaway.core.audit import audit_log, snapshot
from breakaway.trainers.models import (
    CpdEntry,
    Qualification,
    QualificationType,
    Trainer,
    Unavailability,
)

PROFILE_FIELDS = (
    "base_postcode",
    "base_lat",
    "base_lon",
    "working_days",
    "max_days_per_week",
    "cpd_hours_required",
    "is_active",
)
QUALIFICATION_FIELDS = (
    "type",
    "awarding_body",
    "certificate_number",
    "achieved_on",
    "expires_on",
)


def _trainer_snapshot(trainer: Trainer) -> dict[str, Any]:
    data = snapshot(trainer, PROFILE_FIELDS)
    data["modules"] = sorted(trainer.modules.values_list("code", flat=True))
    return data


def _provider_trainer_membership(*, provider: Organisation, user: User) -> bool:
    return Membership.objects.filter(user=user, organisation=provider, role=Role.TRAINER).exists()


@transaction.atomic
def trainer_create(
    *,
    provider: Organisation,
    user: User,
    created_by: Any,
    modules: list[Module] | None = None,
    **profile: Any,
) -> Trainer:
    """Give a trainer member of the provider a training profile (one per person)."""
    if not _provider_trainer_membership(provider=provider, user=user):
        raise ValidationError(_("This person is not a trainer at your organisation."))
    if Trainer.objects.filter(user=user).exists():
        raise ValidationError(_("This person already has a training profile."))
    trainer = Trainer(provider=provider, user=user)
    for name, value in profile.items():
        if name not in PROFILE_FIELDS:
            raise TypeError(f"Not a profile field: {name}")
        setattr(trainer, name, value)
    trainer.full_clean()
    trainer.save()
    if modules:
        trainer.modules.set(modules)
    audit_log(
        actor=created_by,
        action="trainer.create",
        obj=trainer,
        after=_trainer_snapshot(trainer),
        organisation=provider,
    )
    return trainer


@transaction.atomic
def trainer_update(
    *,
    trainer: Trainer,
    updated_by: Any,
    modules: list[Module] | None = None,
    **profile: Any,
) -> Trainer:
    """Change a trainer's profile; `modules`, when given, replaces the modules they may teach."""
    before = _trainer_snapshot(trainer)
    for name, value in profile.items():
        if name not in PROFILE_FIELDS:
            raise TypeError(f"Not a profile field: {name}")
        setattr(trainer, name, value)
    trainer.full_clean()
    trainer.save()
    if modules is not None:
        trainer.modules.set(modules)
    after = _trainer_snapshot(trainer)
    if after != before:
        audit_log(
            actor=updated_by,
            action="trainer.update",
            obj=trainer,
            before=before,
            after=after,
            organisation=trainer.provider,
        )
    return trainer


def trainer_invite(
    *, provider: Organisation, email: str, full_name: str, invited_by: Any
) -> Invitation:
    """Invite a new trainer by e-mail; their profile is made when they first open it."""
    address = email.strip().lower()
    if Membership.objects.filter(user__email=address, organisation=provider).exists():
        raise ValidationError(
            _("%(email)s already has an account at your organisation.") % {"email": address}
        )
    invitation, _token = invitation_create(
        email=address,
        organisation=provider,
        role=Role.TRAINER,
        full_name=full_name,
        invited_by=invited_by,
    )
    return invitation


def trainer_ensure_for_user(*, user: User) -> Trainer | None:
    """The user's own profile, made on first use for a trainer member who has none yet."""
    existing = Trainer.objects.select_related("provider", "user").filter(user=user).first()
    if existing is not None:
        return existing
    membership = (
        Membership.objects.filter(user=user, role=Role.TRAINER)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return None
    return trainer_create(provider=membership.organisation, user=user, created_by=user)


def _qualification_snapshot(qualification: Qualification) -> dict[str, Any]:
    data = snapshot(
        qualification,
        [
            "type_id",
            "awarding_body",
            "certificate_number",
            "achieved_on",
            "expires_on",
            "verified_by_id",
            "verified_at",
        ],
    )
    data["evidence"] = qualification.evidence.name or ""
    return data


@transaction.atomic
def qualification_create(
    *,
    trainer: Trainer,
    created_by: Any,
    type: QualificationType,
    awarding_body: str = "",
    certificate_number: str = "",
    achieved_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    evidence: UploadedFile | None = None,
) -> Qualification:
    """Record a qualification a trainer holds; it counts for the rota once verified."""
    qualification = Qualification(
        trainer=trainer,
        type=type,
        awarding_body=awarding_body.strip(),
        certificate_number=certificate_number.strip(),
        achieved_on=achieved_on,
        expires_on=expires_on,
    )
    qualification.full_clean(exclude=["evidence"])
    if evidence:
        qualification.evidence.save(evidence.name or "evidence", evidence, save=False)
    qualification.save()
    audit_log(
        actor=created_by,
        action="qualification.create",
        obj=qualification,
        after=_qualification_snapshot(qualification),
        organisation=trainer.provider,
    )
    return qualification


@transaction.atomic
def qualification_update(
    *,
    qualification: Qualification,
    updated_by: Any,
    evidence: UploadedFile | None = None,
    **fields: Any,
) -> Qualification:
    """Change a qualification's facts or evidence; a change means it must be verified again."""
    before = _qualification_snapshot(qualification)
    for name, value in fields.items():
        if name not in QUALIFICATION_FIELDS:
            raise TypeError(f"Not a qualification field: {name}")
        setattr(qualification, name, value.strip() if isinstance(value, str) else value)
    qualification.full_clean(exclude=["evidence"])
    if evidence:
        qualification.evidence.save(evidence.name or "evidence", evidence, save=False)
    if _qualification_snapshot(qualification) != before:
        qualification.verified_by = None
        qualification.verified_at = None
    qualification.save()
    after = _qualification_snapshot(qualification)
    if after != before:
        audit_log(
            actor=updated_by,
            action="qualification.update",
            obj=qualification,
            before=before,
            after=after,
            organisation=qualification.trainer.provider,
        )
    return qualification


@transaction.atomic
def qualification_verify(*, qualification: Qualification, verified_by: User) -> Qualification:
    """A provider administrator confirms the qualification against its evidence; never the
    trainer who holds it."""
    if verified_by.pk == qualification.trainer.user_id:
        raise PermissionDenied(_("You cannot verify your own qualification."))
    before = _qualification_snapshot(qualification)
    qualification.verified_by = verified_by
    qualification.verified_at = timezone.now()
    qualification.save(update_fields=["verified_by", "verified_at"])
    audit_log(
        actor=verified_by,
        action="qualification.verify",
        obj=qualification,
        before=before,
        after=_qualification_snapshot(qualification),
        organisation=qualification.trainer.provider,
    )
    return qualification


def _cpd_snapshot(entry: CpdEntry) -> dict[str, Any]:
    data = snapshot(entry, ["trainer_id", "done_on", "hours", "activity"])
    data["evidence"] = entry.evidence.name or ""
    return data


@transaction.atomic
def cpd_entry_create(
    *,
    trainer: Trainer,
    created_by: Any,
    done_on: datetime.date,
    hours: Decimal,
    activity: str,
    evidence: UploadedFile | None = None,
) -> CpdEntry:
    """Log CPD a trainer did; it counts towards their hours for the 12 months after it."""
    entry = CpdEntry(
        trainer=trainer,
        done_on=done_on,
        hours=hours,
        activity=activity.strip(),
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    entry.full_clean(exclude=["evidence", "created_by"])
    if evidence:
        entry.evidence.save(evidence.name or "evidence", evidence, save=False)
    entry.save()
    audit_log(
        actor=created_by,
        action="cpd_entry.create",
        obj=entry,
        after=_cpd_snapshot(entry),
        organisation=trainer.provider,
    )
    return entry


@transaction.atomic
def cpd_entry_delete(*, entry: CpdEntry, deleted_by: Any) -> None:
    """Remove a CPD entry logged by mistake; the audit log keeps what it said."""
    audit_log(
        actor=deleted_by,
        action="cpd_entry.delete",
        obj=entry,
        before=_cpd_snapshot(entry),
        organisation=entry.trainer.provider,
    )
    if entry.evidence:
        entry.evidence.delete(save=False)
    entry.delete()


@transaction.atomic
def unavailability_create(
    *,
    trainer: Trainer,
    created_by: Any,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str = "",
) -> Unavailability:
    """Record leave or blocked dates: the rota does not book the trainer on those days."""
    period = Unavailability(
        trainer=trainer,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    period.full_clean(exclude=["created_by"])
    period.save()
    audit_log(
        actor=created_by,
        action="unavailability.create",
        obj=period,
        after=snapshot(period, ["trainer_id", "kind", "starts_on", "ends_on", "note"]),
        organisation=trainer.provider,
    )
    return period


@transaction.atomic
def unavailability_delete(*, period: Unavailability, deleted_by: Any) -> None:
    """Cancel leave or unblock dates."""
    audit_log(
        actor=deleted_by,
        action="unavailability.delete",
        obj=period,
        before=snapshot(period, ["trainer_id", "kind", "starts_on", "ends_on", "note"]),
        organisation=period.trainer.provider,
    )
    period.delete()
