"""Reminders to consulted parties go through the task queue to a real worker process (issue 11).

A helper process migrates a SQLite file of the test's own, asks two people for opinions (one overdue, one due in
ten days) and enqueues a reminder task: the daily one, or the one the drafter's "Nhắc góp ý" enqueues. Then
``congvan worker --batch`` — the django-tasks database worker, a separate OS process — runs it. The test reads
the audit events from the database and the emails from the file-based backend's folder. On a PostgreSQL run the
two processes share a throwaway PostgreSQL database instead of the SQLite file."""

from __future__ import annotations

import email
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HELPER = Path(__file__).with_name("drafting_worker_helper.py")
CONGVAN = Path(sys.executable).with_name("congvan")
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, Callable[[str], list[tuple[Any, ...]]]]]:
    """A database of the test's own for the two processes: a SQLite file, or on a PostgreSQL run (the suite's
    CONGVAN_DATABASE_URL) a throwaway PostgreSQL database, dropped afterwards. Yields its URL and a query."""
    url = os.environ.get("CONGVAN_DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = tmp_path / "worker.sqlite3"

        def sqlite_query(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        yield f"sqlite:///{path}", sqlite_query
        return
    import psycopg

    base, _slash, _name = url.rpartition("/")
    name = f"congvan_drafting_worker_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:

        def pg_query(sql: str) -> list[tuple[Any, ...]]:
            with psycopg.connect(f"{base}/{name}") as db:
                return [tuple(row) for row in db.execute(sql).fetchall()]  # type: ignore[arg-type]

        yield f"{base}/{name}", pg_query
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def env_for(tmp_path: Path, url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CONGVAN_DATABASE_URL=url,
        CONGVAN_DATA_DIR=str(tmp_path / "data"),
        CONGVAN_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        CONGVAN_EMAIL_FILE_PATH=str(tmp_path / "mail"),
        CONGVAN_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        DJANGO_SETTINGS_MODULE="congvan.config.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")])),
    )
    return env


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["daily", "manual"])
def test_the_worker_reminds_parties_who_have_not_answered(
    tmp_path: Path, mode: str, database: tuple[str, Callable[[str], list[tuple[Any, ...]]]]
) -> None:
    """Daily: only the overdue party (due tomorrow or past) is reminded. Manual ("Nhắc góp ý"): every pending
    party. Each reminder is an audit Event of the draft and an email to the person — sent by the worker."""
    url, query = database
    env = env_for(tmp_path, url)
    prepared = subprocess.run(
        [sys.executable, str(HELPER), mode], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    expected = json.loads(prepared.stdout.strip().splitlines()[-1])
    assert query("SELECT count(*) FROM documents_event WHERE action = 'consultation_reminded'") == [(0,)]

    worker = subprocess.run(
        [str(CONGVAN), "worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    statuses = query(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE 'congvan.drafting.%'"
    )
    assert statuses == [("SUCCESSFUL",)]
    events = query("SELECT document_id, comment FROM documents_event WHERE action = 'consultation_reminded'")
    assert len(events) == len(expected["emails"])
    assert {d for d, _c in events} == {expected["document_id"]}
    assert query("SELECT sum(reminders) FROM drafting_consultee") == [(len(expected["emails"]),)]
    raw = b"".join(p.read_bytes() for p in (tmp_path / "mail").iterdir())
    messages = [email.message_from_bytes(m.strip()) for m in raw.split(b"-" * 79) if m.strip()]
    assert sorted(m["To"] for m in messages) == expected["emails"]
