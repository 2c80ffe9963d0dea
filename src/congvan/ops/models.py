"""Rows the task workers keep about themselves, and the ledger that makes a task's effect happen once."""

from __future__ import annotations

from django.db import models


class WorkerLease(models.Model):
    """A running ``congvan worker``: renewed every few seconds while it lives.

    django-tasks-db marks a claimed task RUNNING and never looks at it again; a worker killed mid-task would
    leave it RUNNING for ever. A task whose worker's lease has expired is put back in the queue
    (``congvan.ops.leases.recover_stale``)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    renewed_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class TaskEffect(models.Model):
    """One effect of a task, under a key unique to that effect: a task run again after its worker died finds
    the key and does not repeat what was already committed."""

    key = models.CharField(max_length=200, unique=True)
    worker_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
