"""A person with something of every kind held about them, for export and erasure tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from breakaway.core.audit import audit_log
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import (
    Attendance,
    AttendeeLink,
    Certificate,
    Enrolment,
    HealthScreening,
    StaffMember,
)
from breakaway.delivery.screening_services import screening_view_record
from breakaway.delivery.tests.certificate_fixtures import make_certificate
from breakaway.evaluation.models import Response
from breakaway.learning.models import LessonProgress, Refresher, RefresherAnswer

COURSE_DAY = dt.date(2026, 3, 10)
PDF = b"%PDF-1.4 stored certificate"


@dataclass
class Held:
    person: StaffMember
    enrolment: Enrolment
    certificate: Certificate
    screening: HealthScreening
    link: AttendeeLink


def person_with_everything(
    organisation, *, viewer=None, enrolment: Enrolment | None = None
) -> Held:
    """Jane Smith with a certificate (stored PDF), attendance, screening answers, a
    questionnaire response (when given an enrolment with one), a refresher answer, lesson
    progress, a live link and audit entries, including a read of her screening."""
    if enrolment is None:
        person = StaffMember.objects.create(
            organisation=organisation,
            first_name="Jane",
            last_name="Smith",
            email="jane.smith@example.org",
            employee_number="E1001",
            role="Staff Nurse",
            team="Ward 7",
        )
        certificate = make_certificate(person, completed_on=COURSE_DAY)
        enrolment = certificate.enrolment
    else:
        person = enrolment.staff_member
        person.first_name, person.last_name = "Jane", "Smith"
        person.email, person.employee_number = "jane.smith@example.org", "E1001"
        person.role, person.team = "Staff Nurse", "Ward 7"
        person.save()
        certificate = make_certificate(person, completed_on=COURSE_DAY, engagement=None)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(PDF))
    day = enrolment.engagement.days.first()
    Attendance.objects.create(
        enrolment=enrolment, day=day, method=Attendance.Method.HAND, note="Arrived from nights"
    )
    screening = HealthScreening.objects.create(
        enrolment=enrolment,
        answers={"heart": True, "pregnancy": False},
        adjustments="Bad knee",
        consent=True,
        flagged=True,
        delete_after=COURSE_DAY + dt.timedelta(days=30),
    )
    link, _token = attendee_link_create(
        staff_member=person, expires_at=timezone.now() + dt.timedelta(days=90)
    )
    refresher = Refresher.objects.create(
        staff_member=person, certificate=certificate, item_ids=["x"], sent_on=COURSE_DAY
    )
    RefresherAnswer.objects.create(
        refresher=refresher,
        staff_member=person,
        item_id="x",
        chosen="Step back",
        correct=True,
        answered_on=COURSE_DAY,
        days_since_course=0,
    )
    LessonProgress.objects.create(staff_member=person, lesson_id="the-law", correct=2)
    audit_log(
        actor=viewer,
        action="staff_member.update",
        obj=person,
        organisation=organisation,
        before={"first_name": "Janet", "team": "Ward 6"},
        after={"first_name": "Jane", "team": "Ward 7"},
    )
    screening_view_record(viewer=viewer, obj=screening, organisation=organisation)
    return Held(person, enrolment, certificate, screening, link)


def responses_of(enrolment: Enrolment) -> list[Response]:
    return list(Response.objects.filter(enrolment=enrolment))
