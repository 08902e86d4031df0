"""200 attendees sign in to the register within one minute, against `make run`'s server.

The server is started as `make run` starts it (`manage.py serve`: the development server with
the task worker beside it) on a free port, against a temporary SQLite database set up with
`migrate` and a course today with 200 enrolled people, each with a personal link. A trainer's
phone (a thread) keeps the register page's code fresh, as the page does; then 200 clients, each
with its own cookie jar, open their link and, all at once, scan the current code. Some scan
again (a retry) and some double-tap (two requests at once); exactly 200 attendance rows must
exist at the end, one per person.

Figures: the wall time for the 200 sign-ins (target ≤ 60 s; the ratio is against it), sign-ins
per second, and the p50/p99 latency of a scan. Set BENCH_ATTENDEES for another number.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ATTENDEES = int(os.environ.get("BENCH_ATTENDEES", "200"))
RETRIES = 20
DOUBLE_TAPS = 10
OPENING_AT_ONCE = 8
# The room signs in over half a minute; each person at their own random moment.
SPREAD_SECONDS = 30.0
RELOADS = 3
RELOADED: list[int] = []
TARGET_SECONDS = 60.0
ROOT = Path(__file__).resolve().parent.parent

SETUP = r"""
import datetime as dt, json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
from django.test import Client
from django.utils import timezone
from breakaway.accounts.models import Membership, Organisation, Role, User
from breakaway.courses.models import CourseDesign, CourseDesignVersion
from breakaway.delivery.links import attendee_link_create
from breakaway.delivery.models import Enrolment, StaffMember
from breakaway.scheduling.models import Assignment, Engagement, EngagementDay
from breakaway.trainers.models import Trainer

count = int(sys.argv[1])
provider = Organisation.objects.create(
    name="Bench Training", slug="bench-training", kind="provider"
)
client_org = Organisation.objects.create(
    name="Bench Trust", slug="bench-trust", kind="client", provider=provider
)
user = User.objects.create_user(
    email="trainer@bench.example", password="x", full_name="Bench Trainer"
)
Membership.objects.create(user=user, organisation=provider, role=Role.TRAINER)
trainer = Trainer.objects.create(user=user, provider=provider)
design = CourseDesign.objects.create(organisation=client_org, length="3h", headcount=count)
CourseDesignVersion.objects.create(design=design, number=1, inputs={}, course={"modules": []})
engagement = Engagement.objects.create(
    organisation=client_org, design=design, design_version=1, status="confirmed"
)
day = EngagementDay.objects.create(engagement=engagement, date=timezone.localdate())
Assignment.objects.create(engagement=engagement, trainer=trainer, status="published")
tokens = []
for n in range(count):
    person = StaffMember.objects.create(
        organisation=client_org, first_name=f"Person{n}", last_name="Bench",
        employee_number=str(100000 + n),
    )
    Enrolment.objects.create(engagement=engagement, staff_member=person)
    _link, token = attendee_link_create(
        staff_member=person, expires_at=timezone.now() + dt.timedelta(days=7)
    )
    tokens.append(token)
browser = Client()
browser.force_login(user)
session = browser.cookies["sessionid"].value
print(json.dumps({"day": day.pk, "tokens": tokens, "trainer_session": session}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own server
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"The server did not answer at {url}")


class Trainer(threading.Thread):
    """The trainer's phone: reloads the register's code every few seconds, as the page does."""

    def __init__(self, base: str, day: int, session: str) -> None:
        super().__init__(daemon=True)
        self.url = f"{base}/delivery/days/{day}/register/code/"
        self.session = session
        self.scan_url = ""
        self.stopped = threading.Event()
        self.ready = threading.Event()

    def refresh(self) -> None:
        request = urllib.request.Request(  # noqa: S310 - our own server
            self.url, headers={"Cookie": f"sessionid={self.session}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            page = response.read().decode()
        found = re.search(r'data-scan-url="([^"]+)"', page)
        if not found:
            raise RuntimeError("The register page shows no code.")
        self.scan_url = found[1]
        self.ready.set()

    def run(self) -> None:
        while not self.stopped.is_set():
            # A dropped connection: try again later, as the page's htmx does.
            with contextlib.suppress(OSError):
                self.refresh()
            self.stopped.wait(5)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _get(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with opener.open(url, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def _get_reloading(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, float]:
    """A request; a dropped connection is tried again, as a person taps reload (the request
    may have been served: the retry must not count twice)."""
    for _attempt in range(RELOADS - 1):
        try:
            return _get(opener, url)
        except OSError:
            RELOADED.append(1)
            time.sleep(1)
    return _get(opener, url)


def _scan_at(
    opener: urllib.request.OpenerDirector, trainer: Trainer, started: float
) -> tuple[int, float]:
    """Wait for this person's moment, then scan the code the trainer shows."""
    time.sleep(max(0.0, started + random.uniform(0, SPREAD_SECONDS) - time.perf_counter()))
    return _get_reloading(opener, trainer.scan_url)


def _together(work: list[Any]) -> list[Any]:
    """Run the callables in threads released at the same moment; their results in order."""
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def one(index: int) -> None:
        barrier.wait()
        results[index] = work[index]()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _play(base: str, setup: dict[str, Any], database: Path) -> dict[str, Any]:
    trainer = Trainer(base, setup["day"], setup["trainer_session"])
    trainer.start()
    if not trainer.ready.wait(60):
        raise RuntimeError("The trainer's register page did not load.")
    attendees = [_opener() for _ in setup["tokens"]]
    # Everyone opens their personal link first (a cookie remembers them in their browser),
    # as they would over the morning: a few at a time, not measured.
    links = [f"{base}/a/{token}/" for token in setup["tokens"]]
    with ThreadPoolExecutor(max_workers=OPENING_AT_ONCE) as pool:
        opened = list(pool.map(_get, attendees, links))
    if any(status != 200 for status, _ in opened):
        raise RuntimeError(f"Opening links failed: {[s for s, _ in opened if s != 200][:5]}")
    # Then each scans the code shown at their own moment within SPREAD_SECONDS of the start.
    started = time.perf_counter()
    scans = _together([lambda o=o: _scan_at(o, trainer, started) for o in attendees])
    wall = time.perf_counter() - started
    # A retry after a lost answer, and a double tap: two requests at once.
    retried = [_get_reloading(o, trainer.scan_url) for o in random.sample(attendees, RETRIES)]
    tapped = random.sample(attendees, DOUBLE_TAPS)
    doubled = _together([lambda o=o: _get_reloading(o, trainer.scan_url) for o in tapped + tapped])
    trainer.stopped.set()
    with sqlite3.connect(database) as db:
        rows, people = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT enrolment_id) FROM delivery_attendance"
        ).fetchone()
    failed = [s for s, _ in scans + retried + doubled if s != 200]
    return {
        "wall": wall,
        "latencies": [seconds for _, seconds in scans],
        "rows": rows,
        "people": people,
        "failed": failed,
        "reloads": len(RELOADED),
    }


def measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "register.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_MEDIA_ROOT": str(Path(folder) / "media"),
        }
        made = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", SETUP, str(ATTENDEES)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        setup = json.loads(made.stdout.strip().splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 - `make run`'s own command
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{base}/healthz")
            return _play(base, setup, database)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def run() -> list[tuple[str, float, str, float | None]]:
    figures = measure()
    assert not figures["failed"], f"Some sign-ins failed: {figures['failed'][:10]}"
    assert figures["rows"] == figures["people"] == ATTENDEES, figures
    wall = figures["wall"]
    latencies = figures["latencies"]
    return [
        (
            f"{ATTENDEES} sign-ins, over {SPREAD_SECONDS:.0f} s (target ≤ {TARGET_SECONDS:.0f} s)",
            wall,
            "s",
            wall / TARGET_SECONDS,
        ),
        ("sign-ins per second", ATTENDEES / wall, "/s", None),
        ("scans tried again after a dropped connection", figures["reloads"], "", None),
        ("scan latency p50", statistics.median(latencies) * 1000, "ms", None),
        ("scan latency p99", _percentile(latencies, 0.99) * 1000, "ms", None),
        (
            f"attendance rows after {RETRIES} retries and {DOUBLE_TAPS} double taps",
            figures["rows"],
            "rows",
            figures["rows"] / ATTENDEES,
        ),
    ]


if __name__ == "__main__":
    for what, figure, unit, ratio in run():
        print(f"{what:55} {figure:10.1f} {unit}" + (f"  ratio {ratio:.2f}" if ratio else ""))
