"""A course on the day: an engagement today with a trainer on it, people with places, and the
techniques its design teaches. Plain functions, so tests and the browser test share them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.catalogue.models import Technique
from breakaway.catalogue.tests.factories import ModuleVersionFactory, TechniqueFactory
from breakaway.courses.models import CourseDesign, CourseDesignVersion
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import AttendeeLink, Enrolment, StaffMember
from breakaway.scheduling.models import Assignment, Engagement, EngagementDay
from breakaway.trainers.models import Trainer
from breakaway.trainers.tests.factories import TrainerFactory


@dataclass
class Course:
    engagement: Engagement
    day: EngagementDay
    enrolments: list[Enrolment]
    techniques: list[Technique]
    assignment: Assignment | None


def make_course(
    *,
    client_org: Organisation,
    trainer_user: Any = None,
    people: int = 3,
    techniques: int = 2,
    date: dt.date | None = None,
) -> Course:
    """An engagement of `client_org` on `date` (today) with `people` enrolled and a design whose
    one module teaches `techniques` techniques; `trainer_user` is on it (published)."""
    taught = [TechniqueFactory() for _ in range(techniques)]
    module_version = ModuleVersionFactory(techniques=taught)
    design = CourseDesign.objects.create(organisation=client_org, length="3h", headcount=people)
    CourseDesignVersion.objects.create(
        design=design,
        number=1,
        inputs={},
        course={"modules": [{"code": module_version.module.code, "title": "Breakaway"}]},
    )
    engagement = Engagement.objects.create(
        organisation=client_org,
        design=design,
        design_version=1,
        status=Engagement.Status.CONFIRMED,
    )
    day = EngagementDay.objects.create(engagement=engagement, date=date or timezone.localdate())
    assignment = None
    if trainer_user is not None:
        provider = client_org.provider or client_org
        trainer = Trainer.objects.filter(user=trainer_user).first() or TrainerFactory(
            user=trainer_user, provider=provider
        )
        assignment = Assignment.objects.create(
            engagement=engagement, trainer=trainer, status=Assignment.Status.PUBLISHED
        )
    enrolments = [
        Enrolment.objects.create(
            engagement=engagement,
            staff_member=StaffMember.objects.create(
                organisation=client_org, first_name=f"Person{i}", last_name="Attendee"
            ),
        )
        for i in range(people)
    ]
    return Course(engagement, day, enrolments, taught, assignment)


def make_link(enrolment: Enrolment) -> tuple[AttendeeLink, str]:
    """A live personal link for the enrolled person, and its token."""
    return attendee_link_create(
        staff_member=enrolment.staff_member,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )


def remember(client: Any, link: AttendeeLink) -> None:
    """Make the test client's browser remember the link, as opening `/a/<token>/` does."""
    from breakaway.delivery.links import attendee_cookie

    name, value = attendee_cookie(link)
    client.cookies[name] = value
