import pytest

from breakaway.core.ratelimit import RateLimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit():
    return RateLimit("test", limit=3, window=3600)


def test_a_rate_limit_is_exceeded_after_its_limit(limit):
    for _ in range(3):
        assert not limit.exceeded("1.2.3.4")
        limit.hit("1.2.3.4")
    assert limit.exceeded("1.2.3.4")


def test_a_rate_limit_counts_each_caller_apart(limit):
    for _ in range(3):
        limit.hit("1.2.3.4")
    assert not limit.exceeded("5.6.7.8")


def test_a_rate_limit_window_ends_an_hour_after_the_first_hit(limit, time_machine):
    time_machine.move_to("2026-11-27 09:00Z", tick=False)
    limit.hit("a")
    time_machine.move_to("2026-11-27 09:50Z", tick=False)
    limit.hit("a")
    limit.hit("a")
    assert limit.exceeded("a")
    # Later hits did not push the end of the window back: it still ends at 10:00.
    time_machine.move_to("2026-11-27 10:00:01Z", tick=False)
    assert not limit.exceeded("a")
