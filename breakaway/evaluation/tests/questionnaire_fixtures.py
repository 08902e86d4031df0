"""An engagement with people on it, its questionnaires, and a remembered attendee link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.delivery.tests.day_fixtures import Course, make_course, make_link, remember
from breakaway.evaluation.models import InstrumentVersion, Questionnaire
from breakaway.evaluation.questionnaire_services import questionnaires_ensure


def course_on(client_org: Organisation, day: dt.date, people: int = 3, **extra: Any) -> Course:
    """A one-day course on `day` with `people` enrolled and its questionnaires made."""
    course = make_course(client_org=client_org, people=people, date=day, techniques=1, **extra)
    questionnaires_ensure(engagement=course.engagement)
    return course


def phase(course: Course, name: str) -> Questionnaire:
    return Questionnaire.objects.get(engagement=course.engagement, phase=name)


def version(questionnaire: Questionnaire, key: str) -> InstrumentVersion:
    return questionnaire.instruments.get(instrument__key=key)


def attendee(client: Any, course: Course, index: int = 0) -> None:
    """The test browser has opened person `index`'s link."""
    link, _token = make_link(course.enrolments[index])
    remember(client, link)


def today() -> dt.date:
    return timezone.localdate()
