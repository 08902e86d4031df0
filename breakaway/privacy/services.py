"""Writes for the privacy pages that are not retention jobs, exports or erasure."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.core.audit import audit_log, snapshot
from breakaway.privacy.models import RetentionAgreement

_AUDITED = ("incident_months", "agreed_on", "notes")


@transaction.atomic
def retention_agreement_save(
    *, agreement: RetentionAgreement, organisation: Organisation, changed_by: Any
) -> RetentionAgreement:
    """Record how long the client asked us to keep its incidents; the next tick applies it."""
    before = None
    if agreement.pk:
        before = snapshot(RetentionAgreement.objects.get(pk=agreement.pk), _AUDITED)
    agreement.organisation = organisation
    agreement.updated_at = timezone.now()
    agreement.updated_by = changed_by
    agreement.full_clean()
    agreement.save()
    audit_log(
        actor=changed_by,
        action="privacy.retention_agreement",
        obj=agreement,
        organisation=organisation,
        before=before,
        after=snapshot(agreement, _AUDITED),
    )
    return agreement
