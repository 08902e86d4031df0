"""Writes from the compliance view: asking the provider for a refresher course."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation, Sector, User
from breakaway.accounts.roles import SALES
from breakaway.core.audit import audit_log, snapshot
from breakaway.core.emails import email_send
from breakaway.delivery.models import StaffMember
from breakaway.enquiries.models import Enquiry

MAX_NAMED = 200  # people listed in the enquiry's message; the rest are counted


def _sales_emails(provider: Organisation | None) -> list[str]:
    """The provider's active advisors and administrators, who take enquiries."""
    if provider is None:
        return []
    users = User.objects.filter(
        is_active=True, memberships__organisation=provider, memberships__role__in=SALES
    )
    return sorted(set(users.values_list("email", flat=True)))


@transaction.atomic
def compliance_refresher_request(
    *,
    organisation: Organisation,
    course: str,
    people: list[StaffMember],
    requested_by: Any,
    preferred_dates: str = "",
    base_url: str = "",
) -> Enquiry:
    """Start an enquiry for a refresher of `course` for these people of the client: it joins
    the provider's pipeline already linked to the client, and the advisors are told."""
    course = course.strip()
    if not course:
        raise ValidationError({"course": _("Choose the course to refresh")})
    if not people:
        raise ValidationError({"people": _("Choose at least one person")})
    if any(person.organisation_id != organisation.pk for person in people):
        raise ValidationError({"people": _("Choose people from this organisation's staff list")})
    provider = organisation if organisation.is_provider else organisation.provider
    names = [f"{p.full_name} ({p.site_label})" if p.site_label else p.full_name for p in people]
    listed = "\n".join(f"- {name}" for name in names[:MAX_NAMED])
    if len(names) > MAX_NAMED:
        listed += "\n" + _("…and %(count)s more") % {"count": len(names) - MAX_NAMED}
    message = _("Refresher wanted: %(course)s for %(count)s people.") % {
        "course": course,
        "count": len(people),
    }
    enquiry = Enquiry(
        organisation_name=organisation.name,
        sector=organisation.sector or Sector.OTHER,
        contact_name=getattr(requested_by, "full_name", "") or getattr(requested_by, "email", ""),
        email=getattr(requested_by, "email", "") or organisation.email,
        phone=organisation.phone,
        headcount=len(people),
        preferred_dates=preferred_dates.strip()[:300],
        message=f"{message}\n\n{listed}",
        provider=provider,
        client=organisation,
    )
    enquiry.full_clean()
    enquiry.save()
    audit_log(
        actor=requested_by,
        action="enquiry.refresher_request",
        obj=enquiry,
        after={**snapshot(enquiry, ("client_id", "headcount")), "course": course},
        organisation=organisation,
    )
    if recipients := _sales_emails(provider):
        site = (base_url or settings.BREAKAWAY_SITE_URL).rstrip("/")
        email_send(
            template="compliance_refresher",
            to=recipients,
            context={
                "enquiry": enquiry,
                "organisation": organisation,
                "course": course,
                "people": names[:MAX_NAMED],
                "link": site + reverse("enquiries:detail", kwargs={"pk": enquiry.pk}),
            },
        )
    return enquiry
