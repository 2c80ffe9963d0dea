"""The worker's fixed statements on PostgreSQL (``congvan.ops.task_worker``, issue 10) against django-tasks-db's
own ORM code: the same task claimed, the same columns written, SKIP LOCKED between two workers, and a batch
worker draining a queue. The statements exist only on PostgreSQL; elsewhere the library's loop runs and these
tests are skipped, but the guard on the library's code they copy runs everywhere."""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

pytestmark = pytest.mark.django_db

TASK = "congvan.ops.tasks.record_effect"


ANY_DATABASE = {"test_library_code_copied_by_the_worker_is_unchanged"}


@pytest.fixture(autouse=True)
def _postgres_only(request) -> None:
    if connection.vendor != "postgresql" and request.function.__name__ not in ANY_DATABASE:
        pytest.skip("PostgreSQL only")


# The library's code that congvan.ops.task_worker copies or mirrors, by the hash of its source (django-tasks-db 0.13).
LIBRARY_SOURCES = {
    "Worker.run": "99b3cb9412f20cf9",
    "Command.handle": "f4126866e4196170",
    "DBTaskResult.claim": "04900eaecf8a5fef",
    "DBTaskResult.set_successful": "4fe5bce15b001a56",
    "DBTaskResult.set_failed": "ce4256ecd8796876",
    "DBTaskResultQuerySet.ready": "0ada290f2e295154",
    "DBTaskResultQuerySet.get_locked": "76f9642c78cbf1ed",
}


def test_library_code_copied_by_the_worker_is_unchanged():
    """An upgrade of django-tasks-db that changes the loop, the claim, the result writes or the order fails
    here: read the new code, bring congvan/ops/task_worker.py in line, then record the new hashes."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

    code = [
        db_worker.Worker.run,
        db_worker.Command.handle,
        DBTaskResult.claim,
        DBTaskResult.set_successful,
        DBTaskResult.set_failed,
        DBTaskResultQuerySet.ready,
        DBTaskResultQuerySet.get_locked,
    ]
    found = {f.__qualname__: hashlib.sha256(inspect.getsource(f).encode()).hexdigest()[:16] for f in code}
    assert found == LIBRARY_SOURCES
    assert [str(o) for o in DBTaskResult._meta.ordering] == [
        "OrderBy(F(priority), descending=True)",
        "OrderBy(F(run_after), descending=False)",
        "OrderBy(F(enqueued_at), descending=False)",
    ]


def queued(key: str, *, priority: int = 0, run_after=None, queue: str = "default", backend: str = "default"):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        task_path=TASK,
        args_kwargs={"args": [key], "kwargs": {}},
        priority=priority,
        run_after=run_after,
        queue_name=queue,
        backend_name=backend,
    )


def library_pick(*, queues: list[str] | None = None, excluded: list[str] | None = None):
    """The row the library's loop would lock (``db_worker.Worker.run``'s query)."""
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.ready().filter(backend_name="default")
    if queues is not None:
        tasks = tasks.filter(queue_name__in=queues)
    if excluded:
        tasks = tasks.exclude(queue_name__in=excluded)
    with transaction.atomic():
        return tasks.get_locked()


def fast_claim(*, queues: list[str] | None = None, excluded: list[str] | None = None, worker: str = "w1"):
    from congvan.ops.task_worker import claim

    with transaction.atomic():
        return claim(
            worker_id=worker, backend_name="default", queue_names=queues, excluded_queue_names=excluded or []
        )


def key_of(result) -> str | None:
    return None if result is None else result.args_kwargs["args"][0]


SOON = dt.timedelta(hours=1)

ORDER_CASES = {
    "priority-first": ([("low", 0, None), ("high", 5, None)], "high"),
    "earlier-run-after-first": ([("later", 0, -10), ("earlier", 0, -60)], "earlier"),
    "enqueued-first-on-ties": ([("first", 0, None), ("second", 0, None)], "first"),
    "no-run-after-after-past-run-after": ([("none", 0, None), ("past", 0, -60)], "past"),
    "future-run-after-not-ready": ([("future", 9, 3600)], None),
    "future-skipped-for-ready": ([("future", 9, 3600), ("now", 0, None)], "now"),
}


@pytest.mark.parametrize(("rows", "expected"), list(ORDER_CASES.values()), ids=list(ORDER_CASES))
def test_claims_the_task_the_library_would_claim(rows, expected):
    """The claim takes the library's next task: priority DESC, run_after ASC, enqueued_at ASC, among READY tasks
    whose run_after is unset or past."""
    now = timezone.now()
    for key, priority, seconds in rows:
        queued(
            key, priority=priority, run_after=None if seconds is None else now + dt.timedelta(seconds=seconds)
        )
    assert key_of(library_pick()) == expected
    assert key_of(fast_claim()) == expected


QUEUE_CASES = {
    "one-queue": (["mail"], [], "m"),
    "several-queues": (["mail", "index"], [], "i"),
    "all-queues": (None, [], "i"),
    "all-but-excluded": (None, ["index"], "m"),
    "none-matching": (["other"], [], None),
}


@pytest.mark.parametrize(
    ("queues", "excluded", "expected"), list(QUEUE_CASES.values()), ids=list(QUEUE_CASES)
)
def test_claims_only_the_worker_queues_and_backend(queues, excluded, expected):
    """Only the worker's backend and queues are claimed; '*' means every queue, minus the excluded ones."""
    queued("m", priority=1, queue="mail")
    queued("i", priority=5, queue="index")
    queued("elsewhere", priority=9, queue="mail", backend="other")
    assert key_of(library_pick(queues=queues, excluded=excluded)) == expected
    assert key_of(fast_claim(queues=queues, excluded=excluded)) == expected


def test_claimed_row_is_the_library_claim():
    """After the claim, the row and the returned object hold what the library's ``claim`` writes: RUNNING,
    started_at now, the worker's id appended to worker_ids — and every other field as read by the ORM."""
    from django_tasks_db.models import DBTaskResult

    row = queued("k")
    DBTaskResult.objects.filter(pk=row.pk).update(worker_ids=["dead"])
    before = timezone.now()
    claimed = fast_claim(worker="w2")
    stored = DBTaskResult.objects.get(pk=row.pk)
    assert (stored.status, stored.worker_ids) == ("RUNNING", ["dead", "w2"])
    assert before <= stored.started_at <= timezone.now()
    fields = [f.attname for f in DBTaskResult._meta.concrete_fields]
    assert {f: getattr(claimed, f) for f in fields} == {f: getattr(stored, f) for f in fields}
    assert claimed.task_result.worker_ids == ["dead", "w2"]


def written(pk) -> dict:
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.get(pk=pk)
    return {
        "status": row.status,
        "return_value": row.return_value,
        "exception_class_path": row.exception_class_path,
        "traceback": row.traceback,
        "finished": row.finished_at is not None,
    }


@pytest.mark.parametrize("value", [{"a": [1, "ư"]}, 3, None, "text"], ids=["dict", "int", "none", "str"])
def test_success_writes_what_the_library_writes(value):
    """``set_successful`` on a claimed task writes the columns and values of the library's ``set_successful``."""
    from django_tasks_db.models import DBTaskResult

    mine, theirs = queued("a", priority=5), queued("b")
    fast_claim().set_successful(value)
    library = DBTaskResult.objects.get(pk=theirs.pk)
    library.set_successful(value)
    assert written(mine.pk) == written(theirs.pk)
    assert written(mine.pk)["status"] == "SUCCESSFUL"


def test_failure_writes_the_exception_path_and_traceback():
    """``set_failed`` writes what the library's does: FAILED, the exception's class path, its traceback."""
    from django_tasks_db.models import DBTaskResult

    mine, theirs = queued("a", priority=5), queued("b")
    claimed = fast_claim()
    try:
        raise ValueError("bad value")
    except ValueError as e:
        error = e
    claimed.set_failed(error)
    DBTaskResult.objects.get(pk=theirs.pk).set_failed(error)
    assert written(mine.pk) == written(theirs.pk)
    assert written(mine.pk)["exception_class_path"] == "builtins.ValueError"
    assert "bad value" in written(mine.pk)["traceback"]


def test_unencodable_return_value_fails_inside_set_successful():
    """A return value that is not JSON fails in ``set_successful`` (the library's run_task then records the
    failure), and the row keeps its claim."""
    from django_tasks_db.models import DBTaskResult

    row = queued("a")
    claimed = fast_claim()
    with pytest.raises(TypeError):
        claimed.set_successful(object())
    assert DBTaskResult.objects.get(pk=row.pk).status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_claims_never_take_the_same_task():
    """Two workers claiming at the same time get different tasks: the first one's row is locked and skipped."""
    from django.db import connections

    from congvan.ops.task_worker import claim

    queued("one")
    queued("two")
    first_holds, second_done = threading.Event(), threading.Event()
    got: dict[str, str | None] = {}

    def worker(name: str) -> None:
        try:
            with transaction.atomic():
                got[name] = key_of(
                    claim(worker_id=name, backend_name="default", queue_names=None, excluded_queue_names=[])
                )
                if name == "a":
                    first_holds.set()
                    second_done.wait(timeout=10)  # keep the lock while the other one claims
                else:
                    second_done.set()
        finally:
            connections.close_all()

    a = threading.Thread(target=worker, args=("a",))
    a.start()
    assert first_holds.wait(timeout=10)
    b = threading.Thread(target=worker, args=("b",))
    b.start()
    b.join(timeout=10)
    second_done.set()
    a.join(timeout=10)
    assert sorted(got.values()) == ["one", "two"]


@pytest.mark.django_db(transaction=True)
def test_batch_worker_runs_every_queued_task_to_success():
    """The command's batch worker runs every queued task through the library's ``run_task`` with the fixed
    statements: each ends SUCCESSFUL with its return value, claimed by that worker, then the worker exits."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from congvan.ops.models import TaskEffect
    from congvan.ops.task_worker import Command
    from congvan.ops.tasks import record_effect

    ids = [record_effect.enqueue(f"batch-{i}").id for i in range(5)]
    call_command(Command(), batch=True, worker_id="batcher", startup_delay=False, reload=False, verbosity=0)
    rows = list(DBTaskResult.objects.filter(id__in=ids))
    assert [(r.status, r.return_value, r.worker_ids) for r in rows] == [
        ("SUCCESSFUL", "batcher", ["batcher"])
    ] * 5
    assert TaskEffect.objects.filter(key__startswith="batch-").count() == 5


@pytest.mark.django_db(transaction=True)
def test_failing_task_is_recorded_failed_by_the_worker():
    """A task that raises ends FAILED with its exception's path, through the library's failure path."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from congvan.ops.task_worker import Command

    row = DBTaskResult.objects.create(
        task_path=TASK, args_kwargs={"args": [], "kwargs": {}}, backend_name="default"
    )
    call_command(Command(), batch=True, worker_id="w", startup_delay=False, reload=False, verbosity=0)
    row.refresh_from_db()
    assert (row.status, row.exception_class_path) == ("FAILED", "builtins.TypeError")
    assert "record_effect()" in row.traceback
