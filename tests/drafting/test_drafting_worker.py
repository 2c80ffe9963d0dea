"""Reminders to consulted parties go through the task queue to a real worker process (issue 11).

A helper process migrates a SQLite file of the test's own, asks two people for opinions (one overdue, one due in
ten days) and enqueues a reminder task: the daily one, or the one the drafter's "Nhắc góp ý" enqueues. Then
``congvan worker --batch`` — the django-tasks database worker, a separate OS process — runs it. The test reads
the audit events from the file and the emails from the file-based backend's folder."""

from __future__ import annotations

import email
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

HELPER = Path(__file__).with_name("drafting_worker_helper.py")
CONGVAN = Path(sys.executable).with_name("congvan")
SRC = Path(__file__).resolve().parents[2] / "src"


def env_for(tmp_path: Path) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update(
        CONGVAN_DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
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
def test_the_worker_reminds_parties_who_have_not_answered(tmp_path: Path, mode: str) -> None:
    """Daily: only the overdue party (due tomorrow or past) is reminded. Manual ("Nhắc góp ý"): every pending
    party. Each reminder is an audit Event of the draft and an email to the person — sent by the worker."""
    env = env_for(tmp_path)
    prepared = subprocess.run(
        [sys.executable, str(HELPER), mode], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    expected = json.loads(prepared.stdout.strip().splitlines()[-1])
    db = sqlite3.connect(tmp_path / "worker.sqlite3")
    assert db.execute(
        "SELECT count(*) FROM documents_event WHERE action = 'consultation_reminded'"
    ).fetchone() == (0,)

    worker = subprocess.run(
        [str(CONGVAN), "worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    statuses = db.execute(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE 'congvan.drafting.%'"
    ).fetchall()
    assert statuses == [("SUCCESSFUL",)]
    events = db.execute(
        "SELECT document_id, comment FROM documents_event WHERE action = 'consultation_reminded'"
    ).fetchall()
    assert len(events) == len(expected["emails"])
    assert {d for d, _c in events} == {expected["document_id"]}
    assert db.execute("SELECT sum(reminders) FROM drafting_consultee").fetchone() == (
        len(expected["emails"]),
    )
    raw = b"".join(p.read_bytes() for p in (tmp_path / "mail").iterdir())
    messages = [email.message_from_bytes(m.strip()) for m in raw.split(b"-" * 79) if m.strip()]
    assert sorted(m["To"] for m in messages) == expected["emails"]
