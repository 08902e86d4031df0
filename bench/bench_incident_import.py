"""Import a 1,000,000-row incident export end to end, and profile it.

Targets (the needs-assessment issue): import ≤ 60 s with ≤ 1.5 GB peak memory on 2 cores;
the incident profile over a million incidents ≤ 2 s. The ratio printed for the import is
its time over a bare `csv.reader` pass over the same file. Set BENCH_ROWS for a smaller run.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.incident_data import write_incident_csv, write_incident_xlsx

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
XLSX_ROWS = int(os.environ.get("BENCH_XLSX_ROWS", "100000"))

CHILD = r"""
import json, sys, time
import django
django.setup()
from django.core.management import call_command
from breakaway.accounts.services import organisation_create
call_command("migrate", verbosity=0)
org = organisation_create(name="Bench Trust", sector="nhs-mental-health", headcount=4000)
from breakaway.assessments.incident_services import incidents_import
from pathlib import Path
started = time.perf_counter()
result = incidents_import(organisation=org, path=Path(sys.argv[1]))
import_seconds = time.perf_counter() - started
profile_seconds = None
try:
    from breakaway.assessments.incident_selectors import incident_profile_for
    started = time.perf_counter()
    incident_profile_for(organisation=org, date_from=None, date_to=None)
    profile_seconds = time.perf_counter() - started
except ImportError:
    pass
print(json.dumps({"import_seconds": import_seconds, "imported": result.imported,
                  "rows": result.rows, "profile_seconds": profile_seconds}))
"""


def _bare_csv_seconds(path: Path) -> float:
    started = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        for _row in csv.reader(handle):
            pass
    return time.perf_counter() - started


def _import_in_child(folder: str, path: Path) -> dict:
    """Import into a fresh SQLite database in a child process (so its memory is its own)."""
    database = Path(folder) / f"{path.stem}.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run() -> list[tuple[str, float, str, float | None]]:
    with tempfile.TemporaryDirectory() as folder:
        path = write_incident_csv(Path(folder) / "incidents.csv", ROWS)
        bare = _bare_csv_seconds(path)
        figures = _import_in_child(folder, path)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        xlsx = _import_in_child(
            folder, write_incident_xlsx(Path(folder) / "incidents.xlsx", XLSX_ROWS)
        )
    assert figures["imported"] == ROWS, figures
    assert xlsx["imported"] == XLSX_ROWS, xlsx
    results = [
        (f"bare csv.reader pass, {ROWS:,} rows", bare, "s", None),
        (
            f"import_incidents, {ROWS:,} rows (target ≤ 60 s)",
            figures["import_seconds"],
            "s",
            figures["import_seconds"] / bare,
        ),
        ("peak memory of the import process (target ≤ 1536 MB)", peak_mb, "MB", peak_mb / 1536),
    ]
    results.append(
        (
            f"import_incidents, {XLSX_ROWS:,}-row XLSX (target ≤ 30 s)",
            xlsx["import_seconds"],
            "s",
            xlsx["import_seconds"] / 30,
        )
    )
    if figures["profile_seconds"] is not None:
        results.append(
            (
                f"incident profile over {ROWS:,} (target ≤ 2 s)",
                figures["profile_seconds"],
                "s",
                figures["profile_seconds"] / 2,
            )
        )
    return results
