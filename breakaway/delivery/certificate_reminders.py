"""Expiry reminders, run by `manage.py tick`: 90, 30 and 0 days before a certificate expires.

Each reminder goes once to the person, and the client's managers get one list per run of the
people reminded. There is no per-site manager in the data model (a membership is with the whole
organisation), so the list goes to every client manager of the organisation, or to its
administrators when it has no managers; each person on it is shown with their site.

After a gap (the tick did not run for a while) only the latest threshold crossed is sent: a
certificate 20 days from expiry that was never reminded gets the 30-day reminder, not the
90-day one as well. An expiry missed by the tick is still told for up to a week afterwards.
A certificate superseded by a newer one for the same course, a revoked one, and one of a
person no longer on the staff list get none. Running it twice at once sends each reminder
once: the reminder row (unique per certificate and threshold) is written before anything is
sent, and a run that loses the race for it sends nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.models import Organisation, Role, User
from breakaway.core.emails import email_send
from breakaway.delivery.certificate_services import site_url, verify_url
from breakaway.delivery.models import Certificate, CertificateReminder

THRESHOLDS: Final = (90, 30, 0)
LATE_EXPIRY_NOTICE_DAYS: Final = 7


def threshold_for(days_left: int) -> int | None:
    """The latest threshold crossed with `days_left` days to go (None: none crossed yet)."""
    if days_left > max(THRESHOLDS):
        return None
    return min(t for t in THRESHOLDS if days_left <= t) if days_left >= 0 else 0


@dataclass(frozen=True)
class SentReminder:
    certificate: Certificate
    days_before: int
    days_left: int
    site: str


def _course_key(certificate_design: int | None, course_name: str) -> tuple[str, str]:
    return ("design", str(certificate_design)) if certificate_design else ("name", course_name)


def _superseded(candidates: list[Certificate]) -> set[int]:
    """Candidates with a later-expiring, unrevoked certificate for the same person and course."""
    people = {c.staff_member_id for c in candidates}
    latest: dict[tuple[int, tuple[str, str]], datetime.date] = {}
    for person, design, name, expires in Certificate.objects.filter(
        staff_member_id__in=people, revoked_at__isnull=True
    ).values_list("staff_member_id", "course_design_id", "course_name", "expires_on"):
        for key in {_course_key(design, name), ("name", name.casefold())}:
            if expires > latest.get((person, key), datetime.date.min):
                latest[(person, key)] = expires
    superseded = set()
    for c in candidates:
        keys = {_course_key(c.course_design_id, c.course_name), ("name", c.course_name.casefold())}
        if any(latest.get((c.staff_member_id, key), c.expires_on) > c.expires_on for key in keys):
            superseded.add(c.pk)
    return superseded


def _claim(certificate: Certificate, days_before: int, now: datetime.datetime) -> bool:
    """Write the reminder row; False when another run wrote it first."""
    try:
        with transaction.atomic():
            CertificateReminder.objects.create(
                certificate=certificate, days_before=days_before, sent_at=now
            )
    except IntegrityError:
        return False
    return True


def _remind_person(reminder: SentReminder, provider: Organisation | None) -> bool:
    email = reminder.certificate.staff_member.email
    if not email:
        return False
    email_send(
        template="certificate_reminder",
        to=[email],
        context={
            "certificate": reminder.certificate,
            "days_before": reminder.days_before,
            "days_left": reminder.days_left,
            "provider": provider,
            "verify_url": verify_url(reminder.certificate.code),
        },
    )
    return True


def manager_emails(organisation: Organisation) -> list[str]:
    """The organisation's active client managers; its administrators when it has none."""
    for role in (Role.CLIENT_MANAGER, Role.CLIENT_ADMIN):
        emails = sorted(
            set(
                User.objects.filter(
                    is_active=True,
                    memberships__organisation=organisation,
                    memberships__role=role,
                ).values_list("email", flat=True)
            )
        )
        if emails:
            return emails
    return []


def _remind_managers(organisation: Organisation, reminders: list[SentReminder]) -> bool:
    recipients = manager_emails(organisation)
    if not recipients:
        return False
    email_send(
        template="certificate_reminder_managers",
        to=recipients,
        context={
            "organisation": organisation,
            "reminders": sorted(reminders, key=lambda r: (r.days_left, r.certificate.holder_name)),
            "compliance_url": site_url(
                reverse("delivery:compliance", kwargs={"slug": organisation.slug})
            ),
        },
    )
    return True


def certificate_reminders_send(now: datetime.datetime) -> dict[str, Any]:
    """Send the expiry reminders due at `now` (London date), each once; returns the counts."""
    today = timezone.localdate(now)
    candidates = list(
        Certificate.objects.filter(
            revoked_at__isnull=True,
            staff_member__archived_at__isnull=True,
            expires_on__gte=today - datetime.timedelta(days=LATE_EXPIRY_NOTICE_DAYS),
            expires_on__lte=today + datetime.timedelta(days=max(THRESHOLDS)),
        )
        .select_related("staff_member__site", "organisation__provider")
        .order_by("expires_on", "pk")
    )
    sent_before: dict[int, set[int]] = defaultdict(set)
    for certificate_id, days_before in CertificateReminder.objects.filter(
        certificate__in=[c.pk for c in candidates]
    ).values_list("certificate_id", "days_before"):
        sent_before[certificate_id].add(days_before)
    superseded = _superseded(candidates)
    counts = {f"reminders_{t}_days": 0 for t in THRESHOLDS}
    counts.update(people_emailed=0, manager_emails=0)
    by_organisation: dict[int, list[SentReminder]] = defaultdict(list)
    for certificate in candidates:
        days_left = (certificate.expires_on - today).days
        threshold = threshold_for(days_left)
        if threshold is None or certificate.pk in superseded:
            continue
        if any(sent <= threshold for sent in sent_before[certificate.pk]):
            continue
        if not _claim(certificate, threshold, now):
            continue
        reminder = SentReminder(
            certificate, threshold, days_left, certificate.staff_member.site_label
        )
        organisation = certificate.organisation
        provider = organisation if organisation.is_provider else organisation.provider
        counts[f"reminders_{threshold}_days"] += 1
        counts["people_emailed"] += int(_remind_person(reminder, provider))
        by_organisation[organisation.pk].append(reminder)
    for reminders in by_organisation.values():
        organisation = reminders[0].certificate.organisation
        counts["manager_emails"] += int(_remind_managers(organisation, reminders))
    return counts
