"""Builders for the attendee's learning pages: a person with a live link, a refresher waiting
for them (made by the real sender), and a provider's lesson video."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import StaffMember
from breakaway.delivery.tests.certificate_fixtures import make_certificate
from breakaway.delivery.tests.factories import StaffMemberFactory
from breakaway.learning.models import LessonVideo, Refresher
from breakaway.learning.refresher_services import BY_ID, refreshers_send

VIDEO_BYTES = bytes(range(256)) * 4  # 1,024 bytes, each position telling
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:02.000\nStand at an angle, beyond arm's reach.\n"


def link_for(person: StaffMember) -> str:
    """A fresh personal link for the person (revoking earlier ones); its token."""
    _link, token = attendee_link_create(
        staff_member=person, expires_at=timezone.now() + dt.timedelta(days=28)
    )
    return token


def person_at(organisation: Organisation, **extra: object) -> StaffMember:
    return StaffMemberFactory(organisation=organisation, **extra)


def refreshed(person: StaffMember, *, days_ago: int = 10) -> Refresher:
    """Certify the person `days_ago` days back and run the sender, so a refresher waits."""
    make_certificate(person, completed_on=timezone.localdate() - dt.timedelta(days=days_ago))
    refreshers_send(timezone.now())
    return Refresher.objects.get(staff_member=person)


def right_answers(refresher: Refresher) -> dict[str, str]:
    return {item_id: BY_ID[item_id].options[0] for item_id in refresher.item_ids}


def wrong_answers(refresher: Refresher) -> dict[str, str]:
    return {item_id: BY_ID[item_id].options[1] for item_id in refresher.item_ids}


def video_for(
    provider: Organisation, lesson_id: str = "escalation", **extra: object
) -> LessonVideo:
    """A provider's video for a lesson; the bytes stand in for a real film."""
    return LessonVideo.objects.create(
        provider=provider,
        lesson_id=lesson_id,
        title=str(extra.pop("title", "Reading the room")),
        video=SimpleUploadedFile("clip.mp4", VIDEO_BYTES, content_type="video/mp4"),
        content_type="video/mp4",
        captions=SimpleUploadedFile("clip.vtt", CAPTIONS, content_type="text/vtt"),
        **extra,
    )
