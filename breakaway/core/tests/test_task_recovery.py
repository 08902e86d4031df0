"""Background work survives a worker crash: a real `db_worker` is killed with SIGKILL in the
middle of a task; the task is requeued after its lease and another worker finishes it.
Failed tasks can be retried from the admin."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from breakaway.core.periodic import registered
from breakaway.core.task_recovery import lease, tasks_requeue_abandoned, tasks_retry
from breakaway.core.tests.processes import ROOT, process_env

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker(*extra: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        # --no-reload: one process, so SIGKILL kills the worker itself (the autoreloader
        # would leave its child running).
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", *extra],
        cwd=ROOT,
        env=process_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


def test_the_requeue_job_is_registered_for_tick():
    assert registered()["tasks_requeue_abandoned"] is tasks_requeue_abandoned


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_task_claimed_by_a_killed_worker_is_run_again_by_another(tmp_path):
    from breakaway.core.tests.task_fixtures import mark_then_wait

    result = mark_then_wait.using(backend="default").enqueue(folder=str(tmp_path), seconds=30)
    worker = _worker()
    try:
        _wait_for(lambda: (tmp_path / "started-1").exists())
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.RUNNING  # left claimed by the dead worker
    assert not (tmp_path / "done").exists()

    # Within the lease nothing moves (the worker might only be slow) ...
    assert tasks_requeue_abandoned(timezone.now())["requeued"] == 0
    # ... after it, the task goes back in the queue, once.
    later = timezone.now() + lease() + dt.timedelta(seconds=1)
    assert tasks_requeue_abandoned(later)["requeued"] == 1
    assert tasks_requeue_abandoned(later)["requeued"] == 0

    mark_then_wait_fast = DBTaskResult.objects.filter(id=result.id)
    mark_then_wait_fast.update(
        args_kwargs={"args": [], "kwargs": {"folder": str(tmp_path), "seconds": 0}}
    )
    second = _worker("--batch")
    assert second.wait(timeout=120) == 0
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert (tmp_path / "done").read_text() == "2"
    assert len(row.worker_ids) == 2  # two workers claimed it: the dead one and the second


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_failed_tasks_can_be_retried_and_other_tasks_are_untouched(tmp_path):
    from breakaway.core.tests.task_fixtures import always_fails, mark_then_wait

    failed = always_fails.using(backend="default").enqueue()
    ready = mark_then_wait.using(backend="default").enqueue(folder=str(tmp_path), seconds=0)
    DBTaskResult.objects.filter(id=failed.id).update(
        status=TaskResultStatus.FAILED, exception_class_path="builtins.RuntimeError", traceback="x"
    )
    assert tasks_retry(DBTaskResult.objects.all()) == 1
    row = DBTaskResult.objects.get(id=failed.id)
    assert (row.status, row.traceback, row.exception_class_path) == (TaskResultStatus.READY, "", "")
    assert DBTaskResult.objects.get(id=ready.id).status == TaskResultStatus.READY


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_the_admin_lists_failures_and_retries_them(admin_client):
    from breakaway.core.tests.task_fixtures import always_fails

    failed = always_fails.using(backend="default").enqueue()
    DBTaskResult.objects.filter(id=failed.id).update(
        status=TaskResultStatus.FAILED, exception_class_path="builtins.RuntimeError"
    )
    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert page.status_code == 200
    assert "builtins.RuntimeError" in page.content.decode()
    response = admin_client.post(
        "/admin/django_tasks_database/dbtaskresult/",
        {"action": "retry_failed", "_selected_action": [str(failed.id)]},
        follow=True,
    )
    assert response.status_code == 200
    assert DBTaskResult.objects.get(id=failed.id).status == TaskResultStatus.READY
    from breakaway.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="task.retry").count() == 1
