"""Thirty days before a case file is due at the agency archive its responsible people are notified
(Phụ lục VI III.5.b) — by the real worker process, in the app's inbox and by email.

A helper process migrates a SQLite file of the test's own, makes the case files and enqueues the daily task;
``congvan worker --batch`` (the django-tasks database worker, another OS process) runs it."""

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

HELPER = Path(__file__).with_name("records_archive_worker.py")
CONGVAN = Path(sys.executable).with_name("congvan")
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.slow
def test_worker_notifies_the_responsible_people_thirty_days_before_the_archive_date(tmp_path: Path) -> None:
    """Only the file due within 30 days is announced, to its creator and its responsible person, in the app and
    by email; a file due later or already handed over is not."""
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
    prepared = subprocess.run(
        [sys.executable, str(HELPER)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    expected = json.loads(prepared.stdout.strip().splitlines()[-1])
    db = sqlite3.connect(tmp_path / "worker.sqlite3")
    assert db.execute("SELECT count(*) FROM directives_notification").fetchone() == (0,)

    worker = subprocess.run(
        [str(CONGVAN), "worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    status = db.execute(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = 'congvan.records.tasks.archive_reminders'"
    ).fetchall()
    assert status == [("SUCCESSFUL",)]
    rows = db.execute(
        "SELECT user_id, text, emailed FROM directives_notification ORDER BY user_id"
    ).fetchall()
    assert [u for u, _t, _e in rows] == expected["users"]
    assert all(expected["code"] in t and e for _u, t, e in rows)
    raw = b"".join(p.read_bytes() for p in (tmp_path / "mail").iterdir())
    messages = [email.message_from_bytes(m.strip()) for m in raw.split(b"-" * 79) if m.strip()]
    assert len(messages) == 2
    body = bytes(cast(bytes, messages[0].get_payload(decode=True))).decode("utf-8")
    assert "đến hạn nộp lưu" in body and expected["code"] in body
