"""Backup and restore of an installation: the database and the stored files together, with a manifest of SHA-256
checksums (Phụ lục VI III.5.g, IV.1.e). Used by ``congvan backup`` and ``congvan restore``; docs/backup.md.

Consistency while the server writes: the database is copied first, as one snapshot — SQLite through its online
backup API (``sqlite3.Connection.backup`` in one step, i.e. one read transaction), PostgreSQL through ``pg_dump``
(one repeatable-read transaction). The file store is copied afterwards. Files are written before the rows that
point at them and never changed afterwards (content-addressed), so every file the snapshot refers to is already
on disk when the copy starts; files written later are copied too and do no harm.

Layout of a backup folder::

    database.sqlite3 | database.pgdump
    files/…            the store (MEDIA_ROOT)
    data/certs/…       the data folder's certificates and exchange key, when present
    manifest.json      written last: engine, counts, and {path, size, sha256} of every file above
    manifest.sha256    the SHA-256 of manifest.json

Only a local store (``STORAGES["documents"]`` a folder under MEDIA_ROOT, the default) is backed up here. With the
documents' files on object storage (``CONGVAN_STORAGE=s3``) both commands refuse, saying so, and change nothing:
the bucket is backed up with the object store's own tools (versioning, replication) and the database with
``pg_dump`` — a backup folder without the files would look complete and restore documents without their files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1
CHUNK = 1024 * 1024
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
DATA_SUBDIRS = ("certs", "exchange")  # what else in the data folder an installation cannot live without
COUNTED_TABLES = ("documents_document", "documents_storedfile", "documents_attachment", "documents_event")
WORKERS = 4


class BackupError(Exception):
    """A backup or restore that cannot go on; ``message`` is for the administrator (Vietnamese)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass
class Installation:
    """Where an installation keeps its data: from the Django settings, without needing the ORM."""

    engine: str  # "sqlite" | "postgresql"
    database: dict[str, Any]
    media_root: Path
    data_dir: Path
    local_store: bool = True  # the documents' files are in a folder under media_root (not on object storage)

    @classmethod
    def from_settings(cls) -> Installation:
        from django.conf import settings

        db = settings.DATABASES["default"]
        engine = "sqlite" if "sqlite" in db["ENGINE"] else "postgresql"
        from django.core.files.storage import FileSystemStorage, storages

        media_root = Path(settings.MEDIA_ROOT)
        documents = storages["documents"]
        local_store = isinstance(documents, FileSystemStorage) and media_root.resolve() in (
            Path(documents.location).resolve(),
            *Path(documents.location).resolve().parents,
        )
        return cls(
            engine=engine,
            database=dict(db),
            media_root=media_root,
            data_dir=Path(settings.DATA_DIR),
            local_store=local_store,
        )

    def check_local_store(self) -> None:
        """Refuse (BackupError) when the documents' files are not in the folder this module copies."""
        if not self.local_store:
            raise BackupError(
                "Kho tệp văn bản không nằm trong thư mục MEDIA_ROOT (lưu trên kho đối tượng S3, CONGVAN_STORAGE=s3): "
                "lệnh này không sao lưu hay phục hồi được kho đó, không làm gì cả. Hãy sao lưu bucket bằng công cụ "
                "của kho đối tượng (phiên bản hóa, sao chép sang bucket khác) và cơ sở dữ liệu bằng pg_dump; "
                "xem docs/backup.md. / The documents' files are not under MEDIA_ROOT (object storage): back the "
                "bucket up with the object store's own tools and the database with pg_dump; nothing done."
            )

    def trees(self) -> list[tuple[str, Path]]:
        """(prefix in the backup, folder on disk) of everything copied beside the database."""
        out = [("files", self.media_root)]
        for name in DATA_SUBDIRS:
            folder = self.data_dir / name
            if folder.is_dir() and self.media_root not in (folder, *folder.parents):
                out.append((f"data/{name}", folder))
        return out


@dataclass
class Report:
    files: int = 0
    bytes: int = 0
    database_bytes: int = 0
    seconds_database: float = 0.0
    seconds_files: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashing(src: Path, dst: Path) -> tuple[int, str]:
    """Copy one file, computing its SHA-256 on the way (one read of the source)."""
    digest = hashlib.sha256()
    size = 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while chunk := fin.read(CHUNK):
            digest.update(chunk)
            fout.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            if name.startswith(".upload-"):  # an upload being written: no row points at it yet
                continue
            yield Path(dirpath) / name


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict[str, Any], name: str | None = None) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return [*args, "-d", name or str(db["NAME"])]


def _pg_connect(db: dict[str, Any], name: str | None = None) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=name or db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    )


def _count_sqlite(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED_TABLES}  # noqa: S608
    finally:
        con.close()


def _backup_sqlite(inst: Installation, dest: Path) -> tuple[str, dict[str, int]]:
    target = dest / "database.sqlite3"
    source = sqlite3.connect(inst.database["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        # pages=-1: the whole database in one step, inside one read transaction, so writers carry on (WAL) and the
        # copy is the database as of one moment. A stepwise copy would restart at each write.
        source.backup(copy, pages=-1)
    finally:
        copy.close()
        source.close()
    return target.name, _count_sqlite(target)


def _backup_postgresql(inst: Installation, dest: Path) -> tuple[str, dict[str, int]]:
    db = inst.database
    target = dest / "database.pgdump"
    con = _pg_connect(db)
    try:
        # Counts and dump from one exported snapshot: the manifest says exactly what the dump holds.
        con.autocommit = False
        con.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = con.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED_TABLES}  # noqa: S608
        done = subprocess.run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "-f",
                str(target),
                *_pg_args(db),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
            check=False,
        )
        con.rollback()
    finally:
        con.close()
    if done.returncode != 0:
        raise BackupError(f"pg_dump không chạy được / pg_dump failed: {done.stderr.strip()[-2000:]}")
    return target.name, counts


def backup(dest: Path, *, progress: Callable[[str], None] | None = None) -> Report:
    """Back up the installation of the current settings into ``dest`` (a new or empty folder)."""
    say = progress or (lambda _m: None)
    inst = Installation.from_settings()
    inst.check_local_store()
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(
            f"Thư mục đích {dest} không trống; hãy chọn thư mục mới. / The destination is not empty."
        )
    dest.mkdir(parents=True, exist_ok=True)
    report = Report()
    started = time.perf_counter()
    say("Sao lưu cơ sở dữ liệu / database …")
    db_name, report.counts = (_backup_sqlite if inst.engine == "sqlite" else _backup_postgresql)(inst, dest)
    report.seconds_database = time.perf_counter() - started
    db_file = dest / db_name
    report.database_bytes = db_file.stat().st_size
    database = {"path": db_name, "size": report.database_bytes, "sha256": sha256_file(db_file)}

    started = time.perf_counter()
    say("Sao chép kho tệp / files …")
    jobs: list[tuple[str, Path]] = []
    for prefix, root in inst.trees():
        if root.is_dir():
            jobs += [(f"{prefix}/{p.relative_to(root).as_posix()}", p) for p in _walk(root)]

    def one(job: tuple[str, Path]) -> dict[str, Any]:
        rel, src = job
        size, sha = _copy_hashing(src, dest / rel)
        return {"path": rel, "size": size, "sha256": sha}

    with ThreadPoolExecutor(WORKERS) as pool:  # hashing and copying release the GIL
        entries = list(pool.map(one, jobs, chunksize=64))
    entries.sort(key=lambda e: e["path"])
    for e in entries:
        name = e["path"].rsplit("/", 1)[-1]
        if e["path"].startswith("files/blobs/") and len(name) == 64 and name != e["sha256"]:
            # Content-addressed: a blob whose content is not its name was damaged before the backup.
            report.warnings.append(f"tệp trong kho đã bị thay đổi / stored file altered: {e['path']}")
    report.files = len(entries)
    report.bytes = sum(e["size"] for e in entries)
    report.seconds_files = time.perf_counter() - started

    manifest = {
        "format": FORMAT,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "engine": inst.engine,
        "database": database,
        "counts": report.counts,
        "files": entries,
    }
    # The manifest last, renamed into place: a backup without it is incomplete and restore refuses it.
    data = json.dumps(manifest, ensure_ascii=False, indent=0).encode("utf-8")
    tmp = dest / f".{MANIFEST}.tmp"
    tmp.write_bytes(data)
    os.fsync(os.open(tmp, os.O_RDONLY))
    (dest / MANIFEST_SUM).write_text(hashlib.sha256(data).hexdigest() + "\n")
    os.replace(tmp, dest / MANIFEST)
    return report


def check_backup(src: Path) -> dict[str, Any]:
    """The manifest of a complete and unaltered backup; otherwise BackupError naming every problem."""
    manifest_path = src / MANIFEST
    if not src.is_dir():
        raise BackupError(f"Không tìm thấy thư mục sao lưu {src}.")
    if not manifest_path.is_file() or not (src / MANIFEST_SUM).is_file():
        raise BackupError(
            "Bản sao lưu không đầy đủ: thiếu tệp kê khai (manifest). Không phục hồi. "
            "/ Incomplete backup: no manifest. Nothing restored."
        )
    data = manifest_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != (src / MANIFEST_SUM).read_text().strip():
        raise BackupError(
            "Tệp kê khai của bản sao lưu đã bị thay đổi. Không phục hồi. / The manifest was altered. Nothing restored."
        )
    try:
        manifest = json.loads(data)
    except ValueError:
        raise BackupError("Tệp kê khai không đọc được. Không phục hồi. / Unreadable manifest.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng bản sao lưu không hỗ trợ: {manifest.get('format')}.")
    problems: list[str] = []

    def check(entry: dict[str, Any]) -> str | None:
        path = src / entry["path"]
        if ".." in Path(entry["path"]).parts or Path(entry["path"]).is_absolute():
            return f"đường dẫn không hợp lệ / bad path: {entry['path']}"
        if not path.is_file():
            return f"thiếu tệp / missing: {entry['path']}"
        if path.stat().st_size != entry["size"]:
            return f"sai kích thước / wrong size: {entry['path']}"
        if sha256_file(path) != entry["sha256"]:
            return f"sai mã băm SHA-256 / altered: {entry['path']}"
        return None

    with ThreadPoolExecutor(WORKERS) as pool:
        for result in pool.map(check, [manifest["database"], *manifest["files"]], chunksize=64):
            if result:
                problems.append(result)
    if problems:
        raise BackupError(
            f"Bản sao lưu không toàn vẹn ({len(problems)} lỗi); không phục hồi gì. "
            f"/ The backup is incomplete or altered ({len(problems)} problems); nothing restored.",
            problems,
        )
    return manifest


def _target_is_empty(inst: Installation) -> bool:
    if inst.engine == "sqlite":
        path = Path(inst.database["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return True
        con = sqlite3.connect(path)
        try:
            return con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] == 0
        finally:
            con.close()
    try:
        con = _pg_connect(inst.database)
    except Exception:  # the database does not exist yet: restore creates it  # noqa: BLE001
        return True
    try:
        return con.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
    finally:
        con.close()


def restore(src: Path, *, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Restore a backup into the (empty) installation of the current settings. Checks everything first: an
    incomplete or altered backup, or a different engine, changes nothing."""
    say = progress or (lambda _m: None)
    inst = Installation.from_settings()
    inst.check_local_store()
    say("Kiểm tra bản sao lưu / checking the backup …")
    manifest = check_backup(src)
    if manifest["engine"] != inst.engine:
        raise BackupError(
            f"Bản sao lưu là của {manifest['engine']}, cài đặt đích dùng {inst.engine}; không phục hồi. "
            "/ The backup's database engine differs from this installation's."
        )
    if not _target_is_empty(inst):
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu; chỉ phục hồi vào cài đặt trống. Không thay đổi gì. "
            "/ The target database is not empty; nothing changed."
        )
    say("Phục hồi kho tệp / files …")
    # Files before the rows that point at them (as the store itself does).
    for entry in manifest["files"]:
        prefix, _sep, rel = entry["path"].partition("/")
        target = (inst.media_root if prefix == "files" else inst.data_dir) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
        os.close(fd)
        shutil.copyfile(src / entry["path"], tmp)
        os.replace(tmp, target)
    say("Phục hồi cơ sở dữ liệu / database …")
    if inst.engine == "sqlite":
        path = Path(inst.database["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        tmp_db = path.with_name(f".{path.name}.restore")
        shutil.copyfile(src / manifest["database"]["path"], tmp_db)
        os.replace(tmp_db, path)
    else:
        _restore_postgresql(inst, src / manifest["database"]["path"])
    return manifest


def _restore_postgresql(inst: Installation, dump: Path) -> None:
    db = inst.database
    try:
        _pg_connect(db).close()
    except Exception:  # noqa: BLE001
        admin = _pg_connect(db, "postgres")
        try:
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
        finally:
            admin.close()
    done = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *_pg_args(db),
            str(dump),
        ],
        env=_pg_env(db),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore không chạy được / pg_restore failed: {done.stderr.strip()[-2000:]}")
