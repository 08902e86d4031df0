"""Builders for the staff pages' tests: people with certificates and refresher answers made
straight through the models (fast), and tiny video and captions files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile

from breakaway.accounts.models import Organisation
from breakaway.delivery.models import Certificate, StaffMember
from breakaway.delivery.tests.certificate_fixtures import make_certificate
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.learning.bank import ITEMS
from breakaway.learning.models import Refresher, RefresherAnswer

COURSE_DAY = dt.date(2025, 1, 6)
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM_BYTES = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 64
VTT_BYTES = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHold your ground, then step away.\n"


def person_with_certificate(
    organisation: Organisation, *, team: str = "Ward A", completed_on: dt.date = COURSE_DAY
) -> tuple[StaffMember, Certificate]:
    person = StaffMemberFactory(organisation=organisation, team=team)
    return person, make_certificate(person, completed_on=completed_on)


def give_answers(
    person: StaffMember,
    certificate: Certificate,
    answers: Sequence[tuple[int, bool]],
    *,
    item_ids: Sequence[str] | None = None,
) -> list[RefresherAnswer]:
    """One refresher per answer: (days since the course, right?) each, on the bank's items in
    turn (or the given ones)."""
    ids = list(item_ids) if item_ids is not None else [item.id for item in ITEMS]
    made = []
    for index, (days, right) in enumerate(answers):
        item_id = ids[index % len(ids)]
        answered_on = certificate.completed_on + dt.timedelta(days=days)
        refresher = Refresher.objects.create(
            staff_member=person,
            certificate=certificate,
            item_ids=[item_id],
            sent_on=certificate.completed_on + dt.timedelta(days=index),
        )
        made.append(
            RefresherAnswer.objects.create(
                refresher=refresher,
                staff_member=person,
                item_id=item_id,
                chosen="an answer",
                correct=right,
                answered_on=answered_on,
                days_since_course=days,
            )
        )
    return made


def video_upload(content: bytes = MP4_BYTES, name: str = "wrist.mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def captions_upload(content: bytes = VTT_BYTES, name: str = "wrist.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/vtt")
