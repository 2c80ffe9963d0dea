"""Recovery of tasks left RUNNING by a dead worker (issue 10: killing a worker mid-task loses no task).

django-tasks-db never re-claims a RUNNING task; ``congvan.ops.leases.recover_stale`` (run by every live
``congvan worker``) puts it back in the queue when the worker that claimed it holds no live lease."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def running_task(*, worker_ids: list[str], started_seconds_ago: float):
    from django_tasks_db.models import DBTaskResult

    from congvan.ops.tasks import record_effect

    result = record_effect.enqueue("k", 0)
    row = DBTaskResult.objects.get(id=result.id)
    row.status = "RUNNING"
    row.worker_ids = worker_ids
    row.started_at = timezone.now() - dt.timedelta(seconds=started_seconds_ago)
    row.save()
    return row


def lease(worker_id: str, *, renewed_seconds_ago: float) -> None:
    from congvan.ops.models import WorkerLease

    now = timezone.now()
    WorkerLease.objects.create(
        worker_id=worker_id,
        host="h",
        pid=1,
        started_at=now,
        renewed_at=now - dt.timedelta(seconds=renewed_seconds_ago),
    )


@pytest.mark.parametrize(
    ("renewed_seconds_ago", "expected"),
    [(None, "READY"), (120, "READY"), (5, "RUNNING")],
    ids=["no-lease", "lease-expired", "lease-live"],
)
def test_running_task_goes_back_to_the_queue_only_when_its_worker_lease_is_gone(
    renewed_seconds_ago, expected
):
    """A task whose worker holds a live lease is left alone; one whose worker's lease is missing or expired is
    requeued."""
    from congvan.ops.leases import recover_stale

    row = running_task(worker_ids=["w1"], started_seconds_ago=300)
    if renewed_seconds_ago is not None:
        lease("w1", renewed_seconds_ago=renewed_seconds_ago)
    recover_stale(lease_seconds=30)
    row.refresh_from_db()
    assert row.status == expected


def test_task_claimed_less_than_a_lease_ago_is_not_recovered():
    """A task claimed a moment ago is never taken from under its worker, even before the lease shows."""
    from congvan.ops.leases import recover_stale

    row = running_task(worker_ids=["new"], started_seconds_ago=1)
    assert recover_stale(lease_seconds=30) == (0, 0)
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_task_that_lost_its_worker_too_often_is_failed_not_requeued():
    """A task that kills every worker that runs it stops going round after the maximum attempts."""
    from congvan.ops.leases import recover_stale

    row = running_task(worker_ids=["a", "b", "c"], started_seconds_ago=300)
    assert recover_stale(lease_seconds=30, max_attempts=3) == (0, 1)
    row.refresh_from_db()
    assert (row.status, row.exception_class_path) == ("FAILED", "congvan.ops.leases.WorkerLost")


def test_effect_recorded_by_an_earlier_attempt_is_not_repeated():
    """The probe task run again after an attempt that committed its effect finds the key and adds nothing."""
    from django_tasks_db.models import DBTaskResult

    from congvan.ops.models import TaskEffect
    from congvan.ops.tasks import record_effect

    TaskEffect.objects.create(key="k", worker_id="first")
    row = running_task(worker_ids=["first", "second"], started_seconds_ago=0)
    task_result = DBTaskResult.objects.get(id=row.id).task_result
    from django_tasks import TaskContext

    assert record_effect.call(TaskContext(task_result=task_result), "k") == "first"
    assert TaskEffect.objects.filter(key="k").count() == 1
