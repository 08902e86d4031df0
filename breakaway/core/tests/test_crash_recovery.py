"""Crash recovery (issue 10): 60 attendees send questionnaires while gunicorn is killed with
SIGKILL twice and started again; every submission a phone saw acknowledged is stored with its
answers, and nothing is stored twice. `make bench` runs the same with 500 (bench/bench_crash.py).
"""

from __future__ import annotations

import pytest

from bench.attendee_load import Gunicorn, seed, stored
from bench.bench_crash import crash_run, verify
from breakaway.core.tests.processes import process_env

ATTENDEES = 60


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_acknowledged_submissions_survive_sigkill_and_none_is_stored_twice(tmp_path):
    setup = seed(ATTENDEES)
    env = process_env(
        DJANGO_SETTINGS_MODULE="config.settings.bench", DJANGO_MEDIA_ROOT=str(tmp_path)
    )
    server = Gunicorn(env, workers=2, log=tmp_path / "gunicorn.log")
    run = crash_run(server, setup, kill_at=(0.3, 0.7), give_up=120)
    assert len(run.kills) == 2, run.kills
    assert run.dropped > 0  # the kills did cut requests off
    assert not run.refused, run.refused[:5]
    assert run.gave_up == 0
    assert len(run.acknowledged) == ATTENDEES
    result = verify(run, stored(setup["engagement"]), setup)
    assert result.lost == []
    assert result.duplicated == []
    assert result.stored == ATTENDEES
