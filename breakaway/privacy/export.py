"""Subject access: everything held about one person, as a ZIP of JSON files and their
certificate PDFs.

The files: `person.json` (the staff record), `enrolments.json`, `attendance.json`,
`competence.json`, `training_incidents.json`, `certificates.json`, `questionnaire_responses.json`,
`refreshers.json` (sent, answered, the schedule and their choice), `lesson_progress.json`,
`health_screening.json` (while still held), `personal_links.json` (dates only) and
`audit_entries.json` (what was done to their records, by whom and when; the values of
special-category entries are left out, as they are never recorded). `certificates/<code>.pdf`
are the stored PDFs (made now for a certificate that has none stored).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any, Final

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry
from breakaway.delivery.attendee_services import course_title
from breakaway.delivery.models import (
    Attendance,
    AttendeeLink,
    Certificate,
    CompetenceRecord,
    Enrolment,
    HealthScreening,
    StaffMember,
    TrainingIncident,
)
from breakaway.delivery.screening_services import QUESTIONS
from breakaway.evaluation.models import Response
from breakaway.learning.lessons import LESSONS
from breakaway.learning.models import (
    ItemProgress,
    LessonProgress,
    Refresher,
    RefresherAnswer,
    RefresherPreference,
)
from breakaway.learning.refresher_services import BY_ID
from breakaway.privacy.selectors import audit_about

# Actions whose subject is special-category data: their before/after are never exported.
SPECIAL_CATEGORY_PREFIXES: Final = ("screening.", "training_incident.")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _person(person: StaffMember) -> dict[str, Any]:
    return {
        "id": person.pk,
        "organisation": person.organisation.name,
        "employee_number": person.employee_number,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": person.role,
        "site": person.site_label,
        "team": person.team,
        "start_date": person.start_date,
        "leaving_date": person.leaving_date,
        "archived_at": person.archived_at,
        "archive_reason": person.archive_reason,
        "added_at": person.created_at,
        "changed_at": person.updated_at,
    }


def _enrolment(e: Enrolment) -> dict[str, Any]:
    days = sorted(day.date for day in e.engagement.days.all())
    return {
        "id": e.pk,
        "course": course_title(e.engagement),
        "organisation": e.engagement.organisation.name,
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
        "group": e.group.number if e.group else None,
        "status": e.status,
        "joined_at": e.joined_at,
        "withdrawn_at": e.withdrawn_at,
        "withdrawn_reason": e.withdrawn_reason,
        "outcome": e.outcome,
        "outcome_at": e.outcome_at,
        "invited_at": e.invited_at,
    }


def subject_access_data(*, staff_member: StaffMember) -> dict[str, Any]:
    """What is held about the person, file name → JSON-ready data."""
    person = staff_member
    enrolments = list(
        Enrolment.objects.filter(staff_member=person)
        .select_related("engagement__design", "engagement__organisation", "group")
        .prefetch_related("engagement__days")
        .order_by("joined_at", "pk")
    )
    ids = [e.pk for e in enrolments]
    screenings = HealthScreening.objects.filter(enrolment_id__in=ids).order_by("submitted_at")
    responses = (
        Response.objects.filter(enrolment_id__in=ids)
        .select_related("questionnaire", "instrument_version__instrument")
        .order_by("started_at", "pk")
    )
    certificates = list(Certificate.objects.filter(staff_member=person).order_by("completed_on"))
    refreshers = Refresher.objects.filter(staff_member=person).order_by("sent_at", "pk")
    lessons = {lesson.id: lesson.title for lesson in LESSONS}
    preference = RefresherPreference.objects.filter(staff_member=person).first()
    return {
        "person.json": _person(person),
        "enrolments.json": [_enrolment(e) for e in enrolments],
        "attendance.json": [
            {
                "enrolment": a.enrolment_id,
                "day": a.day.date,
                "status": a.status,
                "how": a.method,
                "signed_in_at": a.signed_in_at,
                "note": a.note,
            }
            for a in Attendance.objects.filter(enrolment_id__in=ids)
            .select_related("day")
            .order_by("day__date", "pk")
        ],
        "competence.json": [
            {
                "enrolment": c.enrolment_id,
                "technique": str(c.technique),
                "result": c.result,
                "adapted": c.adapted,
                "note": c.note,
                "recorded_at": c.recorded_at,
            }
            for c in CompetenceRecord.objects.filter(enrolment_id__in=ids)
            .select_related("technique")
            .order_by("recorded_at", "pk")
        ],
        "training_incidents.json": [
            {
                "kind": t.kind,
                "happened_at": t.happened_at,
                "what_happened": t.description,
                "action_taken": t.action_taken,
            }
            for t in TrainingIncident.objects.filter(people__in=ids).distinct().order_by("pk")
        ],
        "certificates.json": [
            {
                "code": c.code,
                "name": c.holder_name,
                "course": c.course_name,
                "completed_on": c.completed_on,
                "expires_on": c.expires_on,
                "issued_at": c.issued_at,
                "revoked_at": c.revoked_at,
                "revoked_reason": c.revoked_reason,
                "pdf": f"certificates/{c.code}.pdf",
            }
            for c in certificates
        ],
        "questionnaire_responses.json": [
            {
                "enrolment": r.enrolment_id,
                "phase": r.questionnaire.phase,
                "questionnaire": r.instrument_version.instrument.name,
                "version": r.instrument_version.number,
                "source": r.source,
                "answers": r.answers,
                "started_at": r.started_at,
                "submitted_at": r.submitted_at,
            }
            for r in responses
        ],
        "refreshers.json": {
            "stopped_at": preference.opted_out_at if preference else None,
            "sent": [
                {"sent_on": r.sent_on, "items": r.item_ids, "answered_at": r.completed_at}
                for r in refreshers
            ],
            "answers": [
                {
                    "question": BY_ID[a.item_id].prompt if a.item_id in BY_ID else a.item_id,
                    "chosen": a.chosen,
                    "right": a.correct,
                    "answered_at": a.answered_at,
                }
                for a in RefresherAnswer.objects.filter(staff_member=person).order_by("pk")
            ],
            "schedule": [
                {"item": p.item_id, "next_due": p.due_on, "reviews": p.reviews}
                for p in ItemProgress.objects.filter(staff_member=person).order_by("pk")
            ],
        },
        "lesson_progress.json": [
            {
                "lesson": lessons.get(p.lesson_id, p.lesson_id),
                "opened_at": p.started_at,
                "answers": p.answers,
                "right": p.correct,
                "finished_at": p.completed_at,
            }
            for p in LessonProgress.objects.filter(staff_member=person).order_by("pk")
        ],
        "health_screening.json": [
            {
                "enrolment": s.enrolment_id,
                "answers": {str(QUESTIONS.get(code, code)): v for code, v in s.answers.items()},
                "adjustments": s.adjustments,
                "consent": s.consent,
                "submitted_at": s.submitted_at,
                "talked_to_at": s.discussed_at,
                "to_be_deleted_after": s.delete_after,
            }
            for s in screenings
        ],
        "personal_links.json": [
            {
                "created_at": link.created_at,
                "expires_at": link.expires_at,
                "revoked_at": link.revoked_at,
                "last_used_at": link.last_used_at,
            }
            for link in AttendeeLink.objects.filter(staff_member=person).order_by("created_at")
        ],
        "audit_entries.json": audit_entries_about(person=person, enrolment_ids=ids),
    }


def audit_entries_about(*, person: StaffMember, enrolment_ids: list[int]) -> list[dict[str, Any]]:
    """Entries about the person's records, oldest first; special-category entries without
    their recorded values."""
    about = audit_about(person=person, enrolment_ids=enrolment_ids)
    rows = []
    for entry in AuditEntry.objects.filter(about).select_related("actor").order_by("created_at"):
        special = entry.action.startswith(SPECIAL_CATEGORY_PREFIXES)
        rows.append(
            {
                "when": entry.created_at,
                "who": str(entry.actor) if entry.actor else "system",
                "what": entry.action,
                "record": entry.object_repr,
                "before": None if special else entry.before,
                "after": None if special else entry.after,
            }
        )
    return rows


def _pdf(certificate: Certificate) -> bytes:
    if certificate.pdf:
        try:
            with certificate.pdf.open("rb") as stored:
                return stored.read()
        except FileNotFoundError:
            pass
    from breakaway.delivery.certificate_services import certificate_pdf_bytes

    return certificate_pdf_bytes(certificate)


def subject_access_write(*, staff_member: StaffMember, target: IO[bytes]) -> list[str]:
    """Write the ZIP into `target`; returns the names of the files in it."""
    data = subject_access_data(staff_member=staff_member)
    names = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in data.items():
            archive.writestr(name, json.dumps(content, indent=2, cls=DjangoJSONEncoder))
            names.append(name)
        for certificate in Certificate.objects.filter(staff_member=staff_member).select_related(
            "organisation__provider"
        ):
            name = f"certificates/{certificate.code}.pdf"
            archive.writestr(name, _pdf(certificate))
            names.append(name)
    return names


def _record(staff_member: StaffMember, requested_by: Any, names: list[str]) -> None:
    audit_log(
        actor=requested_by,
        action="privacy.subject_access_export",
        obj=staff_member,
        organisation=staff_member.organisation,
        after={"files": len(names), "at": timezone.now().isoformat()},
    )


def subject_access_export(*, staff_member: StaffMember, requested_by: Any, out: Path) -> list[str]:
    """Write the person's ZIP to `out`, whole or not at all (a temporary file beside it, then
    renamed into place). Audited."""
    out = Path(out)
    handle, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as target:
            names = subject_access_write(staff_member=staff_member, target=target)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _record(staff_member, requested_by, names)
    return names


def subject_access_bytes(*, staff_member: StaffMember, requested_by: Any) -> bytes:
    """The person's ZIP in memory, for a download. Audited."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as target:
        names = subject_access_write(staff_member=staff_member, target=target)  # type: ignore[arg-type]
        target.seek(0)
        content = target.read()
    _record(staff_member, requested_by, names)
    return content
