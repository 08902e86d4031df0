"""The attendee's learning pages on their personal link: a pre-course lesson (with its diagram,
the provider's videos and its retrieval questions), a two-minute refresher and its feedback,
and stopping or restarting refreshers.

Videos and captions are served from storage here, only on a live link whose provider owns
them, with HTTP range requests (browsers fetch video in parts; Safari insists on it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any, Final

from django.contrib import messages
from django.core.files.storage import Storage
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakaway.delivery.models import AttendeeLink
from breakaway.delivery.views_attendee import attendee_view
from breakaway.learning.attendee_forms import QuestionsForm
from breakaway.learning.attendee_selectors import (
    lesson_get,
    lesson_next,
    lesson_results,
    lesson_video_get,
    lesson_video_list,
    refresher_feedback,
    refresher_get_for_attendee,
    refresher_summary,
    refresher_unanswered,
)
from breakaway.learning.lesson_services import lesson_answer, lesson_open
from breakaway.learning.refresher_services import (
    refresher_answer,
    refresher_open,
    refreshers_restart,
    refreshers_stop,
)

VIDEO_TYPES: Final = frozenset({"video/mp4", "video/webm", "video/ogg", "video/quicktime"})
CAPTIONS_TYPE: Final = "text/vtt; charset=utf-8"
CHUNK: Final = 64 * 1024
RANGE: Final = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


class RangeNotSatisfiableError(Exception):
    """The range asked for starts past the end of the file."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The single byte range a Range header asks for, as (first, last) inclusive, within a file
    of `size` bytes. None means send the whole file: no header, one not understood, or several
    ranges (which a server may answer in full, RFC 9110 §14.2)."""
    match = RANGE.match(header or "")
    if match is None:
        return None
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # the last N bytes
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiableError
        return max(0, size - suffix), size - 1
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None
    if first >= size:
        raise RangeNotSatisfiableError
    return first, min(int(last_text), size - 1) if last_text else size - 1


class FileSpan:
    """Part of an open file, read in chunks, closed with the response."""

    def __init__(self, handle: IO[bytes], first: int, length: int) -> None:
        self.handle, self.first, self.length = handle, first, length

    def __iter__(self) -> Iterator[bytes]:
        self.handle.seek(self.first)
        left = self.length
        while left > 0:
            chunk = self.handle.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.handle.close()


def stored_file_response(
    request: HttpRequest, storage: Storage, name: str, content_type: str
) -> HttpResponseBase:
    """A stored file, whole (200) or the range asked for (206), or 416 past its end."""
    size = storage.size(name)
    try:
        span = byte_range(request.headers.get("Range"), size)
    except RangeNotSatisfiableError:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = span or (0, size - 1)
    length = last - first + 1
    streamed = StreamingHttpResponse(
        FileSpan(storage.open(name, "rb"), first, length),
        status=206 if span else 200,
        content_type=content_type,
    )
    streamed["Content-Length"] = str(length)
    streamed["Accept-Ranges"] = "bytes"
    streamed["Content-Disposition"] = "inline"
    if span:
        streamed["Content-Range"] = f"bytes {first}-{last}/{size}"
    return streamed


@attendee_view
@require_http_methods(["GET", "POST"])
def lesson_page(
    request: HttpRequest, link: AttendeeLink, token: str, lesson_id: str
) -> HttpResponse:
    """A lesson, then its questions; once answered, each answer right or wrong with why."""
    person = link.staff_member
    lesson = lesson_get(lesson_id=lesson_id)
    progress = lesson_open(staff_member=person, lesson=lesson)
    here = reverse("learning_attendee:lesson", args=[token, lesson.id])
    form = None
    if progress.completed_at is None:
        form = QuestionsForm(request.POST or None, items=lesson.questions, seed=person.pk)
        if request.method == "POST" and form.is_valid():
            lesson_answer(staff_member=person, lesson=lesson, answers=form.answers())
            return redirect(here + "#results")
    elif request.method == "POST":  # sent again: the first answers stand
        return redirect(here + "#results")
    context = {
        "token": token,
        "lesson": lesson,
        "diagram": f"learning/diagrams/{lesson.id}.svg",
        "videos": lesson_video_list(staff_member=person, lesson=lesson),
        "form": form,
        "progress": progress,
        "results": lesson_results(lesson=lesson, progress=progress) if form is None else [],
        "next": lesson_next(lesson),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "learning/attendee/lesson.html", context, status=status)


@attendee_view
@require_http_methods(["GET", "HEAD"])
def lesson_video(
    request: HttpRequest, link: AttendeeLink, token: str, lesson_id: str, pk: int
) -> Any:  # a StreamingHttpResponse, which attendee_view handles like any response
    """The video file, for the person's provider's video only."""
    video = lesson_video_get(staff_member=link.staff_member, lesson_id=lesson_id, pk=pk)
    content_type = video.content_type if video.content_type in VIDEO_TYPES else "video/mp4"
    return stored_file_response(request, video.video.storage, video.video.name, content_type)


@attendee_view
@require_http_methods(["GET", "HEAD"])
def lesson_captions(
    request: HttpRequest, link: AttendeeLink, token: str, lesson_id: str, pk: int
) -> Any:  # a StreamingHttpResponse, which attendee_view handles like any response
    """The video's WebVTT captions."""
    video = lesson_video_get(staff_member=link.staff_member, lesson_id=lesson_id, pk=pk)
    return stored_file_response(request, video.captions.storage, video.captions.name, CAPTIONS_TYPE)


@attendee_view
def refresher_start(request: HttpRequest, link: AttendeeLink, token: str) -> HttpResponse:
    """The refresher waiting for the person, or their page when there is none."""
    refresher = refresher_open(staff_member=link.staff_member)
    if refresher is None:
        messages.info(request, _("You have no refresher to answer now. We will e-mail you."))
        return redirect("attendee:page", token=token)
    return redirect("learning_attendee:refresher", token=token, pk=refresher.pk)


@attendee_view
@require_http_methods(["GET", "POST"])
def refresher_page(request: HttpRequest, link: AttendeeLink, token: str, pk: int) -> HttpResponse:
    """The refresher's unanswered questions; answered (or replaced by a newer one), its
    feedback. Sending the answers twice stores them once."""
    person = link.staff_member
    refresher = refresher_get_for_attendee(staff_member=person, pk=pk)
    feedback = reverse("learning_attendee:feedback", args=[token, refresher.pk])
    items = refresher_unanswered(refresher)
    waiting = refresher_open(staff_member=person)
    if not items or waiting is None or waiting.pk != refresher.pk:
        return redirect(feedback)
    form = QuestionsForm(request.POST or None, items=items, seed=person.pk)
    if request.method == "POST" and form.is_valid():
        refresher_answer(refresher=refresher, answers=form.answers())
        return redirect(feedback)
    context = {"token": token, "refresher": refresher, "form": form}
    status = 400 if form.errors else 200
    return render(request, "learning/attendee/refresher.html", context, status=status)


@attendee_view
def refresher_done(request: HttpRequest, link: AttendeeLink, token: str, pk: int) -> HttpResponse:
    """Each answer right or wrong with why, and the person's streak."""
    person = link.staff_member
    refresher = refresher_get_for_attendee(staff_member=person, pk=pk)
    context = {
        "token": token,
        "refresher": refresher,
        "answers": refresher_feedback(refresher),
        "summary": refresher_summary(staff_member=person),
    }
    return render(request, "learning/attendee/feedback.html", context)


@attendee_view
@require_POST
def refreshers_off(request: HttpRequest, link: AttendeeLink, token: str) -> HttpResponse:
    """Stop refreshers; the person can start them again from their page."""
    refreshers_stop(staff_member=link.staff_member)
    messages.success(request, _("Refreshers stopped. We will not send you any more."))
    return redirect(reverse("attendee:page", args=[token]) + "#refreshers")


@attendee_view
@require_POST
def refreshers_on(request: HttpRequest, link: AttendeeLink, token: str) -> HttpResponse:
    """Start refreshers again."""
    refreshers_restart(staff_member=link.staff_member)
    messages.success(request, _("Refreshers started again. We will e-mail you when one is due."))
    return redirect(reverse("attendee:page", args=[token]) + "#refreshers")
