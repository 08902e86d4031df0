"""Writes to enquiries: receiving one, moving it through the pipeline, making it a client."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation, Role, User
from breakaway.accounts.roles import SALES
from breakaway.accounts.services import invitation_create, organisation_create
from breakaway.core.audit import audit_log, snapshot
from breakaway.core.emails import email_send
from breakaway.enquiries.models import Enquiry

_MOVE_FIELDS = ("stage", "lost_reason", "stage_changed_at")


def _sales_emails(provider: Organisation | None) -> list[str]:
    """The active advisors and administrators of the provider, who hear of new enquiries."""
    if provider is None:
        return []
    users = User.objects.filter(
        is_active=True, memberships__organisation=provider, memberships__role__in=SALES
    )
    return sorted(set(users.values_list("email", flat=True)))


@transaction.atomic
def enquiry_create(
    *,
    organisation_name: str,
    sector: str,
    contact_name: str,
    email: str,
    headcount: int,
    phone: str = "",
    preferred_dates: str = "",
    message: str = "",
    provider: Organisation | None = None,
    base_url: str = "",
) -> Enquiry:
    """Store a booking from the public site, confirm it to the contact and tell the advisors."""
    enquiry = Enquiry(
        organisation_name=organisation_name.strip(),
        sector=sector,
        contact_name=contact_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        headcount=headcount,
        preferred_dates=preferred_dates.strip(),
        message=message.strip(),
        provider=provider,
    )
    enquiry.full_clean()
    enquiry.save()
    audit_log(actor=None, action="enquiry.create", obj=enquiry, after=snapshot(enquiry))
    context = {"enquiry": enquiry, "provider": provider}
    email_send(template="enquiry_confirmation", to=[enquiry.email], context=context)
    if recipients := _sales_emails(provider):
        site = (base_url or settings.BREAKAWAY_SITE_URL).rstrip("/")
        link = site + reverse("enquiries:detail", kwargs={"pk": enquiry.pk})
        email_send(
            template="enquiry_notification", to=recipients, context={**context, "link": link}
        )
    return enquiry


@transaction.atomic
def enquiry_move(*, enquiry: Enquiry, stage: str, moved_by: Any, lost_reason: str = "") -> Enquiry:
    """Move an enquiry to another stage; losing one needs a reason, leaving lost clears it."""
    lost_reason = lost_reason.strip()
    if stage not in Enquiry.Stage.values:
        raise ValidationError({"stage": _("Choose the stage to move the enquiry to")})
    if stage == Enquiry.Stage.LOST and not lost_reason:
        raise ValidationError(
            {"lost_reason": _("Enter why the enquiry was lost, like “Chose another provider”")}
        )
    before = snapshot(enquiry, _MOVE_FIELDS)
    if stage != enquiry.stage:
        enquiry.stage_changed_at = timezone.now()
    enquiry.stage = stage
    enquiry.lost_reason = lost_reason if stage == Enquiry.Stage.LOST else ""
    enquiry.full_clean()
    after = snapshot(enquiry, _MOVE_FIELDS)
    if after == before:
        return enquiry
    enquiry.save(update_fields=list(_MOVE_FIELDS))
    audit_log(
        actor=moved_by,
        action="enquiry.move",
        obj=enquiry,
        before=before,
        after=after,
        organisation=enquiry.client,
    )
    return enquiry


@transaction.atomic
def enquiry_convert(*, enquiry: Enquiry, converted_by: Any, base_url: str) -> Organisation:
    """Make the enquiring organisation a client and invite the contact as its administrator.

    Converting again returns the client already made: never a second organisation.
    """
    # Lock the row so two advisors pressing the button at once make one client between them.
    # (PostgreSQL cannot lock the nullable side of a join, so the client is fetched apart.)
    locked = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if locked.client is not None:
        enquiry.client = locked.client
        return locked.client
    client = organisation_create(
        name=locked.organisation_name,
        sector=locked.sector,
        headcount=locked.headcount,
        provider=locked.provider,
        created_by=converted_by,
    )
    invitation_create(
        email=locked.email,
        organisation=client,
        role=Role.CLIENT_ADMIN,
        full_name=locked.contact_name,
        invited_by=converted_by,
        base_url=base_url,
    )
    locked.client = client
    locked.save(update_fields=["client"])
    audit_log(
        actor=converted_by,
        action="enquiry.convert",
        obj=locked,
        before={"client": None},
        after={"client": client.pk},
        organisation=client,
    )
    enquiry.client = client
    return client
