"""Periodic jobs: apps register a function here and `manage.py tick` runs them all.

A job is `fn(now) -> dict of counts` (what it did, for the operator) and must be idempotent:
the tick may run every few minutes, twice at once, or after a long gap. Register jobs from
an app's `AppConfig.ready()`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Job = Callable[[datetime.datetime], dict[str, int]]

_jobs: dict[str, Job] = {}


def register(name: str, job: Job) -> Job:
    """Add a job under a unique name (registering the same function again is harmless)."""
    if _jobs.get(name, job) is not job:
        raise ValueError(f"A different periodic job is already registered as {name!r}.")
    _jobs[name] = job
    return job


def registered() -> dict[str, Job]:
    """The jobs, by name, in the order they were registered."""
    return dict(_jobs)


def run_jobs(now: datetime.datetime, names: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Run each job (or those named) at `now`; a failing job is reported and the rest still run."""
    results: dict[str, dict[str, Any]] = {}
    for name, job in _jobs.items():
        if names and name not in names:
            continue
        try:
            results[name] = dict(job(now))
        except Exception as error:  # one job's bug must not stop the reminders of another
            logger.exception("Periodic job %s failed", name)
            results[name] = {"error": f"{type(error).__name__}: {error}"}
    return results
