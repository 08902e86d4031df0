"""Tasks for the worker-crash test: importable by a real `db_worker` process."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def mark_then_wait(folder: str, seconds: float) -> str:
    """Write `started-<n>` (n: how many times this ran), wait, then write `done`: a worker
    killed while waiting leaves `started` without `done`."""
    base = Path(folder)
    runs = len(list(base.glob("started-*"))) + 1
    (base / f"started-{runs}").write_text("")
    time.sleep(seconds)
    (base / "done").write_text(str(runs))
    return "done"


@task()
def always_fails() -> None:
    raise RuntimeError("This task always fails (test).")
