"""The register's codes: accepted for 60 seconds from when they are issued, never after, and
only for their own day."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from breakaway.delivery import register_codes as codes

KEY = codes.derive_key("a test secret")
# Unix times from 2020 to 2100, with fractions of a second.
moments = st.floats(min_value=1.6e9, max_value=4.1e9, allow_nan=False, allow_infinity=False)
days = st.integers(min_value=1, max_value=2**31)


def _issued_at(now: float) -> float:
    return codes.window_of(now) * codes.WINDOW_SECONDS


@given(day=days, shown=moments, wait=st.floats(min_value=0, max_value=59.999))
def test_a_code_is_accepted_within_60_seconds_of_being_issued(day, shown, wait):
    code = codes.current_code(key=KEY, day_id=day, now=shown)
    scanned = _issued_at(shown) + wait
    assert codes.is_valid(key=KEY, day_id=day, code=code, now=scanned)


@given(day=days, shown=moments, late=st.floats(min_value=60, max_value=86_400 * 30))
def test_a_code_is_never_accepted_60_seconds_or_more_after_being_issued(day, shown, late):
    code = codes.current_code(key=KEY, day_id=day, now=shown)
    assert not codes.is_valid(key=KEY, day_id=day, code=code, now=_issued_at(shown) + late)


@given(day=days, shown=moments, wait=st.floats(min_value=0, max_value=29.999))
def test_a_code_shown_at_any_moment_gives_at_least_30_seconds_to_scan(day, shown, wait):
    code = codes.current_code(key=KEY, day_id=day, now=shown)
    assert codes.is_valid(key=KEY, day_id=day, code=code, now=shown + wait)


@given(day=days, other=days, shown=moments, wait=st.floats(min_value=0, max_value=59.999))
def test_a_code_for_another_day_fails(day, other, shown, wait):
    if day == other:
        return
    code = codes.current_code(key=KEY, day_id=day, now=shown)
    assert not codes.is_valid(key=KEY, day_id=other, code=code, now=_issued_at(shown) + wait)


@given(day=days, shown=moments)
def test_a_code_made_with_another_key_fails(day, shown):
    code = codes.current_code(key=codes.derive_key("another secret"), day_id=day, now=shown)
    assert not codes.is_valid(key=KEY, day_id=day, code=code, now=shown)


@given(day=days, shown=moments, wait=st.floats(min_value=0, max_value=59.999))
def test_a_code_read_in_capitals_is_still_accepted(day, shown, wait):
    code = codes.current_code(key=KEY, day_id=day, now=shown)
    assert codes.is_valid(key=KEY, day_id=day, code=code.upper(), now=_issued_at(shown) + wait)


@given(day=days, now=moments, junk=st.text(max_size=40))
def test_anything_that_is_not_a_code_fails(day, now, junk):
    if junk.lower() in {
        codes.code_for(key=KEY, day_id=day, window=codes.window_of(now) - back) for back in (0, 1)
    }:
        return
    assert not codes.is_valid(key=KEY, day_id=day, code=junk, now=now)


def test_a_code_is_short_and_changes_every_30_seconds():
    first = codes.current_code(key=KEY, day_id=7, now=1_800_000_000)
    same = codes.current_code(key=KEY, day_id=7, now=1_800_000_029.9)
    later = codes.current_code(key=KEY, day_id=7, now=1_800_000_030)
    assert len(first) == codes.CODE_LENGTH == 10
    assert first == same != later
    assert codes.seconds_left(1_800_000_010) == 20
