"""Reminders go through the task queue to a real worker process (issue 5, "done when").

A helper process migrates a SQLite file of the test's own, builds a campaign with one district due in two
days (reminded three days before) and one overdue, and enqueues the daily reminder task. Then
``congvan worker --batch`` — the django-tasks database worker, a separate OS process — runs it and the email
task it enqueues in turn. The test reads the in-app notifications from the file and the emails from the
file-based backend's folder: a worker's locmem outbox could not cross processes."""

from __future__ import annotations

import email
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest

HELPER = Path(__file__).with_name("reminder_worker.py")
CONGVAN = Path(sys.executable).with_name("congvan")
SRC = Path(__file__).resolve().parents[2] / "src"


def env_for(tmp_path: Path) -> dict[str, str]:
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
def test_worker_process_sends_due_and_overdue_reminders_in_app_and_by_email(tmp_path: Path) -> None:
    """N days before the deadline and once overdue, each assignee who has not reported is reminded in the app
    and by email — by the worker, not by the process that enqueued."""
    env = env_for(tmp_path)
    prepared = subprocess.run(
        [sys.executable, str(HELPER)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    expected = json.loads(prepared.stdout.strip().splitlines()[-1])
    db = sqlite3.connect(tmp_path / "worker.sqlite3")
    assert db.execute("SELECT count(*) FROM directives_notification WHERE kind != 'assigned'").fetchone() == (
        0,
    )

    worker = subprocess.run(
        [str(CONGVAN), "worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]

    statuses = dict(
        db.execute(
            "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
            " WHERE task_path LIKE 'congvan.directives.%'"  # other apps enqueue their own (search indexing)
        ).fetchall()
    )
    assert statuses == {
        "congvan.directives.tasks.remind_due": "SUCCESSFUL",
        "congvan.directives.tasks.send_notification_emails": "SUCCESSFUL",
    }
    rows = db.execute(
        "SELECT kind, user_id, emailed FROM directives_notification WHERE kind != 'assigned'"
    ).fetchall()
    assert sorted(u for k, u, _e in rows if k == "due_soon") == expected["due_soon_users"]
    assert sorted(u for k, u, _e in rows if k == "overdue") == expected["overdue_users"]
    assert all(e for _k, _u, e in rows)
    raw = b"".join(p.read_bytes() for p in (tmp_path / "mail").iterdir())
    messages = [email.message_from_bytes(m.strip()) for m in raw.split(b"-" * 79) if m.strip()]
    assert len(messages) == len(rows)
    bodies = [bytes(cast(bytes, m.get_payload(decode=True))).decode("utf-8") for m in messages]
    assert sum("Sắp đến hạn" in b for b in bodies) == len(expected["due_soon_users"])
    assert sum("Đã quá hạn" in b for b in bodies) == len(expected["overdue_users"])
