"""Erasure: a person's identifying details removed while every figure stays the same.

What goes: their name (they become "Erased person <reference>"), e-mail address, employee
number, start and leaving dates; the free-text notes written about them (withdrawal reason,
attendance and competence notes); their health-screening answers; their personal links
(revoked) and refreshers (stopped); the stored certificate PDFs (they print the name). Names in
the audit log's entries about their records are replaced with the reference.

What stays, now about nobody in particular: their enrolments, attendance, competence results,
questionnaire responses, refresher and lesson answers, and certificates (holder "Erased person
<reference>", so the verify page says so). Role, team and site stay too: reports group by them.
So impact reports, compliance counts and retention curves are unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry
from breakaway.delivery.models import (
    Attendance,
    AttendeeLink,
    Certificate,
    CompetenceRecord,
    Enrolment,
    HealthScreening,
    StaffMember,
)
from breakaway.learning.models import RefresherPreference
from breakaway.privacy.models import Erasure
from breakaway.privacy.retention import short_reference
from breakaway.privacy.selectors import audit_about

ERASED_LABEL: Final = "Erased person"
ERASED_VALUE: Final = "[erased]"
# Keys of audit snapshots that hold who the person is.
IDENTIFYING_KEYS: Final = frozenset(
    {
        "first_name",
        "last_name",
        "full_name",
        "name",
        "email",
        "employee_number",
        "holder_name",
        "start_date",
        "leaving_date",
        "withdrawn_reason",
        "note",
    }
)


def erased_name(reference: str) -> str:
    return f"{ERASED_LABEL} {reference}"


def names_match(typed: str, person: StaffMember) -> bool:
    """Whether the typed confirmation is the person's name (case and spacing ignored)."""
    return " ".join(typed.split()).casefold() == " ".join(person.full_name.split()).casefold()


def _scrub(snapshot: Any) -> Any:
    if not isinstance(snapshot, dict):
        return snapshot
    return {k: (ERASED_VALUE if k in IDENTIFYING_KEYS and v else v) for k, v in snapshot.items()}


@transaction.atomic
def person_erase(
    *, staff_member: StaffMember, erased_by: Any, now: dt.datetime | None = None
) -> Erasure:
    """Erase the person's identifying details (see the module's note); refuses someone already
    erased. Audited with the reference and counts, never a value."""
    now = now or timezone.now()
    person = StaffMember.objects.select_for_update().get(pk=staff_member.pk)
    if Erasure.objects.filter(staff_member=person).exists() or hasattr(person, "pseudonym"):
        raise ValidationError(_("This person's details have already been erased."))
    reference = short_reference()
    while Erasure.objects.filter(reference=reference).exists():
        reference = short_reference()
    label = erased_name(reference)
    enrolment_ids = list(Enrolment.objects.filter(staff_member=person).values_list("pk", flat=True))

    # Names in the audit log first, while the records can still be found through the person.
    entries = list(
        AuditEntry.objects.filter(audit_about(person=person, enrolment_ids=enrolment_ids))
    )
    for entry in entries:
        entry.object_repr = label
        entry.before = _scrub(entry.before)
        entry.after = _scrub(entry.after)
    AuditEntry.objects.bulk_update(entries, ["object_repr", "before", "after"], batch_size=500)

    person.first_name = ""
    person.last_name = label
    person.email = ""
    person.employee_number = ""
    person.start_date = None
    person.leaving_date = None
    person.updated_at = now
    if person.archived_at is None:
        person.archived_at = now
        person.archive_reason = StaffMember.ArchiveReason.BY_HAND
    person.save()

    Enrolment.objects.filter(pk__in=enrolment_ids).update(withdrawn_reason="")
    Attendance.objects.filter(enrolment_id__in=enrolment_ids).exclude(note="").update(note="")
    CompetenceRecord.objects.filter(enrolment_id__in=enrolment_ids).exclude(note="").update(note="")
    screenings, _detail = HealthScreening.objects.filter(enrolment_id__in=enrolment_ids).delete()
    links = AttendeeLink.objects.filter(staff_member=person, revoked_at__isnull=True).update(
        revoked_at=now
    )
    preference, _made = RefresherPreference.objects.get_or_create(staff_member=person)
    if preference.opted_out_at is None:
        preference.opted_out_at = preference.changed_at = now
        preference.save(update_fields=["opted_out_at", "changed_at"])

    certificates = list(Certificate.objects.filter(staff_member=person))
    files = [c.pdf.name for c in certificates if c.pdf]
    Certificate.objects.filter(staff_member=person).update(holder_name=label, pdf="")
    if files:
        storage = certificates[0].pdf.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])

    try:
        erasure = Erasure.objects.create(
            staff_member=person, reference=reference, erased_at=now, erased_by=erased_by
        )
    except IntegrityError:  # a second request at the same moment
        raise ValidationError(_("This person's details have already been erased.")) from None
    audit_log(
        actor=erased_by,
        action="privacy.erase",
        obj=person,
        organisation=person.organisation,
        after={
            "reference": reference,
            "certificates": len(certificates),
            "screenings_deleted": screenings,
            "links_revoked": links,
            "audit_entries_scrubbed": len(entries),
        },
    )
    return erasure
