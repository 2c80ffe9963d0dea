"""Clerks issuing at the same instant on one register, each in its own OS process (Điều 15; DESIGN §5 decision 2).

Both variants prepare the signed letters in the pytest-django test database of the run, committed
(``django_db(transaction=True)``, i.e. ``transactional_db``), then start the workers on it:

PostgreSQL: 8 processes × 250 letters, on the test database itself. Skipped, with the reason, on SQLite runs.

SQLite: 4 processes × 50 letters. pytest-django's SQLite test database is in memory, which other processes
cannot open, so it is copied with ``VACUUM INTO`` to a file in the test's temporary folder and the workers race
on that file (WAL and IMMEDIATE transactions, as the settings configure every SQLite connection). No special
environment is needed. Skipped, with the reason, on PostgreSQL runs.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

WORKER = Path(__file__).with_name("concurrent_issue_worker.py")
SRC_DIR = Path(__file__).resolve().parents[2] / "src"
RACE_TIMEOUT_SECONDS = 600  # a guard against a hung worker, not a speed target: see docs/benchmarks.md


@dataclass(frozen=True)
class Race:
    processes: int
    per_process: int

    @property
    def total(self) -> int:
        return self.processes * self.per_process


@dataclass
class Outcome:
    """What the workers reported and what the database holds afterwards."""

    reports: list[dict[str, Any]]
    numbers: list[int | None]  # the numbers of the race's letters, from the database
    next_number: int  # the register's counter after the race

    @property
    def race_seconds(self) -> float:
        """From the first worker's start to the last one's end."""
        return max(r["finished"] for r in self.reports) - min(r["started"] for r in self.reports)

    @property
    def overlapped(self) -> bool:
        """Every worker started before any finished: they really issued at the same time."""
        return max(r["started"] for r in self.reports) < min(r["finished"] for r in self.reports)


def worker_env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CONGVAN_DATABASE_URL=database_url,
        CONGVAN_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="congvan.config.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC_DIR), env.get("PYTHONPATH", "")])),
    )
    return env


def run_race(
    *, env: dict[str, str], clerk_id: int, ids: list[int], race: Race, workdir: Path
) -> list[dict[str, Any]]:
    """Start the workers, let each connect, then release them together; collect their reports.

    Each worker writes to files, not pipes: a worker blocked on a full pipe while it holds the register's
    lock would stall the others.
    """
    go = workdir / "go"
    procs: list[tuple[subprocess.Popen[bytes], Path, Path]] = []
    for k in range(race.processes):
        ids_file = workdir / f"ids-{k}.json"
        ids_file.write_text(
            json.dumps(ids[k :: race.processes])
        )  # interleaved: each worker's ids are spread out
        out, err = workdir / f"out-{k}.json", workdir / f"err-{k}.txt"
        with out.open("wb") as out_file, err.open("wb") as err_file:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    str(WORKER),
                    "--clerk",
                    str(clerk_id),
                    "--ids",
                    str(ids_file),
                    "--ready",
                    str(workdir / f"ready-{k}"),
                    "--go",
                    str(go),
                ],
                env=env,
                stdout=out_file,
                stderr=err_file,
            )
        procs.append((proc, out, err))
    deadline = time.monotonic() + RACE_TIMEOUT_SECONDS
    try:
        while not all((workdir / f"ready-{k}").exists() for k in range(race.processes)):
            failed = [(p, err) for p, _out, err in procs if p.poll() not in (None, 0)]
            assert not failed, f"a worker died before the start:\n{failed[0][1].read_text()[-4000:]}"
            assert time.monotonic() < deadline, "workers did not get ready in time"
            time.sleep(0.01)
        go.touch()
        reports = []
        for p, out, err in procs:
            p.wait(timeout=max(1.0, deadline - time.monotonic()))
            assert p.returncode == 0, f"worker {p.pid} failed:\n{err.read_text()[-4000:]}"
            reports.append(json.loads(out.read_text().strip().splitlines()[-1]))
        return reports
    finally:
        for p, _out, _err in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


def assert_all_issued(reports: list[dict[str, Any]]) -> None:
    """Every issue succeeded; checked before the numbers are read, which assume it."""
    errors = [e for r in reports for e in r["errors"]]
    assert not errors, f"{len(errors)} issues failed, e.g. {errors[:3]}"


def race_postgresql(race: Race, tmp_path: Path) -> Outcome:
    """The race on the pytest-django PostgreSQL test database itself."""
    from concurrent_issue_worker import prepare
    from django.db import connection

    from congvan.documents.models import Document, Register

    prepared = prepare(race.total)
    sd = connection.settings_dict
    url = f"postgres://{sd['USER']}@{sd['HOST'] or '127.0.0.1'}:{sd['PORT'] or 5432}/{sd['NAME']}"
    if sd.get("PASSWORD"):
        url = url.replace("@", f":{sd['PASSWORD']}@", 1)
    reports = run_race(
        env=worker_env(url, tmp_path),
        clerk_id=prepared["clerk"],
        ids=prepared["ids"],
        race=race,
        workdir=tmp_path,
    )
    assert_all_issued(reports)
    numbers = list(Document.objects.filter(pk__in=prepared["ids"]).values_list("number", flat=True))
    registers = list(Register.objects.filter(documents__pk__in=prepared["ids"]).distinct())
    assert len(registers) == 1, f"the letters went to {len(registers)} registers, expected one"
    return Outcome(reports=reports, numbers=numbers, next_number=registers[0].next_number)


def race_sqlite(race: Race, tmp_path: Path) -> Outcome:
    """The race on a file copy of the SQLite test database (``VACUUM INTO``), read back with sqlite3."""
    from concurrent_issue_worker import prepare
    from django.db import connection

    from congvan.documents.models import Document, Register

    prepared = prepare(race.total)
    db_file = tmp_path / "concurrency.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(db_file)])
    reports = run_race(
        env=worker_env(f"sqlite:///{db_file}", tmp_path),
        clerk_id=prepared["clerk"],
        ids=prepared["ids"],
        race=race,
        workdir=tmp_path,
    )
    assert_all_issued(reports)
    with sqlite3.connect(db_file) as db:
        marks = ",".join("?" * len(prepared["ids"]))
        rows = db.execute(
            f"SELECT number, register_id FROM {Document._meta.db_table} WHERE id IN ({marks})",
            prepared["ids"],
        ).fetchall()
        register_ids = {r[1] for r in rows}
        assert len(register_ids) == 1, f"the letters went to {len(register_ids)} registers, expected one"
        (next_number,) = db.execute(
            f"SELECT next_number FROM {Register._meta.db_table} WHERE id = ?", (register_ids.pop(),)
        ).fetchone()
    return Outcome(reports=reports, numbers=[r[0] for r in rows], next_number=next_number)


SKIP_REASONS = {
    "postgresql": "needs PostgreSQL: run with CONGVAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvan",
    "sqlite": "the SQLite variant runs when the test database is SQLite (the default run)",
}
RACES = {
    "postgresql": (Race(processes=8, per_process=250), race_postgresql),
    "sqlite": (Race(processes=4, per_process=50), race_sqlite),
}


@pytest.fixture
def outcome(request: pytest.FixtureRequest, tmp_path: Path) -> Outcome:
    from django.db import connection

    race, runner = RACES[request.param]
    if connection.vendor != request.param:
        pytest.skip(SKIP_REASONS[request.param])
    result = runner(race, tmp_path)
    assert result.overlapped, "the workers did not run at the same time; the race proves nothing"
    return result


# transaction=True is transactional_db: the letters are committed, so the workers' connections see them.
BACKENDS = [
    pytest.param(
        "postgresql",
        id="postgresql-8x250",
        marks=[pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.slow],
    ),
    pytest.param("sqlite", id="sqlite-4x50", marks=[pytest.mark.django_db(transaction=True)]),
]


class TestConcurrentIssueNumbering:
    """Điều 15: numbers in a register start at 01 and never repeat or skip, also when clerks issue at once."""

    @pytest.mark.parametrize("outcome", BACKENDS, indirect=True)
    def test_numbers_are_exactly_one_to_n(self, outcome: Outcome, request: pytest.FixtureRequest) -> None:
        """Điều 15: after the race the register holds 01..N, each number once — no duplicate, no gap."""
        request.node.user_properties.append(
            ("race_seconds", round(outcome.race_seconds, 2))
        )  # for --junitxml
        total = sum(len(r["issued"]) for r in outcome.reports)
        numbers = [n for n in outcome.numbers if n is not None]
        assert len(numbers) == len(outcome.numbers), "every letter of the race must have its number"
        duplicates = sorted(n for n, c in Counter(numbers).items() if c > 1)
        missing = sorted(set(range(1, total + 1)) - set(numbers))
        assert not duplicates, f"numbers given twice: {duplicates[:20]}"
        assert not missing, f"numbers skipped: {missing[:20]}"
        assert sorted(numbers) == list(range(1, total + 1))
        assert outcome.next_number == total + 1, (
            "the register's counter must continue right after the last number"
        )
