"""The provider's lesson videos: upload (checked by its bytes, with WebVTT captions), order,
delete; each change audited; another provider's video is not found."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from breakaway.accounts.tests.factories import ProviderFactory
from breakaway.core.models import AuditEntry
from breakaway.learning.models import LessonVideo
from breakaway.learning.tests.staff_builders import (
    MP4_BYTES,
    VTT_BYTES,
    WEBM_BYTES,
    captions_upload,
    video_upload,
)
from breakaway.learning.video_forms import MP4, WEBM, is_webvtt, video_kind
from breakaway.learning.video_services import lesson_video_move

UPLOAD = "/learning/videos/upload/"
LIST = "/learning/videos/"


# The checks on the bytes --------------------------------------------------------------------


def test_mp4_and_webm_are_known_by_their_first_bytes():
    assert video_kind(MP4_BYTES) == MP4
    assert video_kind(WEBM_BYTES) == WEBM
    # A Matroska file shares WebM's mark but is not WebM; a HEIC photo is an "ftyp" box too.
    assert video_kind(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska") is None
    assert video_kind(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00") is None
    assert video_kind(b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00") is None
    assert video_kind(b"GIF89a" + b"\x00" * 20) is None
    assert video_kind(b"") is None


def test_webvtt_is_utf8_starting_with_the_word_webvtt():
    assert is_webvtt(b"WEBVTT")
    assert is_webvtt(b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello")
    assert is_webvtt(b"\xef\xbb\xbfWEBVTT - captions\r\n")
    assert not is_webvtt(b"WEBVTTX\n")
    assert not is_webvtt(b"1\n00:00:00,000 --> 00:00:01,000\nAn SRT file\n")
    assert not is_webvtt(b"WEBVTT\n\xff\xfe not UTF-8")
    assert not is_webvtt(b"")


@given(st.binary(max_size=64))
def test_no_bytes_break_the_checks(data):
    assert video_kind(data) in (None, MP4, WEBM)
    assert is_webvtt(data) in (True, False)
    if is_webvtt(data):
        assert data.decode("utf-8").lstrip("\ufeff").startswith("WEBVTT")


@given(st.text(max_size=200))
def test_any_text_after_a_webvtt_header_line_is_webvtt(rest):
    assert is_webvtt(("WEBVTT\n" + rest).encode("utf-8"))


# The pages ----------------------------------------------------------------------------------


def _post(client, **files):
    data = {
        "title": "Getting free from a wrist grab",
        "lesson": "exits",
        "video": video_upload(),
        "captions": captions_upload(),
    }
    data.update(files)
    return client.post(UPLOAD, {k: v for k, v in data.items() if v is not None})


@pytest.mark.django_db
def test_a_designer_uploads_a_captioned_mp4(client, designer, provider):
    client.force_login(designer)
    response = _post(client)
    assert response.status_code == 302
    video = LessonVideo.objects.get()
    assert (video.provider, video.lesson_id, video.content_type) == (provider, "exits", MP4)
    assert video.uploaded_by == designer
    assert video.video.name.endswith(".mp4")
    assert video.captions.name.endswith(".vtt")
    assert video.captions.read() == VTT_BYTES
    entry = AuditEntry.objects.get(action="lesson_video.upload")
    assert entry.actor == designer
    assert entry.after["title"] == "Getting free from a wrist grab"
    page = client.get(LIST)
    assert b"Getting free from a wrist grab" in page.content


@pytest.mark.django_db
def test_a_webm_is_stored_as_webm_whatever_its_name(client, provider_admin):
    client.force_login(provider_admin)
    response = _post(client, video=video_upload(WEBM_BYTES, name="clip.mp4"))
    assert response.status_code == 302
    video = LessonVideo.objects.get()
    assert video.content_type == WEBM
    assert video.video.name.endswith(".webm")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        (
            {"video": video_upload(b"MZ\x90\x00 not a video at all" * 4, name="wrist.mp4")},
            "video",
            "The video must be an MP4 or WebM file",
        ),
        ({"captions": None}, "captions", "Choose the captions file: every video needs captions"),
        (
            {"captions": captions_upload(b"1\n00:00:00,000 --> 00:00:01,000\nSRT\n", "a.vtt")},
            "captions",
            "The captions must be a WebVTT file",
        ),
        (
            {"captions": captions_upload(b"WEBVTT\n\xff\xfe", "a.vtt")},
            "captions",
            "The captions must be a WebVTT file",
        ),
        ({"video": None}, "video", "Choose the video file"),
        ({"title": "", "lesson": "not-a-lesson"}, "title", "Enter a title for the video"),
    ],
)
def test_a_bad_upload_comes_back_with_the_problem(client, designer, files, field, message):
    client.force_login(designer)
    response = _post(client, **files)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html
    assert message in html
    assert not LessonVideo.objects.exists()
    assert not AuditEntry.objects.filter(action="lesson_video.upload").exists()


@pytest.mark.django_db
def test_a_video_over_the_size_limit_is_refused(client, designer, settings):
    settings.BREAKAWAY_LESSON_VIDEO_MAX_MB = 0
    client.force_login(designer)
    response = _post(client)
    assert response.status_code == 400
    assert "The video must be smaller than 0 MB" in response.content.decode()
    assert not LessonVideo.objects.exists()


@pytest.mark.django_db
def test_the_form_says_the_size_limit(client, designer, settings):
    settings.BREAKAWAY_LESSON_VIDEO_MAX_MB = 150
    client.force_login(designer)
    assert "up to 150 MB" in client.get(UPLOAD).content.decode()


def _video(provider, title="Wrist grab", lesson_id="exits"):
    video = LessonVideo(provider=provider, lesson_id=lesson_id, title=title, content_type=MP4)
    video.video.save("v.mp4", ContentFile(MP4_BYTES), save=False)
    video.captions.save("v.vtt", ContentFile(VTT_BYTES), save=False)
    video.position = LessonVideo.objects.filter(provider=provider, lesson_id=lesson_id).count()
    video.save()
    return video


@pytest.mark.django_db
def test_deleting_a_video_asks_first_then_removes_it_and_its_files(
    client, provider_admin, provider, django_capture_on_commit_callbacks
):
    video = _video(provider)
    storage, names = video.video.storage, [video.video.name, video.captions.name]
    client.force_login(provider_admin)
    url = reverse("learning:video_delete", args=[video.pk])
    assert b"Delete the video?" in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not LessonVideo.objects.exists()
    assert not any(storage.exists(name) for name in names)
    entry = AuditEntry.objects.get(action="lesson_video.delete")
    assert entry.before["title"] == "Wrist grab"


@pytest.mark.django_db
def test_videos_move_up_and_down_within_their_lesson(client, designer, provider):
    first, _second, third = (_video(provider, t) for t in ("One", "Two", "Three"))
    other_lesson = _video(provider, "Elsewhere", lesson_id="the-law")
    client.force_login(designer)
    response = client.post(reverse("learning:video_move", args=[third.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#video-{third.pk}")
    order = LessonVideo.objects.filter(lesson_id="exits").order_by("position")
    assert [v.title for v in order] == ["One", "Three", "Two"]
    assert not lesson_video_move(video=first, up=True, moved_by=designer)
    assert lesson_video_move(video=first, up=False, moved_by=designer)
    order = LessonVideo.objects.filter(lesson_id="exits").order_by("position")
    assert [v.title for v in order] == ["Three", "One", "Two"]
    other_lesson.refresh_from_db()
    assert other_lesson.position == 0
    assert AuditEntry.objects.filter(action="lesson_video.move").count() == 2


@pytest.mark.django_db
def test_another_providers_video_is_not_found(client, provider_admin):
    theirs = _video(ProviderFactory())
    client.force_login(provider_admin)
    assert client.get(reverse("learning:video_delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("learning:video_delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("learning:video_move", args=[theirs.pk])).status_code == 404
    assert LessonVideo.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["advisor", "trainer", "client_admin"], indirect=True)
def test_only_administrators_and_designers_manage_videos(client, persona):
    client.force_login(persona)
    assert client.get(LIST).status_code == 403
    assert client.get(UPLOAD).status_code == 403
