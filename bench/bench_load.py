"""Load: questionnaire submissions at 64 concurrent clients against gunicorn, as a ratio to a
trivial view that writes one row on the same server; then the client's dashboard at 10,000 staff.

Twice: gunicorn with 2 workers on SQLite (a fresh migrated file in a temporary folder), then
with 4 workers on PostgreSQL (a fresh database `breakaway_bench` on the server DATABASE_URL or
postgres://postgres:postgres@127.0.0.1:5432/ names; skipped, saying so, when there is none).
Settings `config.settings.bench`: no DEBUG, plus the baseline `/bench/write-one/` (one INSERT).

Seed: a course today with BENCH_LOAD_ATTENDEES (500) people, each with their personal link
opened (its cookie) and the answers of their five open instruments (pre: two, post: three)
saved, ready to send. Then in rounds, alternating which goes first: 64 client threads (one kept
connection each) send one instrument for every person (`POST …/check/`: the "Send" button),
and the same 64 threads POST the trivial view as many times. Figures: requests a second of each,
their ratio (target ≥ 0.5), p50/p99 latency as the client saw it (queueing included), errors.
Afterwards the database must hold every submission sent, exactly once (one online response,
one audit entry of its sending). Then the compliance page, staff list, training matrix and
start page of a client administrator with 10,000 staff: the median of 5 loads each.
"""

from __future__ import annotations

import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.attendee_load import (
    DROPPED,
    ROOT,
    Answer,
    Gunicorn,
    Phone,
    check,
    in_django,
    part_paths,
    percentile,
    sent,
)

ATTENDEES = int(os.environ.get("BENCH_LOAD_ATTENDEES", "500"))
PARTS = 2  # instruments each person sends: 2 × 500 submissions, in 4 rounds of 250
WARM_UP = 64  # more people, whose submissions warm the workers up first (not measured)
CLIENTS = 64
DASHBOARD_STAFF = 10_000
TARGET_RATIO = 0.5
PG_DEFAULT = "postgres://postgres:postgres@127.0.0.1:5432/breakaway"
PG_BENCH_NAME = "breakaway_bench"

Key = tuple[int, int, int]  # enrolment, questionnaire, instrument version
# Whose cookies, where to POST, whether the answer is the one wanted, what it sends.
Job = tuple[dict[str, Any] | None, str, Callable[[Answer], bool], Key | None]


def _burst(port: int, jobs: list[Job], acknowledged: set[Key]) -> tuple[float, list[float], int]:
    """Run the jobs with CLIENTS threads, each with its own connection: the wall time, each
    request's latency, and how many failed (a dropped connection or an unexpected answer).
    The keys of the submissions answered as sent go into `acknowledged`."""
    work: queue.SimpleQueue[Job] = queue.SimpleQueue()
    for job in jobs:
        work.put(job)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + 1)

    def client() -> None:
        phone = Phone(port)
        start.wait()
        while True:
            try:
                attendee, path, ok, key = work.get_nowait()
            except queue.Empty:
                break
            phone.use(attendee)
            try:
                answer = phone.post(path)
            except DROPPED:
                with lock:
                    errors[0] += 1
                continue
            with lock:
                latencies.append(answer.seconds)
                if not ok(answer):
                    errors[0] += 1
                elif key is not None:
                    acknowledged.add(key)
        phone.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies, errors[0]


def _no_content(answer: Answer) -> bool:
    return answer.status == 204


def _trivial(count: int) -> list[Job]:
    return [(None, "/bench/write-one/", _no_content, None)] * count


def _submissions(part: dict[str, Any], people: list[Any]) -> list[Job]:
    _pages, send = part_paths(part)
    return [
        (a, send, sent, (a["enrolment"], part["questionnaire"], part["version"])) for a in people
    ]


def _get_median(port: int, session: str, path: str, times: int = 5) -> float:
    import http.client

    seconds = []
    for _ in range(times):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
        response = connection.getresponse()
        response.read()
        seconds.append(time.perf_counter() - started)
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
    return statistics.median(seconds)


def prepare(env: dict[str, str]) -> None:
    """Migrate the fresh database and make the cache table, as a deployment does."""
    for command in (["migrate", "--verbosity", "0"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, cwd=ROOT, check=True)  # noqa: S603


def measure(env: dict[str, str], workers: int, folder: Path) -> dict[str, Any]:
    """Seed, serve with `workers` gunicorn workers, measure, check the database."""
    prepare(env)
    setup = in_django(env, "seed", ATTENDEES + WARM_UP, True)
    warm, people = setup["attendees"][:WARM_UP], setup["attendees"][WARM_UP:]
    dashboard = in_django(env, "bench.staff_load:seed_dashboard", DASHBOARD_STAFF)
    in_django(env, "settle")
    server = Gunicorn(env, workers, folder / f"gunicorn-{workers}.log")
    server.start()
    try:
        # Warm up: every worker imports, connects and parses instruments once.
        acknowledged: set[Key] = set()
        warming = _trivial(CLIENTS)
        warming += [j for p in setup["parts"][:PARTS] for j in _submissions(p, warm)]
        _burst(server.port, warming, acknowledged)
        trivial: dict[str, Any] = {"wall": 0.0, "latencies": [], "errors": 0, "count": 0}
        submit: dict[str, Any] = {"wall": 0.0, "latencies": [], "errors": 0, "count": 0}
        half = len(people) // 2
        rounds = [(p, g) for p in setup["parts"][:PARTS] for g in (people[:half], people[half:])]
        for round_number, (part, group) in enumerate(rounds):
            bursts = [(trivial, _trivial(len(group))), (submit, _submissions(part, group))]
            if round_number % 2:
                bursts.reverse()
            for figures, jobs in bursts:
                wall, latencies, errors = _burst(server.port, jobs, acknowledged)
                figures["wall"] += wall
                figures["latencies"] += latencies
                figures["errors"] += errors
                figures["count"] += len(jobs)
        pages = {
            name: _get_median(server.port, dashboard["session"], path)
            for name, path in dashboard["pages"].items()
        }
    finally:
        server.stop()
    rows = in_django(env, "stored", setup["engagement"])
    result = check(rows, acknowledged, setup["parts"], setup["attendees"])
    everyone = (len(warm) + len(people)) * PARTS
    return {
        "trivial": trivial,
        "submit": submit,
        "check": result,
        "pages": pages,
        "unsent": everyone - len(acknowledged),
    }


def postgres_database(folder: Path) -> tuple[dict[str, str] | None, str]:
    """The environment for a fresh bench database, or None and why not."""
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = PG_DEFAULT
    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as db:
            db.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_NAME} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {PG_BENCH_NAME}")
    except psycopg.Error as error:
        return None, f"no PostgreSQL server at {parts.hostname}:{parts.port} ({error})"
    return bench_env(parts._replace(path=f"/{PG_BENCH_NAME}").geturl(), folder), ""


def postgres_drop() -> None:
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = PG_DEFAULT
    admin = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_NAME} WITH (FORCE)")


def sqlite_env(folder: Path) -> dict[str, str]:
    """A fresh SQLite file in `folder`."""
    return bench_env(f"sqlite:///{folder / 'bench.sqlite3'}", folder)


def bench_env(database_url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
    }


def _lines(label: str, figures: dict[str, Any]) -> list[tuple[str, float, str, float | None]]:
    trivial, submit, result = figures["trivial"], figures["submit"], figures["check"]
    trivial_rate = trivial["count"] / trivial["wall"]
    submit_rate = submit["count"] / submit["wall"]
    ratio = submit_rate / trivial_rate
    lines: list[tuple[str, float, str, float | None]] = [
        (f"{label}: write-one view (the baseline)", trivial_rate, "req/s", None),
        (f"{label}: submissions (target ≥ {TARGET_RATIO} × baseline)", submit_rate, "req/s", ratio),
    ]
    for name, data in (("write-one", trivial), ("submission", submit)):
        lines += [
            (f"{label}: {name} p50", statistics.median(data["latencies"]) * 1000, "ms", None),
            (f"{label}: {name} p99", percentile(data["latencies"], 0.99) * 1000, "ms", None),
            (f"{label}: {name} errors", data["errors"], "", None),
        ]
    lines.append((f"{label}: sent and stored exactly once", result.stored, "submissions", None))
    lines.append((f"{label}: not answered as sent", figures["unsent"], "submissions", None))
    for name, seconds in figures["pages"].items():
        lines.append((f"{label}: {name} at {DASHBOARD_STAFF:,} staff", seconds * 1000, "ms", None))
    return lines


def run() -> list[tuple[str, float, str, float | None]]:
    lines = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        figures = measure(sqlite_env(folder), 2, folder)
        _verify(figures)
        lines += _lines("SQLite, 2 workers", figures)
        pg_env, why = postgres_database(folder)
        if pg_env is None:
            print(f"PostgreSQL part skipped: {why}.")
        else:
            try:
                figures = measure(pg_env, 4, folder)
            finally:
                postgres_drop()
            _verify(figures)
            lines += _lines("PostgreSQL, 4 workers", figures)
    return lines


def _verify(figures: dict[str, Any]) -> None:
    result = figures["check"]
    assert not result.lost, f"Submissions not stored: {result.lost[:5]}"
    assert not result.duplicated, f"Submissions stored twice: {result.duplicated[:5]}"


if __name__ == "__main__":
    for what, figure, unit, ratio in run():
        print(f"{what:60} {figure:10.1f} {unit}" + (f"  ratio {ratio:.2f}" if ratio else ""))
