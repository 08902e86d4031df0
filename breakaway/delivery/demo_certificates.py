"""Demo certificates: courses the demo clients had 14, 11 and 2 months ago, with the people who
completed them, so that the compliance view shows every status (in date, due, expired), one
revoked certificate, and people never trained. Idempotent: a course is made only while its first
person has no certificate yet. PDFs are made the first time someone opens one.
"""

from __future__ import annotations

import datetime
from typing import Final

from django.utils import timezone

from breakaway.accounts.models import Organisation, User
from breakaway.courses.models import CourseDesign
from breakaway.delivery.certificate_codes import add_months
from breakaway.delivery.certificate_services import (
    certificate_revoke,
    completion_date,
    course_and_refresher,
    unused_code,
)
from breakaway.delivery.models import (
    Certificate,
    Enrolment,
    StaffMember,
    TrainingGroup,
    TrainingRequirement,
)
from breakaway.scheduling.models import Assignment, Engagement, EngagementDay, Venue
from breakaway.trainers.models import Trainer

# (client, months ago, site, first names of the people who completed, first names revoked)
PLAN: Final = [
    ("riverside-mental-health", 14, "Riverside Hospital", ("Aisha", "Ben", "Chloe", "Farhan"), ()),
    ("riverside-mental-health", 11, "Riverside Hospital", ("David", "Emma", "Jamal"), ()),
    ("riverside-mental-health", 2, "Oakfield Unit", ("Katie", "Liam", "Maya", "Noah"), ("Noah",)),
    ("meadowbank-care", 11, "Meadowbank House", ("Tariq", "Uma"), ()),
    ("meadowbank-care", 2, "Willow Court", ("Victoria", "William", "Yasmin"), ()),
    ("hillcrest-academy", 14, "Hillcrest Academy", ("Gareth", "Jess"), ()),
    ("hillcrest-academy", 2, "Hillcrest Academy", ("Nina", "Paula"), ()),
]
REVOKED_REASON: Final = "Issued in error: left before the physical practice (demo record)."
DEMO_TRAINER: Final = "trainer@northway.example"
DEMO_ADMIN: Final = "admin@northway.example"


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _design(organisation: Organisation) -> CourseDesign | None:
    """The design the client's matrix names, so that its certificates count there."""
    named = (
        TrainingRequirement.objects.filter(organisation=organisation, course_design__isnull=False)
        .values_list("course_design_id", flat=True)
        .first()
    )
    designs = CourseDesign.objects.filter(organisation=organisation)
    return (designs.filter(pk=named).first() if named else None) or designs.order_by("pk").first()


def _engagement(
    organisation: Organisation, design: CourseDesign, site: str, day: datetime.date, closed: bool
) -> Engagement:
    version = design.versions.order_by("-number").values_list("number", flat=True).first()
    engagement = Engagement.objects.create(
        organisation=organisation,
        design=design,
        design_version=int(version or 1),
        venue=Venue.objects.filter(site__organisation=organisation, site__name=site).first(),
        status=Engagement.Status.CLOSED if closed else Engagement.Status.DELIVERED,
    )
    EngagementDay.objects.create(engagement=engagement, date=day)

    trainer = Trainer.objects.filter(user__email=DEMO_TRAINER).first()
    if trainer is not None:
        Assignment.objects.create(
            engagement=engagement, trainer=trainer, status=Assignment.Status.ACCEPTED
        )
    return engagement


def _certify(engagement: Engagement, people: list[StaffMember], revoked: tuple[str, ...]) -> None:
    group = TrainingGroup.objects.create(engagement=engagement, number=1)
    admin = User.objects.filter(email=DEMO_ADMIN).first()
    for person in people:
        Enrolment.objects.create(
            engagement=engagement,
            staff_member=person,
            group=group,
            outcome=Enrolment.Outcome.COMPLETED,
            outcome_at=timezone.now(),
        )
    for certificate in certify_completed(engagement):
        if certificate.staff_member.first_name in revoked:
            certificate_revoke(certificate=certificate, reason=REVOKED_REASON, revoked_by=admin)


def certify_completed(engagement: Engagement) -> list[Certificate]:
    """Certificates for everyone who completed a demo course and has none, made directly: the
    demo sends no e-mail, and each PDF is drawn the first time someone opens it."""
    completed_on = completion_date(engagement)
    requirements = list(TrainingRequirement.objects.filter(organisation=engagement.organisation))
    made = []
    waiting = Enrolment.objects.filter(
        engagement=engagement, outcome=Enrolment.Outcome.COMPLETED, certificate__isnull=True
    ).select_related("staff_member")
    for enrolment in waiting.order_by("pk"):
        person = enrolment.staff_member
        course, months = course_and_refresher(
            person=person, design=engagement.design, requirements=requirements
        )
        made.append(
            Certificate.objects.create(
                code=unused_code(),
                enrolment=enrolment,
                staff_member=person,
                organisation=engagement.organisation,
                holder_name=person.full_name,
                course_name=course,
                course_design=engagement.design,
                completed_on=completed_on,
                expires_on=add_months(completed_on, months),
            )
        )
    return made


def seed_certificates(provider: Organisation) -> None:
    """Past courses with certificates in every state for the demo clients, where missing."""
    today = timezone.localdate()
    for slug, months_ago, site, names, revoked in PLAN:
        organisation = Organisation.objects.filter(slug=slug, provider=provider).first()
        design = _design(organisation) if organisation else None
        if organisation is None or design is None:
            continue
        by_name = {
            p.first_name: p
            for p in StaffMember.objects.filter(organisation=organisation, first_name__in=names)
        }
        people = [by_name[name] for name in names if name in by_name]
        if not people or Certificate.objects.filter(staff_member=people[0]).exists():
            continue
        day = _weekday(add_months(today, -months_ago))
        engagement = _engagement(organisation, design, site, day, closed=months_ago > 6)
        _certify(engagement, people, revoked)
