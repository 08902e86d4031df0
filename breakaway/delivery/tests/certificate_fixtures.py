"""Builders for certificate and compliance tests: designs, past engagements, enrolments and
certificates made straight through the models (fast), without the services under test."""

from __future__ import annotations

import datetime
from typing import Any

from breakaway.accounts.models import Organisation
from breakaway.courses.models import CourseDesign
from breakaway.delivery.certificate_codes import add_months, code_new
from breakaway.delivery.models import Certificate, Enrolment, StaffMember
from breakaway.scheduling.models import Assignment, Engagement, EngagementDay


def make_design(organisation: Organisation, length: str = "1-day") -> CourseDesign:
    return CourseDesign.objects.create(organisation=organisation, length=length, headcount=12)


def make_engagement(
    organisation: Organisation,
    *,
    days: list[datetime.date],
    design: CourseDesign | None = None,
    trainer_user: Any = None,
) -> Engagement:
    engagement = Engagement.objects.create(
        organisation=organisation,
        design=design or make_design(organisation),
        design_version=1,
        status=Engagement.Status.DELIVERED,
    )
    for day in days:
        EngagementDay.objects.create(engagement=engagement, date=day)
    if trainer_user is not None:
        from breakaway.trainers.models import Trainer

        trainer, _made = Trainer.objects.get_or_create(
            user=trainer_user, defaults={"provider": organisation.provider}
        )
        Assignment.objects.create(
            engagement=engagement, trainer=trainer, status=Assignment.Status.PUBLISHED
        )
    return engagement


def enrol(
    engagement: Engagement, person: StaffMember, outcome: str = Enrolment.Outcome.COMPLETED
) -> Enrolment:
    return Enrolment.objects.create(engagement=engagement, staff_member=person, outcome=outcome)


def make_certificate(
    person: StaffMember,
    *,
    completed_on: datetime.date,
    months: int = 12,
    course_name: str = "Breakaway and de-escalation",
    design: CourseDesign | None = None,
    expires_on: datetime.date | None = None,
    revoked: bool = False,
    engagement: Engagement | None = None,
) -> Certificate:
    """A certificate for the person, on an engagement of its own unless one is given."""
    from django.utils import timezone

    engagement = engagement or make_engagement(
        person.organisation, days=[completed_on], design=design
    )
    enrolment = enrol(engagement, person)
    return Certificate.objects.create(
        code=code_new(),
        enrolment=enrolment,
        staff_member=person,
        organisation=person.organisation,
        holder_name=person.full_name,
        course_name=course_name,
        course_design=design,
        completed_on=completed_on,
        expires_on=expires_on or add_months(completed_on, months),
        revoked_at=timezone.now() if revoked else None,
        revoked_reason="Issued in error" if revoked else "",
    )
