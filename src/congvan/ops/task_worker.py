"""django-tasks-db's worker with its claim and its result writes as fixed statements on PostgreSQL (issue 10).

The library's loop compiles, at every task, the claim query (``ready()`` + ``select_for_update(skip_locked)``
+ ``first()``), the claim's ``save(update_fields=…)`` and the result's ``save(update_fields=…)``: about 4 ms of
CPU per task around a task that itself costs about 1.2 ms. Here the claim is one ``UPDATE … WHERE id = (SELECT
… FOR UPDATE SKIP LOCKED) RETURNING …`` and the result one ``UPDATE``, both written once per process
(``congvan.documents.statements.made``); the returned row becomes a ``DBTaskResult`` through the fields' own
conversions, as the ORM makes it. Everything else is the library's: ``run_task`` (signals, task context,
failure path), shutdown and signals, the options. On any other database the library's loop runs unchanged.
See docs/decisions/0018-task-worker-statements.md."""

from __future__ import annotations

import os
import random
import time
from traceback import format_exception
from typing import Any

from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections, connection
from django.db.models.signals import ModelSignal, post_save, pre_save
from django.db.utils import OperationalError
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception, retry

from congvan.documents.statements import Columns, made

logger = db_worker.logger

_RESULT_FIELDS = ("status", "return_value", "finished_at", "exception_class_path", "traceback")
_CLAIM_FIELDS = frozenset(("status", "started_at", "worker_ids"))


def _claim_statement(*, some_queues: bool, excluded: bool) -> tuple[str, Columns]:
    table = DBTaskResult._meta.db_table
    columns = Columns.of([(DBTaskResult, "t")])
    where = ['"status" = %s', '("run_after" = %s OR "run_after" <= %s)', '"backend_name" = %s']
    if some_queues:
        where.append('"queue_name" = ANY(%s)')
    if excluded:
        where.append('NOT ("queue_name" = ANY(%s))')
    # The order is Meta.ordering, which the partial index tasks_db_new_ordering_idx follows.
    sql = (
        f'UPDATE "{table}" t SET "status" = %s, "started_at" = %s,'
        ' "worker_ids" = t."worker_ids" || jsonb_build_array(%s::text)'
        f' WHERE t."id" = (SELECT "id" FROM "{table}" WHERE {" AND ".join(where)}'
        ' ORDER BY "priority" DESC, "run_after" ASC, "enqueued_at" ASC LIMIT 1 FOR UPDATE SKIP LOCKED)'
        f" RETURNING {columns.sql}"
    )
    return sql, columns


def _result_statement() -> str:
    table = DBTaskResult._meta.db_table
    sets = ", ".join(f'"{DBTaskResult._meta.get_field(name).column}" = %s' for name in _RESULT_FIELDS)  # type: ignore[union-attr]
    return f'UPDATE "{table}" SET {sets} WHERE "id" = %s'


def _write_result(result: DBTaskResult) -> None:
    """``save(update_fields=<the result's columns>)`` as one fixed UPDATE, with the model's save signals."""
    fields = frozenset(_RESULT_FIELDS)
    _send_save_signal(pre_save, result, fields)
    # Each value through its field's preparation, as save() does: the return value's JSON is encoded here, so
    # a value that cannot be encoded fails inside set_successful, where the library records it as a failure.
    params = [
        DBTaskResult._meta.get_field(name).get_db_prep_save(getattr(result, name), connection)  # type: ignore[union-attr]
        for name in _RESULT_FIELDS
    ]
    with connection.cursor() as cursor:
        cursor.execute(made("task_result_write", _result_statement), [*params, result.pk])
        if cursor.rowcount == 0:
            raise DatabaseError("Save with update_fields did not affect any rows.")
    _send_save_signal(post_save, result, fields)


def _send_save_signal(signal: ModelSignal, result: DBTaskResult, fields: frozenset[str]) -> None:
    """``pre_save`` or ``post_save`` as ``save(update_fields=fields)`` sends it for an existing row."""
    created = {"created": False} if signal is post_save else {}
    signal.send(
        sender=DBTaskResult,
        instance=result,
        raw=False,
        using=connection.alias,
        update_fields=fields,
        **created,
    )


@retry()
def _set_successful(result: DBTaskResult, return_value: Any) -> None:
    result.status = TaskResultStatus.SUCCESSFUL
    result.finished_at = timezone.now()
    result.return_value = return_value
    result.exception_class_path = ""
    result.traceback = ""
    _write_result(result)


@retry()
def _set_failed(result: DBTaskResult, exc: BaseException) -> None:
    result.status = TaskResultStatus.FAILED
    result.finished_at = timezone.now()
    result.exception_class_path = f"{type(exc).__module__}.{type(exc).__qualname__}"
    result.traceback = "".join(format_exception(exc))
    result.return_value = None
    _write_result(result)


def fast_writes(result: DBTaskResult) -> DBTaskResult:
    """``result`` whose ``set_successful``/``set_failed`` write by the fixed UPDATE (the library's ``run_task``
    calls them on the object it is given)."""
    result.set_successful = lambda return_value: _set_successful(result, return_value)  # type: ignore[method-assign]
    result.set_failed = lambda exc: _set_failed(result, exc)  # type: ignore[method-assign]
    return result


def claim(
    *, worker_id: str, backend_name: str, queue_names: list[str] | None, excluded_queue_names: list[str]
) -> DBTaskResult | None:
    """The task the library's ``ready()…get_locked()`` + ``claim(worker_id)`` would take, claimed by one
    statement (PostgreSQL, inside the caller's transaction); ``queue_names`` None: every queue."""
    key = f"task_claim:{queue_names is not None}:{bool(excluded_queue_names)}"
    sql, columns = made(
        key,
        lambda: _claim_statement(some_queues=queue_names is not None, excluded=bool(excluded_queue_names)),
    )
    now = timezone.now()
    params: list[Any] = [
        TaskResultStatus.RUNNING,
        now,
        worker_id,
        TaskResultStatus.READY,
        get_date_max(),
        now,
    ]
    params.append(backend_name)
    if queue_names is not None:
        params.append(queue_names)
    if excluded_queue_names:
        params.append(excluded_queue_names)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is None:
        return None
    (result,) = columns.objects(columns.convert(found))
    _send_save_signal(pre_save, result, _CLAIM_FIELDS)
    _send_save_signal(post_save, result, _CLAIM_FIELDS)
    return fast_writes(result)


class Worker(db_worker.Worker):
    """The library's worker; on PostgreSQL its loop claims and writes by the fixed statements."""

    def run(self) -> None:
        if connection.vendor != "postgresql":
            return super().run()
        # From here to the end: the library's loop (django-tasks-db 0.13), the claim alone swapped.
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))

        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - a thundering herd's spread, not a secret

        queue_names = None if self.process_all_queues else list(self.queue_names)
        while self.running:
            close_old_connections()

            with exclusive_transaction(connection.alias):
                try:
                    task_result = claim(
                        worker_id=self.worker_id,
                        backend_name=self.backend_name,
                        queue_names=queue_names,
                        excluded_queue_names=list(self.excluded_queue_names),
                    )
                    retrieved_task_result = True
                except OperationalError as e:
                    retrieved_task_result = False
                    if is_locked_database_exception(e):
                        task_result = None
                    else:
                        raise

            if task_result is not None:
                self.run_task(task_result)

            if self.batch and retrieved_task_result and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return None

            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Run maximum tasks (%d) on worker=%s - exiting gracefully.",
                    self._run_tasks,
                    self.worker_id,
                )
                return None

            close_old_connections()

            if self.running and not task_result:
                time.sleep(self.interval)
        return None


class Command(db_worker.Command):
    """``db_worker`` (every option, ``--help``) running ``Worker`` above: the library's ``handle`` builds its
    own class by name, so this is that ``handle`` (django-tasks-db 0.13) with ``Worker`` the one above."""

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)

        if reload and batch:
            logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False

        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []

        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")

        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )

        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
