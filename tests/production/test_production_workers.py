"""The real web server and real task workers against PostgreSQL (issue 10, "done when").

``congvan serve`` (gunicorn or granian, several processes) and two ``congvan worker`` processes run on the run's PostgreSQL
test database (``django_db(transaction=True)``: what the test writes is committed, so the processes see it).
The probe task ``congvan.ops.tasks.record_effect`` records, under a unique key, the id of the worker that ran it.
Skipped, with the reason, on SQLite runs: the point is several processes on one PostgreSQL database.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow, pytest.mark.postgres]

CONGVAN = Path(sys.executable).with_name("congvan")
SRC = Path(__file__).resolve().parents[2] / "src"
SERVERS = ["gunicorn", "granian"]
LEASE_SECONDS = 2  # short, so that a killed worker's task comes back within the test


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CONGVAN_DATABASE_URL=postgres://…): several processes on one database")


def database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        CONGVAN_DATABASE_URL=database_url(),
        CONGVAN_DATA_DIR=str(tmp_path / "data"),
        CONGVAN_WORKER_LEASE_SECONDS=str(LEASE_SECONDS),
        CONGVAN_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        CONGVAN_LOG_FORMAT="json",
        DJANGO_SETTINGS_MODULE="congvan.config.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH", "")])),
    )
    return e


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start a ``congvan`` process, logging to a file; every process still running at the end is stopped."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(*args: str, env: dict[str, str], log: str) -> subprocess.Popen[bytes]:
        with (tmp_path / log).open("wb") as out:
            proc = subprocess.Popen([str(CONGVAN), *args], env=env, stdout=out, stderr=subprocess.STDOUT)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll until ``condition`` holds; a guard against a hung process, not a speed target."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback only
            return resp.status, resp.read()
    except OSError:
        return 0, b""


def results(ids: list[str]) -> list:
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(id__in=ids))


@pytest.mark.parametrize("server", SERVERS, ids=SERVERS)
def test_server_and_two_workers_process_queued_work_on_both(env, spawn, tmp_path, server) -> None:
    """Work queued while the server runs is processed by both workers, each task once (issue 10: any number of
    workers on any machine that reaches the database), under either web server."""
    from congvan.ops.models import TaskEffect
    from congvan.ops.tasks import record_effect

    port = free_port()
    spawn(
        "serve", "--server", server, "--bind", f"127.0.0.1:{port}", "--workers", "2", env=env, log="serve.log"
    )
    for name in ("worker-a", "worker-b"):
        spawn(
            "worker",
            "--worker-id",
            name,
            "--interval",
            "0.1",
            "--no-startup-delay",
            env=env,
            log=f"{name}.log",
        )
    wait_for(lambda: http_get(f"http://127.0.0.1:{port}/readyz")[0] == 200, timeout=120, what="/readyz")

    ids = [str(record_effect.enqueue(f"probe-{i}", 0.3).id) for i in range(16)]

    wait_for(
        lambda: all(r.status == "SUCCESSFUL" for r in results(ids)), timeout=180, what="the queue to drain"
    )
    effects = dict(TaskEffect.objects.filter(key__startswith="probe-").values_list("key", "worker_id"))
    assert sorted(effects) == sorted(f"probe-{i}" for i in range(16))
    assert set(effects.values()) == {"worker-a", "worker-b"}
    status, body = http_get(f"http://127.0.0.1:{port}/healthz")
    assert status == 200, body


def test_granian_reload_answers_every_request(env, spawn, tmp_path) -> None:
    """SIGHUP to granian (an upgrade's reload, docs/deploy.md) starts each process anew on the code on disk and
    stops the old one after it: requests sent all through the reload are all answered."""
    port = free_port()
    pid_file = tmp_path / "web.pid"
    spawn(
        "serve",
        "--server",
        "granian",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--pid",
        str(pid_file),
        "--no-collectstatic",
        env=env,
        log="serve.log",
    )
    url = f"http://127.0.0.1:{port}/healthz"
    wait_for(lambda: http_get(url)[0] == 200 and pid_file.exists(), timeout=120, what="/healthz")
    os.kill(int(pid_file.read_text()), signal.SIGHUP)
    statuses: list[int] = []
    log = tmp_path / "serve.log"
    deadline = time.monotonic() + 60
    while "Stopped old worker-2" not in log.read_text() and time.monotonic() < deadline:
        statuses.append(http_get(url)[0])
    assert "Stopped old worker-2" in log.read_text(), log.read_text()[-2000:]
    assert len(statuses) > 10 and set(statuses) == {200}


def test_worker_killed_mid_task_loses_no_task_and_the_effect_happens_once(env, spawn) -> None:
    """A worker killed with SIGKILL while running a task: once its lease expires another worker runs the task
    again, and the task's effect is recorded once, by the second worker (the first one's transaction died
    with it)."""
    from congvan.ops.models import TaskEffect
    from congvan.ops.tasks import record_effect

    first = spawn(
        "worker", "--worker-id", "doomed", "--interval", "0.1", "--no-startup-delay", env=env, log="a.log"
    )
    task_id = str(record_effect.enqueue("once", 6).id)
    wait_for(lambda: results([task_id])[0].status == "RUNNING", timeout=120, what="the first worker to claim")
    time.sleep(0.5)  # inside the task's transaction now
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert results([task_id])[0].status == "RUNNING"  # django-tasks-db alone would leave it so for ever

    spawn("worker", "--worker-id", "rescuer", "--interval", "0.1", "--no-startup-delay", env=env, log="b.log")
    wait_for(
        lambda: results([task_id])[0].worker_ids == ["doomed", "rescuer"],
        timeout=60,
        what="the task to be re-claimed",
    )
    wait_for(lambda: results([task_id])[0].status == "SUCCESSFUL", timeout=120, what="the re-run to finish")
    assert list(TaskEffect.objects.filter(key="once").values_list("worker_id", flat=True)) == ["rescuer"]
    assert results([task_id])[0].return_value == "rescuer"
