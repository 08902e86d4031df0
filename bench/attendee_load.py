"""Shared by the load and crash benchmarks and by the crash-recovery test: attendees answering
questionnaires over HTTP against a real gunicorn.

- `seed` (run where Django is set up) makes a course today with N people, each with a live
  personal link already opened in their "phone" (the cookie remembering it, as opening
  `/a/<token>/` sets) and a CSRF cookie; the pre and post questionnaires are open.
- `Phone` is one attendee's client: one HTTP connection kept for its requests, its cookies.
- `Gunicorn` starts the server with config/gunicorn_conf.py, kills it (SIGKILL to the whole
  process group: master and workers, as a crash or an OOM kill would) and starts it again.
- `stored` (run where Django is set up) reads back what the database holds, and `check`
  compares it with what the phones were told.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CSRF_CHARS = string.ascii_letters + string.digits
# What counts as the server being unreachable for a moment: refused, reset, closed mid-answer.
DROPPED = (OSError, http.client.HTTPException)


# Seeding and reading back (inside a Django process) -------------------------------------------


def _part(questionnaire: Any, version: Any) -> dict[str, Any]:
    """One instrument of one questionnaire, as the phones need it: its pages' items."""
    from breakaway.evaluation.instruments import parse_instrument
    from breakaway.evaluation.questionnaire_selectors import instrument_pages

    pages = []
    for page in instrument_pages(parse_instrument(version.definition)):
        pages.append(
            [
                {
                    "id": item.id,
                    "type": item.type,
                    "low": int(item.min or 0),
                    "high": int(item.max or 0),
                    "options": list(item.options),
                }
                for item in page
            ]
        )
    return {
        "questionnaire": questionnaire.pk,
        "version": version.pk,
        "phase": questionnaire.phase,
        "pages": pages,
    }


def seed(count: int, prefill: bool = False) -> dict[str, Any]:
    """A course today with `count` people on it and their open questionnaires (pre: two
    instruments, post: three). With `prefill`, every instrument's answers are saved already
    (as the question pages would), ready to send. Returns the parts and the attendees."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from breakaway.accounts.models import Organisation
    from breakaway.courses.models import CourseDesign, CourseDesignVersion
    from breakaway.delivery.links import attendee_cookie, attendee_link_create
    from breakaway.delivery.models import Enrolment, StaffMember
    from breakaway.evaluation.models import Response
    from breakaway.evaluation.questionnaire_services import questionnaires_ensure
    from breakaway.scheduling.models import Engagement, EngagementDay

    with transaction.atomic():
        tag = secrets.token_hex(4)
        provider = Organisation.objects.create(
            name=f"Load Training {tag}", slug=f"load-training-{tag}", kind="provider"
        )
        client_org = Organisation.objects.create(
            name=f"Load Trust {tag}", slug=f"load-trust-{tag}", kind="client", provider=provider
        )
        design = CourseDesign.objects.create(organisation=client_org, length="3h", headcount=count)
        CourseDesignVersion.objects.create(
            design=design, number=1, inputs={}, course={"modules": []}
        )
        engagement = Engagement.objects.create(
            organisation=client_org,
            design=design,
            design_version=1,
            status=Engagement.Status.CONFIRMED,
        )
        EngagementDay.objects.create(engagement=engagement, date=timezone.localdate())
        questionnaires = [
            q
            for q in questionnaires_ensure(engagement=engagement)
            if q.opens_at <= timezone.now() < q.closes_at
        ]
        parts = [
            _part(q, v)
            for q in questionnaires
            for v in sorted(q.instruments.all(), key=lambda v: v.pk)
        ]
        attendees: list[dict[str, Any]] = []
        expires = timezone.now() + dt.timedelta(days=7)
        for n in range(count):
            person = StaffMember.objects.create(
                organisation=client_org,
                first_name=f"Person{n}",
                last_name="Load",
                employee_number=f"L{n:06d}",
            )
            enrolment = Enrolment.objects.create(engagement=engagement, staff_member=person)
            link, _token = attendee_link_create(staff_member=person, expires_at=expires)
            cookie = "=".join(attendee_cookie(link))
            csrf = "".join(secrets.choice(CSRF_CHARS) for _ in range(32))
            attendees.append(
                {
                    "index": n,
                    "enrolment": enrolment.pk,
                    "cookie": cookie,
                    "csrf": csrf,
                }
            )
        if prefill:
            Response.objects.bulk_create(
                Response(
                    questionnaire_id=part["questionnaire"],
                    enrolment_id=attendee["enrolment"],
                    instrument_version_id=part["version"],
                    answers=expected_answers(part, attendee["index"]),
                )
                for attendee in attendees
                for part in parts
            )
    return {"engagement": engagement.pk, "parts": parts, "attendees": attendees}


def settle() -> None:
    """After seeding: fresh planner statistics and no dead rows, as a database in use has, so
    that PostgreSQL's autovacuum does not wake to tidy the seed while we measure."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")


def stored(engagement: int) -> list[list[Any]]:
    """Every response of the engagement's people: [enrolment, questionnaire, version, source,
    submitted, answers, times the submission was recorded in the audit trail]."""
    from django.db.models import Count

    from breakaway.core.models import AuditEntry
    from breakaway.evaluation.models import Response

    audited = dict(
        AuditEntry.objects.filter(action="response.submit", object_type="evaluation.response")
        .values("object_id")
        .annotate(n=Count("id"))
        .values_list("object_id", "n")
    )
    return [
        [
            r.enrolment_id,
            r.questionnaire_id,
            r.instrument_version_id,
            r.source,
            r.submitted_at is not None,
            r.answers,
            audited.get(str(r.pk), 0),
        ]
        for r in Response.objects.filter(questionnaire__engagement_id=engagement)
    ]


def in_django(env: dict[str, str], function: str, *args: Any) -> Any:
    """Call a function (of this module, or "module:function") in a fresh Django process with
    `env`; its JSON result."""
    module, _colon, name = function.rpartition(":")
    script = (
        "import importlib, json, sys, django\n"
        "django.setup()\n"
        f"function = getattr(importlib.import_module({module or __name__!r}), {name!r})\n"
        "print('RESULT ' + json.dumps(function(*json.loads(sys.argv[1]))))\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", script, json.dumps(args)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"{function} failed:\n{done.stderr[-3000:]}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


# Answers --------------------------------------------------------------------------------------


def _value(item: dict[str, Any], index: int) -> str:
    """Person `index`'s answer to an item, as the form sends it (varied, so that one person's
    answers could not pass for another's)."""
    if item["type"] == "scale":
        return str(item["low"] + index % (item["high"] - item["low"] + 1))
    if item["type"] == "choice":
        return str(item["options"][index % len(item["options"])])
    return f"Answer from person {index}"


def page_data(part: dict[str, Any], page: int, index: int) -> dict[str, str]:
    return {item["id"]: _value(item, index) for item in part["pages"][page]}


def expected_answers(part: dict[str, Any], index: int) -> dict[str, Any]:
    """The answers the database should hold once person `index` has sent every page."""
    answers: dict[str, Any] = {}
    for page in part["pages"]:
        for item in page:
            value = _value(item, index)
            answers[item["id"]] = int(value) if item["type"] == "scale" else value
    return answers


def part_paths(part: dict[str, Any]) -> tuple[list[str], str]:
    """The question pages' addresses and the check-and-send page's."""
    base = f"/evaluation/q/{part['questionnaire']}/{part['version']}"
    pages = [f"{base}/{n}/" for n in range(1, len(part["pages"]) + 1)]
    return pages, f"{base}/check/"


# The client -----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    location: str
    seconds: float


class Phone:
    """One attendee's phone: its cookies, and one connection kept open between requests (the
    server may close it; it is opened again for the next request)."""

    def __init__(self, port: int, attendee: dict[str, Any] | None = None, timeout: float = 60):
        self.port = port
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None
        self.use(attendee)

    def use(self, attendee: dict[str, Any] | None) -> None:
        """Send this attendee's cookies from now on (None: a browser that opened no link)."""
        attendee = attendee or {}
        self.csrf = attendee.get("csrf") or "".join(secrets.choice(CSRF_CHARS) for _ in range(32))
        cookies = [f"csrftoken={self.csrf}"]
        if attendee.get("cookie"):
            cookies.append(attendee["cookie"])
        self.cookie = "; ".join(cookies)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def post(self, path: str, data: dict[str, str] | None = None) -> Answer:
        """POST a form as the browser would (with its CSRF token); a dropped connection raises
        one of DROPPED and closes this connection."""
        body = urllib.parse.urlencode({**(data or {}), "csrfmiddlewaretoken": self.csrf})
        headers = {
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Connection": "keep-alive",
        }
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, self.timeout)
        started = time.perf_counter()
        try:
            self.connection.request("POST", path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
        except DROPPED:
            self.close()
            raise
        if response.will_close:
            self.close()
        return Answer(
            response.status, response.getheader("Location", ""), time.perf_counter() - started
        )


def sent(answer: Answer) -> bool:
    """The check page's answer to "send" when the answers are stored as sent: off to done."""
    return answer.status == 302 and answer.location.rstrip("/").endswith("/done")


# The server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Gunicorn:
    """gunicorn with our config on a fixed port, in its own process group."""

    def __init__(self, env: dict[str, str], workers: int, log: Path, port: int | None = None):
        self.port = port or free_port()
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESS_LOG": "/dev/null",
        }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, wait: float = 90) -> float:
        """Start it and wait until every worker can answer; the seconds it took."""
        started = time.perf_counter()
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=out,
                start_new_session=True,
            )
        self.starts += 1
        deadline = time.monotonic() + wait
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return time.perf_counter() - started
            except DROPPED:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"gunicorn did not start:\n{tail}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL to master and workers at once: nothing gets to finish or clean up."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


# Checking -------------------------------------------------------------------------------------


@dataclass
class Check:
    acknowledged: int
    stored: int  # acknowledged and stored as sent, with the answers given
    lost: list[Any]  # acknowledged but not stored as sent, or with other answers
    duplicated: list[Any]  # more than one online response, or a submission recorded twice
    sent_unacknowledged: int  # stored as sent although the phone never heard (allowed)


def check(
    rows: list[list[Any]],
    acknowledged: set[tuple[int, int, int]],
    parts: list[dict[str, Any]],
    attendees: list[dict[str, Any]],
) -> Check:
    """Compare the database with what the phones were told."""
    by_key: dict[tuple[int, int, int], list[list[Any]]] = {}
    for row in rows:
        if row[3] == "online":
            by_key.setdefault((row[0], row[1], row[2]), []).append(row)
    index = {a["enrolment"]: a["index"] for a in attendees}
    part_of = {(p["questionnaire"], p["version"]): p for p in parts}
    lost, duplicated = [], []
    for key, found in by_key.items():
        if len(found) > 1 or any(row[6] > 1 or row[6] != int(row[4]) for row in found):
            duplicated.append([key, [[r[4], r[6]] for r in found]])
    for key in sorted(acknowledged):
        found = by_key.get(key, [])
        want = expected_answers(part_of[key[1:]], index[key[0]])
        if not (len(found) == 1 and found[0][4] and found[0][5] == want):
            lost.append([key, found])
    sent_quietly = sum(
        1 for key, found in by_key.items() if key not in acknowledged and any(r[4] for r in found)
    )
    return Check(
        acknowledged=len(acknowledged),
        stored=len(acknowledged) - len(lost),
        lost=lost,
        duplicated=duplicated,
        sent_unacknowledged=sent_quietly,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
