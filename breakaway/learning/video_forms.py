"""The lesson video upload form, and the checks on what is uploaded.

A file's name and the type the browser claims can be anything, so the video's type is read
from its first bytes: an MP4 has "ftyp" at byte 4, a WebM starts with the EBML mark
1A 45 DF A3 and names its document type "webm". Captions must be WebVTT (UTF-8 text that
starts with "WEBVTT", after an optional byte order mark): every video is captioned.
"""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from breakaway.core.forms import AccessibleForm
from breakaway.learning.lessons import LESSONS

MP4, WEBM = "video/mp4", "video/webm"
EBML: Final = b"\x1a\x45\xdf\xa3"
HEAD_BYTES: Final = 4096
CAPTIONS_MAX_BYTES: Final = 1024 * 1024
# MP4-family brands that are not video a browser plays: still images (HEIF, AVIF), audio
# books and music (M4A, M4B, M4P) and QuickTime (.mov, which not every browser plays).
NOT_VIDEO_BRANDS: Final = frozenset(
    {
        b"heic",
        b"heix",
        b"hevc",
        b"hevx",
        b"heim",
        b"heis",
        b"mif1",
        b"msf1",
        b"avif",
        b"avis",
        b"M4A ",
        b"M4B ",
        b"M4P ",
        b"qt  ",
    }
)
DEFAULT_MAX_MB: Final = 200


def video_max_mb() -> int:
    return int(getattr(settings, "BREAKAWAY_LESSON_VIDEO_MAX_MB", DEFAULT_MAX_MB))


def video_kind(head: bytes) -> str | None:
    """The video's type from its first bytes: "video/mp4", "video/webm", or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return None if head[8:12] in NOT_VIDEO_BRANDS else MP4
    if head.startswith(EBML) and b"webm" in head[:HEAD_BYTES]:
        return WEBM
    return None


def is_webvtt(data: bytes) -> bool:
    """Whether the bytes are a WebVTT file: UTF-8 starting with "WEBVTT" (after an optional
    byte order mark), then the end, a space, a tab or a new line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    text = text.removeprefix("\ufeff")
    return text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\r\n")


def _head(upload: Any) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return bytes(head)


class LessonVideoForm(AccessibleForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What the video shows, like “Getting free from a wrist grab”."),
        error_messages={
            "required": _("Enter a title for the video"),
            "max_length": _("The title must be 200 characters or fewer"),
        },
    )
    lesson = forms.ChoiceField(
        label=_("Which lesson is it for?"),
        choices=[(lesson.id, lesson.title) for lesson in LESSONS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the lesson the video is for")},
    )
    video = forms.FileField(
        label=_("Video file"),
        widget=forms.FileInput(attrs={"accept": "video/mp4,video/webm"}),
        error_messages={
            "required": _("Choose the video file"),
            "empty": _("The video file is empty: choose another"),
        },
    )
    captions = forms.FileField(
        label=_("Captions file"),
        help_text=_(
            "A WebVTT captions file (it ends in .vtt and starts with the word WEBVTT). Every "
            "video needs captions, so people who cannot hear it, or cannot play sound where "
            "they are, can follow it."
        ),
        widget=forms.FileInput(attrs={"accept": ".vtt,text/vtt"}),
        error_messages={
            "required": _("Choose the captions file: every video needs captions"),
            "empty": _("The captions file is empty: choose another"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["video"].help_text = _(
            "An MP4 or WebM file, up to %(size)s MB. Other formats (like .mov) need exporting "
            "as MP4 first."
        ) % {"size": video_max_mb()}
        self.content_type = ""

    def clean_video(self) -> Any:
        upload = self.cleaned_data.get("video")
        if not upload:
            return upload
        limit = video_max_mb()
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The video must be smaller than %(size)s MB"), params={"size": limit}
            )
        kind = video_kind(_head(upload))
        if kind is None:
            raise forms.ValidationError(
                _("The video must be an MP4 or WebM file: export it as MP4 and try again")
            )
        self.content_type = kind
        return upload

    def clean_captions(self) -> Any:
        upload = self.cleaned_data.get("captions")
        if not upload:
            return upload
        if upload.size > CAPTIONS_MAX_BYTES:
            raise forms.ValidationError(_("The captions file must be smaller than 1 MB"))
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        if not is_webvtt(data):
            raise forms.ValidationError(
                _(
                    "The captions must be a WebVTT file: plain text (UTF-8) whose first line "
                    "is WEBVTT"
                )
            )
        return upload
