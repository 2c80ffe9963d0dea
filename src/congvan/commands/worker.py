"""``congvan worker``: the background task worker (django-tasks' database worker) holding a lease.

Run as many as wanted, on any machine that reaches the database. Each one renews a lease row while it lives and
puts back in the queue the tasks left RUNNING by workers whose lease expired (``congvan.ops.leases``), so a worker
killed mid-task (SIGKILL, power loss) loses no task. The loop is django-tasks-db's ``db_worker`` with, on
PostgreSQL, its claim and result writes as fixed statements (``congvan.ops.task_worker``); every option of
``db_worker`` is accepted (``--queue-name``, ``--interval``, ``--batch``, ``--max-tasks``, ``--worker-id`` …).
"""

from __future__ import annotations

import os
import socket
import threading


def _worker_id(argv: list[str]) -> tuple[str, list[str]]:
    for i, arg in enumerate(argv):
        if arg.startswith("--worker-id="):
            return arg.split("=", 1)[1], argv
        if arg == "--worker-id" and i + 1 < len(argv):
            return argv[i + 1], argv
    from django.utils.crypto import get_random_string

    worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"
    return worker_id, [*argv, "--worker-id", worker_id]


def _keep_lease(worker_id: str, stop: threading.Event) -> None:
    import logging

    from django.db import connection
    from django.utils import timezone

    from congvan.ops import leases

    log = logging.getLogger("congvan.worker")
    host, pid, started = socket.gethostname(), os.getpid(), timezone.now()
    period = max(leases.LEASE_SECONDS / 3, 0.2)
    try:
        while not stop.is_set():
            try:
                leases.renew(worker_id=worker_id, host=host, pid=pid, started_at=started)
                leases.recover_stale()
            except Exception:  # a database hiccup must not stop the lease; the next round retries
                log.exception("lease renewal failed", extra={"worker_id": worker_id})
                connection.close()
            stop.wait(period)
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from congvan.ops import leases
    from congvan.ops.task_worker import Command

    if "-h" in argv or "--help" in argv:
        Command().run_from_argv(["congvan", "worker", *argv])
        return 0
    worker_id, argv = _worker_id(argv)
    # The lease is written before the first claim, so recovery never mistakes this worker's fresh task for a
    # dead worker's.
    leases.renew(worker_id=worker_id, host=socket.gethostname(), pid=os.getpid(), started_at=timezone.now())
    stop = threading.Event()
    keeper = threading.Thread(target=_keep_lease, args=(worker_id, stop), name="congvan-lease", daemon=True)
    keeper.start()
    try:
        Command().run_from_argv(["congvan", "worker", *argv])
    finally:
        stop.set()
        keeper.join(timeout=5)
        leases.release(worker_id)
    return 0
