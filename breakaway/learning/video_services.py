"""The provider's lesson videos: upload one (with its captions), put them in order, delete
one. Each change is in the audit log; the files of a deleted video go once the deletion is
committed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from breakaway.accounts.models import Organisation
from breakaway.core.audit import audit_log, snapshot
from breakaway.learning.lessons import LESSONS
from breakaway.learning.models import LessonVideo
from breakaway.learning.video_forms import MP4, WEBM

EXTENSIONS = {MP4: "mp4", WEBM: "webm"}
AUDITED = ("provider_id", "lesson_id", "title", "content_type", "position")


def _audited(video: LessonVideo) -> dict[str, Any]:
    return {**snapshot(video, AUDITED), "video": video.video.name, "captions": video.captions.name}


def _name(title: str, extension: str) -> str:
    return f"{slugify(title)[:40] or 'video'}.{extension}"


@transaction.atomic
def lesson_video_upload(
    *,
    provider: Organisation,
    lesson_id: str,
    title: str,
    video: File,
    content_type: str,
    captions: File,
    uploaded_by: Any,
) -> LessonVideo:
    """Store a provider's video for a lesson, last in that lesson's order. The video must be
    MP4 or WebM (checked by the form from its bytes) and comes with its WebVTT captions."""
    if lesson_id not in {lesson.id for lesson in LESSONS}:
        raise ValidationError({"lesson_id": "No such lesson."})
    if content_type not in EXTENSIONS:
        raise ValidationError({"content_type": "Only MP4 and WebM videos are stored."})
    last = LessonVideo.objects.filter(provider=provider, lesson_id=lesson_id).aggregate(
        last=Max("position")
    )["last"]
    record = LessonVideo(
        provider=provider,
        lesson_id=lesson_id,
        title=title.strip(),
        content_type=content_type,
        position=0 if last is None else last + 1,
        uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
    )
    record.video.save(_name(title, EXTENSIONS[content_type]), video, save=False)
    record.captions.save(_name(title, "vtt"), captions, save=False)
    stored = [record.video.name, record.captions.name]
    storage = record.video.storage
    # Files are not rolled back with the database: drop them if the record is not kept.
    try:
        record.full_clean()
        record.save()
        audit_log(
            actor=uploaded_by,
            action="lesson_video.upload",
            obj=record,
            after=_audited(record),
            organisation=provider,
        )
    except Exception:
        for name in stored:
            storage.delete(name)
        raise
    return record


@transaction.atomic
def lesson_video_delete(*, video: LessonVideo, deleted_by: Any) -> None:
    """Delete a video and its captions; the files go once the deletion is committed."""
    before = _audited(video)
    names = [video.video.name, video.captions.name]
    storage = video.video.storage
    audit_log(
        actor=deleted_by,
        action="lesson_video.delete",
        obj=video,
        before=before,
        organisation=video.provider,
    )
    video.delete()

    def remove_files() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(remove_files)


@transaction.atomic
def lesson_video_move(*, video: LessonVideo, up: bool, moved_by: Any) -> bool:
    """Move a video one place earlier (`up`) or later among its lesson's videos. False when
    it is already first (or last)."""
    siblings = list(
        LessonVideo.objects.select_for_update()
        .filter(provider_id=video.provider_id, lesson_id=video.lesson_id)
        .order_by("position", "pk")
    )
    index = next(i for i, v in enumerate(siblings) if v.pk == video.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    LessonVideo.objects.bulk_update(siblings, ["position"])
    moved = siblings[other]
    audit_log(
        actor=moved_by,
        action="lesson_video.move",
        obj=moved,
        before={"position": index},
        after={"position": other},
        organisation=video.provider,
    )
    video.position = other
    return True
