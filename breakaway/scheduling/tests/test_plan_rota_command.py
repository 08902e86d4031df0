"""`manage.py plan_rota`: files in and out, exit codes, and one clean JSON document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from bench.rota_instances import gen
from breakaway.scheduling.tests import rota_checker

CONTRACT = {"assignments", "unassigned", "cost", "lower_bound_cost", "status", "solve_seconds"}


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in its own process, as a script would, to see exactly what it prints."""
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "plan_rota", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_plan_is_written_and_json_mode_prints_one_clean_document(tmp_path: Path):
    data = gen(8, 40, seed=3)
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(data))
    done = _manage("--input", str(source), "--output", str(target), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)  # nothing else on stdout, not even the solver's banner
    result = json.loads(target.read_text())
    assert set(result) >= CONTRACT
    assert summary["status"] == result["status"] == "optimal"
    assert rota_checker.violations(data, result) == []
    assert not (tmp_path / "out.json.partial").exists()


def test_greedy_and_a_time_limit(tmp_path: Path):
    data = gen(8, 40, seed=4)
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(data))
    call_command(
        "plan_rota",
        "--input",
        str(source),
        "--output",
        str(target),
        "--solver",
        "greedy",
        "--time-limit",
        "5",
    )
    result = json.loads(target.read_text())
    assert result["status"] == "feasible"
    assert rota_checker.violations(data, result) == []


def test_invalid_input_exits_2_listing_every_problem_and_writes_nothing(tmp_path: Path):
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps({"horizon": {}, "trainers": [], "engagements": [{"id": "E1"}]}))
    done = _manage("--input", str(source), "--output", str(target), "--json")
    assert done.returncode == 2
    errors = json.loads(done.stdout)["errors"]
    assert "horizon.start is missing (a date, YYYY-MM-DD)" in errors
    assert "engagements[0].venue is missing (an object with lat and lon)" in errors
    assert "engagements[0].days must be a list of dates" in errors
    assert not target.exists()


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [(None, 1, "cannot read"), ("{not json", 1, "is not JSON")],
)
def test_unreadable_input_exits_1(tmp_path: Path, content, code, message):
    source = tmp_path / "in.json"
    if content is not None:
        source.write_text(content)
    done = _manage("--input", str(source), "--output", str(tmp_path / "out.json"))
    assert done.returncode == code
    assert message in done.stderr


def test_a_time_limit_must_be_positive(tmp_path: Path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(gen(2, 2, seed=1)))
    done = _manage(
        "--input", str(source), "--output", str(tmp_path / "o.json"), "--time-limit", "0"
    )
    assert done.returncode == 2
    assert "--time-limit must be more than 0 seconds" in done.stderr
