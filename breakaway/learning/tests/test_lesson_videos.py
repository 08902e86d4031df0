"""The provider's lesson videos on the attendee's link: the player markup, the file and its
captions served with the right types and in byte ranges, and nobody else's video."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from breakaway.accounts.tests.factories import ClientFactory, ProviderFactory
from breakaway.learning.tests.attendee_fixtures import (
    CAPTIONS,
    VIDEO_BYTES,
    link_for,
    person_at,
    video_for,
)
from breakaway.learning.views_attendee import RangeNotSatisfiableError, byte_range

SIZE = len(VIDEO_BYTES)


@pytest.fixture
def setup(db, provider, client_org):
    cache.clear()  # fresh rate limits
    person = person_at(client_org)
    return link_for(person), video_for(provider)


def _video(token, video, lesson_id="escalation"):
    return reverse("learning_attendee:video", args=[token, lesson_id, video.pk])


def _captions(token, video, lesson_id="escalation"):
    return reverse("learning_attendee:captions", args=[token, lesson_id, video.pk])


def _body(response):
    return b"".join(response.streaming_content)


def test_the_lesson_page_has_a_captioned_player_for_the_providers_video(client, setup, provider):
    token, video = setup
    other = video_for(ProviderFactory(name="Elsewhere Training"), title="Not yours")
    text = client.get(reverse("learning_attendee:lesson", args=[token, "escalation"])).content
    text = text.decode()
    assert '<video controls preload="metadata"' in text
    assert f'src="{_video(token, video)}"' in text
    assert 'type="video/mp4"' in text
    track = text[text.index("<track") :].split(">")[0]
    assert 'kind="captions"' in track
    assert 'srclang="en"' in track
    assert 'label="English"' in track
    assert "default" in track
    assert f'src="{_captions(token, video)}"' in text
    assert "Reading the room" in text
    assert "Not yours" not in text
    assert f"/video/{other.pk}/" not in text


@pytest.mark.django_db
def test_the_whole_video_is_served_with_its_type_and_accepts_ranges(client, setup):
    token, video = setup
    response = client.get(_video(token, video))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert "Content-Range" not in response
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert _body(response) == VIDEO_BYTES


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=0-1", 0, 1),  # Safari's first probe
        ("bytes=1000-", 1000, SIZE - 1),
        ("bytes=-5", SIZE - 5, SIZE - 1),
        ("bytes=1020-5000", 1020, SIZE - 1),
    ],
)
def test_a_range_gets_206_with_just_those_bytes(client, setup, header, first, last):
    token, video = setup
    response = client.get(_video(token, video), headers={"Range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == VIDEO_BYTES[first : last + 1]


@pytest.mark.django_db
def test_a_range_past_the_end_is_416_and_a_strange_one_gets_the_whole_file(client, setup):
    token, video = setup
    past = client.get(_video(token, video), headers={"Range": f"bytes={SIZE}-"})
    assert past.status_code == 416
    assert past["Content-Range"] == f"bytes */{SIZE}"
    for header in ("bytes=0-1,5-9", "lines=1-2", "bytes=9-3"):
        response = client.get(_video(token, video), headers={"Range": header})
        assert response.status_code == 200
        assert _body(response) == VIDEO_BYTES


@pytest.mark.django_db
def test_captions_are_served_as_webvtt(client, setup):
    token, video = setup
    response = client.get(_captions(token, video))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert _body(response) == CAPTIONS


@pytest.mark.django_db
def test_another_providers_video_or_a_bad_link_is_a_404(client, setup):
    token, video = setup
    elsewhere = video_for(ProviderFactory(name="Elsewhere Training"))
    stranger = person_at(ClientFactory(provider=elsewhere.provider))
    assert client.get(_video(token, elsewhere)).status_code == 404
    assert client.get(_captions(token, elsewhere)).status_code == 404
    assert client.get(_video(link_for(stranger), video)).status_code == 404
    assert client.get(_video(token, video, lesson_id="the-law")).status_code == 404
    assert client.get(_video("made-up-token", video)).status_code == 404
    assert client.get(_captions("made-up-token", video)).status_code == 404


@given(st.integers(1, 5000), st.data())
def test_a_range_always_lies_within_the_file(size, data):
    first = data.draw(st.integers(0, size - 1))
    last = data.draw(st.one_of(st.none(), st.integers(first, size * 2)))
    span = byte_range(f"bytes={first}-{'' if last is None else last}", size)
    assert span is not None
    assert span[0] == first
    assert first <= span[1] <= size - 1
    if last is not None:
        assert span[1] == min(last, size - 1)


@given(st.integers(0, 5000), st.integers(1, 10_000))
def test_a_suffix_range_is_the_last_bytes_or_the_whole_file(size, suffix):
    header = f"bytes=-{suffix}"
    if size == 0:
        with pytest.raises(RangeNotSatisfiableError):
            byte_range(header, size)
        return
    first, last = byte_range(header, size) or (None, None)
    assert last == size - 1
    assert last - first + 1 == min(suffix, size)


@given(st.text(max_size=30))
def test_any_header_gives_a_range_in_the_file_the_whole_file_or_416(header):
    try:
        span = byte_range(header, 100)
    except RangeNotSatisfiableError:
        return
    assert span is None or 0 <= span[0] <= span[1] <= 99
