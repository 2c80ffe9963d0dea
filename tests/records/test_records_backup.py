"""Backup and restore of a running installation (Phụ lục VI III.5.g, IV.1.e; issue 8 "done when").

Real processes throughout: a helper process prepares an installation (SQLite file or PostgreSQL database of the
test's own) and keeps writing drafts with attachments while ``congvan backup`` runs in another process; then
``congvan restore`` puts the backup into a second, empty installation. Every document, attachment, stored file,
audit entry and case file of the restored installation must equal the source's row with the same id, every
restored file must be byte-identical, and the restored counts are the manifest's (one consistent moment)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HELPER = Path(__file__).with_name("records_installation.py")
CONGVAN = Path(sys.executable).with_name("congvan")
SRC = Path(__file__).resolve().parents[2] / "src"
COMPARED = (
    "documents_document",
    "documents_attachment",
    "documents_storedfile",
    "documents_event",
    "records_casefile",
    "records_casefileentry",
    "records_freeze",
)
PG = os.environ.get("CONGVAN_DATABASE_URL", "").startswith("postgres")


def _pg_base() -> str:
    url = os.environ["CONGVAN_DATABASE_URL"]
    return url.rsplit("/", 1)[0]


@pytest.fixture
def installations(tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Two installations of the database engine under test: the source and the restore target."""
    names = []
    envs = []
    for role in ("source", "target"):
        env = dict(os.environ)
        data = tmp_path / role
        if role == "source":
            data.mkdir()
        if PG:
            name = f"congvan_rec_{role}_{uuid.uuid4().hex[:8]}"
            names.append(name)
            url = f"{_pg_base()}/{name}"
            if role == "source":
                subprocess.run(["createdb", *_pg_cli(url), name], check=True)
        else:
            url = f"sqlite:///{data / 'db.sqlite3'}"
        env.update(
            CONGVAN_DATA_DIR=str(data),
            CONGVAN_DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="congvan.config.settings",
            CONGVAN_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
            PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")])),
        )
        envs.append(env)
    yield envs[0], envs[1]
    for name in names:
        subprocess.run(
            ["dropdb", "--if-exists", "--force", *_pg_cli(envs[0]["CONGVAN_DATABASE_URL"]), name], check=False
        )


def _pg_cli(url: str) -> list[str]:
    from urllib.parse import urlparse

    p = urlparse(url)
    return ["-h", p.hostname or "127.0.0.1", "-p", str(p.port or 5432), "-U", p.username or "postgres"]


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=600, check=False)


def _rows(env: dict[str, str], table: str) -> dict[int, tuple[Any, ...]]:
    url = env["CONGVAN_DATABASE_URL"]
    query = f'SELECT * FROM "{table}" ORDER BY id'  # noqa: S608
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as con:
            return {r[0]: tuple(r) for r in con.execute(query).fetchall()}
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return {r[0]: tuple(r) for r in con.execute(query).fetchall()}
    finally:
        con.close()


def _backup_under_writes(source: dict[str, str], dest: Path, tmp_path: Path) -> tuple[dict[str, Any], int]:
    prepared = _run(source, sys.executable, str(HELPER), "prepare")
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, str(HELPER), "write", str(stop)],
        env=source,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        backup = _run(source, str(CONGVAN), "backup", str(dest), "--json")
        assert backup.returncode == 0, backup.stderr[-3000:]
        time.sleep(1)  # the writer goes on after the snapshot
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err[-3000:]
    written = json.loads(out.strip().splitlines()[-1])["written"]
    return json.loads((dest / "manifest.json").read_text()), written


@pytest.mark.slow
def test_a_backup_of_the_running_demo_under_writes_restores_every_document_file_and_audit_entry(
    installations: tuple[dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    """Backup of a running installation while another process writes, restored elsewhere: every document, file
    and audit entry identical (Phụ lục VI III.5.g: sao lưu và phục hồi dữ liệu khi gặp sự cố)."""
    source, target = installations
    dest = tmp_path / "backup"
    manifest, written = _backup_under_writes(source, dest, tmp_path)

    restored = _run(target, str(CONGVAN), "restore", str(dest))
    assert restored.returncode == 0, restored.stderr[-3000:]

    for table in COMPARED:
        before, after = _rows(source, table), _rows(target, table)
        assert after, table
        assert {k: before.get(k) for k in after} == after, table
    documents = _rows(target, "documents_document")
    assert len(documents) == manifest["counts"]["documents_document"]
    # The writer was caught in the middle: some of its letters are in the backup, later ones are not.
    assert 0 < len(documents) < len(_rows(source, "documents_document"))
    assert written > 5
    events = _rows(target, "documents_event")
    assert len(events) == manifest["counts"]["documents_event"]
    source_certs = Path(source["CONGVAN_DATA_DIR"]) / "certs"
    target_certs = Path(target["CONGVAN_DATA_DIR"]) / "certs"
    certs = sorted(p.relative_to(source_certs) for p in source_certs.rglob("*") if p.is_file())
    assert certs  # the demo's CA and certificates travel with the backup
    assert all((source_certs / c).read_bytes() == (target_certs / c).read_bytes() for c in certs)
    source_media = Path(source["CONGVAN_DATA_DIR"]) / "files" / "blobs"
    target_media = Path(target["CONGVAN_DATA_DIR"]) / "files" / "blobs"
    stored = _rows(target, "documents_storedfile")
    for row in stored.values():
        sha, path = row[1], row[3]
        data = (target_media / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha
        assert data == (source_media / path).read_bytes()


def _good_backup(tmp_path: Path, source: dict[str, str]) -> Path:
    prepared = _run(source, sys.executable, str(HELPER), "prepare")
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    dest = tmp_path / "backup"
    assert _run(source, str(CONGVAN), "backup", str(dest)).returncode == 0
    return dest


def _first_file(dest: Path) -> Path:
    return dest / json.loads((dest / "manifest.json").read_text())["files"][0]["path"]


def _drop_manifest(dest: Path) -> None:
    (dest / "manifest.json").unlink()


def _alter_file(dest: Path) -> None:
    data = bytearray(_first_file(dest).read_bytes())
    data[0] ^= 0xFF  # same size, other content
    _first_file(dest).write_bytes(bytes(data))


def _drop_file(dest: Path) -> None:
    _first_file(dest).unlink()


def _grow_database(dest: Path) -> None:
    database = json.loads((dest / "manifest.json").read_text())["database"]["path"]
    with open(dest / database, "ab") as f:
        f.write(b"x")


def _alter_manifest(dest: Path) -> None:
    text = (dest / "manifest.json").read_text()
    (dest / "manifest.json").write_text(text.replace('"size": ', '"size": 1', 1))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_drop_manifest, "không đầy đủ"),
        (_alter_file, "sai mã băm SHA-256"),
        (_drop_file, "thiếu tệp"),
        (_grow_database, "sai kích thước"),
        (_alter_manifest, "đã bị thay đổi"),
    ],
    ids=["no-manifest", "altered-file", "missing-file", "altered-database", "altered-manifest"],
)
def test_restore_refuses_an_incomplete_or_altered_backup_and_changes_nothing(
    installations: tuple[dict[str, str], dict[str, str]], tmp_path: Path, damage: Any, expected: str
) -> None:
    """Restore checks the manifest and every checksum first: a damaged backup is refused with a Vietnamese
    message naming the problem, and the target installation stays empty."""
    source, target = installations
    dest = _good_backup(tmp_path, source)
    damage(dest)
    refused = _run(target, str(CONGVAN), "restore", str(dest))
    assert refused.returncode == 1
    assert expected in refused.stderr
    assert "không phục hồi" in refused.stderr.lower() or "Không phục hồi" in refused.stderr
    target_dir = Path(target["CONGVAN_DATA_DIR"])
    assert not (target_dir / "files").exists()
    if not PG:
        assert not (target_dir / "db.sqlite3").exists() or (target_dir / "db.sqlite3").stat().st_size == 0


@pytest.mark.slow
def test_restore_into_an_installation_with_data_is_refused(
    installations: tuple[dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    """Restore never overwrites an installation in use: it goes into an empty one."""
    source, _target = installations
    dest = _good_backup(tmp_path, source)
    before = _rows(source, "documents_document")
    refused = _run(source, str(CONGVAN), "restore", str(dest))
    assert refused.returncode == 1 and "đã có dữ liệu" in refused.stderr
    assert _rows(source, "documents_document") == before
