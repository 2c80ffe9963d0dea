"""Worker leases and the recovery of tasks whose worker died.

django-tasks-db claims a task by marking it RUNNING with the worker's id and never looks at it again (read in
``django_tasks_db/management/commands/db_worker.py``: no heartbeat, no timeout). Each ``congvan worker`` therefore
renews a lease row every ``LEASE_SECONDS / 3`` seconds; any worker, on each renewal, puts back in the queue the
RUNNING tasks whose last worker holds no live lease. A task that has already been claimed ``MAX_ATTEMPTS`` times
is marked failed instead, so that a task that kills its worker (memory, a crash in C code) cannot go round for
ever. Tasks must make their effects idempotent (``congvan.ops.models.TaskEffect``): a task run again may have
committed its effect before its worker died.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerLease

logger = logging.getLogger("congvan.worker")

LEASE_SECONDS = float(os.environ.get("CONGVAN_WORKER_LEASE_SECONDS", "30"))
MAX_ATTEMPTS = int(os.environ.get("CONGVAN_WORKER_MAX_ATTEMPTS", "5"))


def renew(*, worker_id: str, host: str, pid: int, started_at: dt.datetime) -> None:
    now = timezone.now()
    updated = WorkerLease.objects.filter(worker_id=worker_id).update(renewed_at=now)
    if not updated:
        WorkerLease.objects.update_or_create(
            worker_id=worker_id,
            defaults={"host": host, "pid": pid, "started_at": started_at, "renewed_at": now},
        )


def release(worker_id: str) -> None:
    WorkerLease.objects.filter(worker_id=worker_id).delete()


def recover_stale(*, lease_seconds: float | None = None, max_attempts: int | None = None) -> tuple[int, int]:
    """Requeue the RUNNING tasks of dead workers; returns (requeued, failed)."""
    lease = LEASE_SECONDS if lease_seconds is None else lease_seconds
    attempts = MAX_ATTEMPTS if max_attempts is None else max_attempts
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=lease)
    requeued = failed = 0
    with transaction.atomic():
        alive = set(WorkerLease.objects.filter(renewed_at__gte=cutoff).values_list("worker_id", flat=True))
        # A task claimed a moment ago by a worker that has not written its lease yet cannot be here: a worker
        # writes its lease before it claims anything.
        running = list(
            DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .only("id", "worker_ids", "status", "task_path")
        )
        for row in running:
            if row.worker_ids and row.worker_ids[-1] in alive:
                continue
            if len(row.worker_ids) >= attempts:
                row.status = TaskResultStatus.FAILED
                row.finished_at = now
                row.exception_class_path = "congvan.ops.leases.WorkerLost"
                row.traceback = (
                    f"worker {row.worker_ids[-1] if row.worker_ids else '?'} died; {attempts} attempts"
                )
                row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
                logger.error(
                    "task failed after lost workers", extra={"task_id": str(row.id), "task": row.task_path}
                )
            else:
                row.status = TaskResultStatus.READY
                row.save(update_fields=["status"])
                requeued += 1
                logger.warning(
                    "task requeued: its worker died",
                    extra={"task_id": str(row.id), "task": row.task_path, "worker_id": row.worker_ids[-1:]},
                )
        WorkerLease.objects.filter(renewed_at__lt=now - dt.timedelta(seconds=lease * 10)).delete()
    return requeued, failed
