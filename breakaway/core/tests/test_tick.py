"""The periodic jobs: the registry, `manage.py tick`, and `serve`'s background ticker."""

import datetime
import json
import threading

import pytest
from django.core.management import call_command

from breakaway.core import periodic
from breakaway.core.management.commands.serve import Ticker

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(monkeypatch):
    """An empty registry for the test; the apps' real jobs come back afterwards."""
    monkeypatch.setattr(periodic, "_jobs", {})
    return periodic


def _tick(capsys, *args):
    call_command("tick", "--json", *args)
    return json.loads(capsys.readouterr().out)


def test_the_trainers_app_registers_its_reminders():
    assert "trainer_reminders" in periodic.registered()


def test_registering_twice_is_harmless_but_a_clash_is_refused(jobs):
    def job(now):
        return {}

    jobs.register("job", job)
    jobs.register("job", job)
    with pytest.raises(ValueError, match="already registered"):
        jobs.register("job", lambda now: {})


def test_tick_runs_every_job_at_the_given_time_and_prints_the_counts(jobs, capsys):
    seen = []
    jobs.register("first", lambda now: seen.append(now) or {"sent": 2})
    jobs.register("second", lambda now: {"expired": 0})
    out = _tick(capsys, "--now", "2026-11-27T09:30")
    assert out == {
        "now": "2026-11-27T09:30:00+00:00",
        "jobs": {"first": {"sent": 2}, "second": {"expired": 0}},
    }
    assert seen == [datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.UTC)]


def test_tick_reads_a_time_without_a_zone_as_london_time(jobs, capsys):
    assert _tick(capsys, "--now", "2026-07-01T09:00")["now"] == "2026-07-01T09:00:00+01:00"


def test_tick_refuses_a_time_it_cannot_read(jobs, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("tick", "--json", "--now", "next tuesday")
    assert exit_.value.code == 2
    assert "ISO date and time" in json.loads(capsys.readouterr().out)["errors"][0]


def test_a_failing_job_is_reported_and_the_others_still_run(jobs, capsys):
    def broken(now):
        raise RuntimeError("mail server down")

    jobs.register("broken", broken)
    jobs.register("fine", lambda now: {"done": 1})
    with pytest.raises(SystemExit) as exit_:
        call_command("tick", "--json")
    assert exit_.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["jobs"] == {
        "broken": {"error": "RuntimeError: mail server down"},
        "fine": {"done": 1},
    }


def test_tick_with_the_real_jobs_twice_does_nothing_the_second_time(capsys):
    first = _tick(capsys, "--now", "2026-11-27T09:00")
    second = _tick(capsys, "--now", "2026-11-27T09:10")
    assert set(first["jobs"]) >= {"trainer_reminders"}
    assert second["jobs"]["trainer_reminders"]["qualification_reminders"] == 0
    assert second["jobs"]["trainer_reminders"]["cpd_reminders"] == 0


def test_tick_prints_a_readable_summary_without_json(jobs, capsys):
    jobs.register("reminders", lambda now: {"sent": 3})
    call_command("tick", "--now", "2026-11-27T09:00")
    assert "reminders: sent 3" in capsys.readouterr().out


def test_the_ticker_ticks_at_once_then_every_interval_until_stopped():
    ticks = threading.Semaphore(0)
    ticker = Ticker(interval=0.01, tick=ticks.release)
    ticker.start()
    for _n in range(3):
        assert ticks.acquire(timeout=5)
    ticker.stop()
    ticker.join(timeout=5)
    assert not ticker.is_alive()


def test_the_ticker_waits_the_interval_between_ticks():
    ticks = []
    ticker = Ticker(interval=60, tick=lambda: ticks.append(1))
    ticker.start()
    ticker.stopped.wait(0.2)
    ticker.stop()
    ticker.join(timeout=5)
    assert ticks == [1]


def test_tick_runs_only_the_jobs_named(jobs, capsys):
    jobs.register("wanted", lambda now: {"done": 1})
    jobs.register("other", lambda now: {"done": 1})
    assert list(_tick(capsys, "--job", "wanted")["jobs"]) == ["wanted"]
