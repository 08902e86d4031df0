"""Run the periodic jobs once: reminders, expiries, follow-ups. Cron or `serve` calls it."""

from __future__ import annotations

import datetime
import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from breakaway.core import periodic
from breakaway.core.management.base import EXIT_UNUSABLE, CommandFailed, JsonCommand


def parse_now(value: str) -> datetime.datetime:
    """An ISO date-time; without a zone it is London time, as on every page."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandFailed(
            f"--now must be an ISO date and time, like 2026-11-27T09:00, not {value!r}."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(JsonCommand):
    failed: list[str]
    help = (
        "Run every periodic job once (idempotent: running it again sends nothing twice) and "
        "print what each did. Run it from cron every 10 minutes or so."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="Act as if it were this ISO date-time (London time without a zone)."
        )
        parser.add_argument(
            "--job",
            action="append",
            dest="jobs",
            choices=sorted(periodic.registered()),
            help="Run only this job (repeat for several).",
        )

    def run(self, **options: Any) -> dict[str, Any]:
        now = parse_now(options["now"]) if options.get("now") else timezone.now()
        results = periodic.run_jobs(now, options.get("jobs"))
        self.failed = [name for name, counts in results.items() if "error" in counts]
        return {"now": now.isoformat(), "jobs": results}

    def describe(self, result: Any) -> str:
        lines = [f"Tick at {result['now']}"]
        for name, counts in result["jobs"].items():
            done = ", ".join(f"{key} {value}" for key, value in counts.items()) or "nothing"
            lines.append(f"  {name}: {done}")
        return "\n".join(lines)

    def handle(self, *args: Any, **options: Any) -> None:
        self.failed = []
        super().handle(*args, **options)
        if self.failed:
            self.stderr.write("These jobs failed: " + ", ".join(self.failed))
            sys.exit(EXIT_UNUSABLE)
