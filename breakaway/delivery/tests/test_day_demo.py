"""The demo's delivered course day: a register, competence, outcomes and a near miss, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from breakaway.accounts.models import Role
from breakaway.accounts.tests.factories import UserFactory
from breakaway.delivery.demo_day import DEMO_TRAINER, seed_day
from breakaway.delivery.models import Attendance, CompetenceRecord, Enrolment, TrainingIncident
from breakaway.delivery.tests.day_fixtures import make_course
from breakaway.scheduling.models import Assignment
from breakaway.trainers.tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db


def test_seed_day_fills_the_latest_delivered_course_once(client_org, provider):
    user = UserFactory(
        email=DEMO_TRAINER, membership__organisation=provider, membership__role=Role.TRAINER
    )
    TrainerFactory(user=user, provider=provider)
    course = make_course(
        client_org=client_org, people=6, date=timezone.localdate() - dt.timedelta(days=3)
    )
    seed_day(provider)
    seed_day(provider)
    register = Attendance.objects.filter(day=course.day)
    assert register.count() == 6
    assert register.filter(method="qr").count() == 4
    assert register.filter(status="late").count() == 1
    assert register.filter(status="absent").count() == 1
    assert CompetenceRecord.objects.filter(enrolment__engagement=course.engagement).count() == 10
    outcomes = sorted(
        Enrolment.objects.filter(engagement=course.engagement).values_list("outcome", flat=True)
    )
    assert outcomes == ["completed"] * 4 + ["did_not_attend", "not_completed"]
    assert (
        TrainingIncident.objects.filter(engagement=course.engagement, kind="near_miss").count() == 1
    )
    assert Assignment.objects.filter(
        engagement=course.engagement, trainer__user__email=DEMO_TRAINER
    ).exists()
