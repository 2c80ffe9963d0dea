"""Tasks of the operations app: ``record_effect`` is the probe the production tests and the load test enqueue to
see which worker ran what, and the pattern for an effect that must happen once."""

from __future__ import annotations

import time

from django.db import IntegrityError, transaction
from django_tasks import TaskContext, task

from .models import TaskEffect


@task(takes_context=True)
def record_effect(context: TaskContext, key: str, hold_seconds: float = 0.0) -> str:
    """Record the effect ``key`` once, naming the worker that ran it; ``hold_seconds`` keeps the task running
    (inside its transaction, so a worker killed meanwhile commits nothing) to let a test kill the worker."""
    worker_id = context.task_result.worker_ids[-1] if context.task_result.worker_ids else ""
    try:
        with transaction.atomic():
            TaskEffect.objects.create(key=key, worker_id=worker_id)
            if hold_seconds:
                time.sleep(hold_seconds)
    except IntegrityError:
        # Already done by an earlier attempt whose worker died after committing: the effect stays single.
        return TaskEffect.objects.get(key=key).worker_id
    return worker_id
