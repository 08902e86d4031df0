"""Crash: attendees send questionnaires while gunicorn is killed with SIGKILL and started again.

BENCH_CRASH_ATTENDEES (500) people, each with their personal link opened (its cookie), answer
one instrument each (the five open instruments in turn) on their own phone (a thread with one
kept connection): every question page (`POST …/<page>/`), then "Send" (`POST …/check/`). All
start within the same two seconds. As the requests go through, gunicorn (master and workers:
the whole process group) is killed with SIGKILL three times, at a fifth, half and four fifths
of the way, and started again at once, as systemd would. A phone whose connection is refused
or dropped, or that gets a 5xx, sends the same request again after a short wait, as a person
taps again; a submission is acknowledged when "Send" is answered with the redirect to "Your
answers are sent".

Afterwards the database must hold every acknowledged submission, sent, with the answers given,
and nothing twice: one online response per person and instrument, and its sending recorded
once in the audit trail. Run on SQLite (2 workers) and, when a server answers, PostgreSQL (4).
`crash_run` is shared with breakaway/core/tests/test_crash_recovery.py (60 people).
"""

from __future__ import annotations

import os
import random
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.attendee_load import (
    DROPPED,
    Check,
    Gunicorn,
    Phone,
    check,
    in_django,
    page_data,
    part_paths,
    sent,
)

ATTENDEES = int(os.environ.get("BENCH_CRASH_ATTENDEES", "500"))
KILL_AT = (0.2, 0.5, 0.8)  # shares of all the requests the phones will make
GIVE_UP = 240.0  # seconds after the start, a phone stops trying


@dataclass
class Run:
    acknowledged: set[tuple[int, int, int]] = field(default_factory=set)
    requests: int = 0  # answered by the server
    expected: int = 0  # requests the phones make when nothing goes wrong
    dropped: int = 0  # connections refused, reset or closed mid-answer (each tried again)
    sends_dropped: int = 0  # of those, "Send" requests: the answers may be stored already
    server_errors: int = 0  # 5xx answers (each tried again)
    refused: list[str] = field(default_factory=list)  # other answers (a bug: not retried)
    gave_up: int = 0
    kills: list[float] = field(default_factory=list)  # seconds after the start
    restarts: list[float] = field(default_factory=list)  # seconds each start took
    wall: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _send(
    phone: Phone, path: str, data: dict[str, str], run: Run, deadline: float, sending: bool = False
) -> Any:
    """POST until the server answers other than with a 5xx; None when giving up."""
    wait = 0.1
    while time.monotonic() < deadline:
        try:
            answer = phone.post(path, data)
        except DROPPED:
            with run.lock:
                run.dropped += 1
                run.sends_dropped += sending
        else:
            with run.lock:
                run.requests += 1
            if answer.status < 500:
                return answer
            with run.lock:
                run.server_errors += 1
        time.sleep(wait * random.uniform(0.5, 1.5))
        wait = min(wait * 2, 2.0)
    with run.lock:
        run.gave_up += 1
    return None


def _attendee(
    port: int, attendee: dict[str, Any], part: dict[str, Any], run: Run, give_up: float
) -> None:
    time.sleep(random.uniform(0, 2))
    deadline = time.monotonic() + give_up
    phone = Phone(port, attendee)
    pages, send = part_paths(part)
    key = (attendee["enrolment"], part["questionnaire"], part["version"])
    try:
        for number, path in enumerate(pages):
            answer = _send(phone, path, page_data(part, number, attendee["index"]), run, deadline)
            if answer is None:
                return
            if answer.status != 302:
                run.refused.append(f"{path}: {answer.status}")
                return
        answer = _send(phone, send, {}, run, deadline, sending=True)
        if answer is None:
            return
        if sent(answer):
            with run.lock:
                run.acknowledged.add(key)
        else:
            run.refused.append(f"{send}: {answer.status} {answer.location}")
    finally:
        phone.close()


def crash_run(
    server: Gunicorn,
    setup: dict[str, Any],
    kill_at: tuple[float, ...] = KILL_AT,
    give_up: float = GIVE_UP,
) -> Run:
    """Every attendee of `setup` answers one instrument against `server` (started here) while
    it is killed and restarted at each share of `kill_at`; what the phones saw."""
    run = Run()
    parts = setup["parts"]
    plan = [(a, parts[n % len(parts)]) for n, a in enumerate(setup["attendees"])]
    run.expected = sum(len(part["pages"]) + 1 for _a, part in plan)
    server.start()
    started = time.monotonic()
    phones = [
        threading.Thread(target=_attendee, args=(server.port, a, part, run, give_up), daemon=True)
        for a, part in plan
    ]
    for phone in phones:
        phone.start()
    try:
        for share in kill_at:
            while run.requests < share * run.expected and any(p.is_alive() for p in phones):
                time.sleep(0.01)
            if not any(p.is_alive() for p in phones):
                break
            server.kill()
            run.kills.append(time.monotonic() - started)
            run.restarts.append(server.start())
        for phone in phones:
            phone.join()
        run.wall = time.monotonic() - started
    finally:
        server.stop()
    return run


def verify(run: Run, rows: list[list[Any]], setup: dict[str, Any]) -> Check:
    return check(rows, run.acknowledged, setup["parts"], setup["attendees"])


def _measure(env: dict[str, str], workers: int, folder: Path) -> tuple[Run, Check]:
    from bench.bench_load import prepare

    prepare(env)
    setup = in_django(env, "seed", ATTENDEES)
    server = Gunicorn(env, workers, folder / f"gunicorn-crash-{workers}.log")
    run = crash_run(server, setup)
    rows = in_django(env, "stored", setup["engagement"])
    return run, verify(run, rows, setup)


def _lines(label: str, run: Run, result: Check) -> list[tuple[str, float, str, float | None]]:
    assert len(run.kills) >= 2, f"{label}: the server was killed only {len(run.kills)} times"
    assert not result.lost, f"{label}: acknowledged but not stored: {result.lost[:5]}"
    assert not result.duplicated, f"{label}: stored twice: {result.duplicated[:5]}"
    assert not run.refused, f"{label}: unexpected answers: {run.refused[:5]}"
    kills = ", ".join(f"{k:.1f}" for k in run.kills)
    return [
        (f"{label}: SIGKILLs (at {kills} s), each restarted", len(run.kills), "", None),
        (f"{label}: restart until /healthz answers, slowest", max(run.restarts), "s", None),
        (f"{label}: {ATTENDEES} people, all sent", run.wall, "s", None),
        (f"{label}: requests dropped and tried again", run.dropped, "", None),
        (f"{label}: … of them “Send”", run.sends_dropped, "", None),
        (f"{label}: 5xx answers, tried again", run.server_errors, "", None),
        (
            f"{label}: acknowledged, stored once with their answers",
            result.stored,
            f"of {result.acknowledged}",
            result.stored / max(1, result.acknowledged),
        ),
        (f"{label}: stored twice", len(result.duplicated), "", None),
        (f"{label}: phones that gave up", run.gave_up, "", None),
    ]


def run() -> list[tuple[str, float, str, float | None]]:
    from bench.bench_load import postgres_database, postgres_drop, sqlite_env

    lines = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        lines += _lines("SQLite, 2 workers", *_measure(sqlite_env(folder), 2, folder))
        pg_env, why = postgres_database(folder)
        if pg_env is None:
            print(f"PostgreSQL part skipped: {why}.")
        else:
            try:
                figures = _measure(pg_env, 4, folder)
            finally:
                postgres_drop()
            lines += _lines("PostgreSQL, 4 workers", *figures)
    return lines


if __name__ == "__main__":
    for what, figure, unit, ratio in run():
        print(f"{what:60} {figure:10.1f} {unit}" + (f"  ratio {ratio:.2f}" if ratio else ""))
