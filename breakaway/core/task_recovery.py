"""Background work that survives a worker crash.

Tasks live in the database (django-tasks' database backend), so nothing queued is lost when
a worker dies. A task the dead worker had claimed stays "running" for ever, though: the
periodic job `tasks_requeue_abandoned` puts any task running for longer than the lease
(`BREAKAWAY_TASK_LEASE_MINUTES`, longer than any of our tasks takes) back in the queue, and
another worker picks it up. Delivery is therefore at least once: every task handler is
idempotent or harmless to repeat (an e-mail may, rarely, arrive twice).

Failed tasks are listed in the admin (Task results), where an administrator can retry them.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def lease() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "BREAKAWAY_TASK_LEASE_MINUTES", 30))


def tasks_requeue_abandoned(now: dt.datetime) -> dict[str, int]:
    """The periodic job: tasks claimed longer ago than the lease go back in the queue."""
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - lease()
        )
        ids = list(stale.values_list("id", flat=True))
        if ids:
            DBTaskResult.objects.filter(id__in=ids).update(
                status=TaskResultStatus.READY, started_at=None
            )
            logger.warning("Requeued %d tasks abandoned by a worker: %s", len(ids), ids)
    return {"requeued": len(ids)}


def tasks_retry(results: Any) -> int:
    """Put failed tasks back in the queue (the admin's "Retry" action); how many."""
    return results.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        started_at=None,
        finished_at=None,
        exception_class_path="",
        traceback="",
        return_value=None,
    )
