"""``/readyz``: whether this process can serve (a load balancer takes a server out of rotation on 503).

``/healthz`` (config/urls.py) only says the process answers and reaches the database; readiness also says that
every migration of the code is applied and that the file store accepts writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse

_migrations_done = False  # once applied they stay applied for this process's code: the check is not repeated


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _migrations() -> str:
    global _migrations_done
    if not _migrations_done:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return f"{len(pending)} pending"
        _migrations_done = True
    return "ok"


def _accepts_a_file(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix=".readyz-")
    os.close(fd)
    os.unlink(name)


def _storage() -> str:
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        _accepts_a_file(Path(settings.MEDIA_ROOT))
    else:
        name = default_storage.save(".readyz/probe", ContentFile(b"ok"))
        default_storage.delete(name)
    # The documents' file store (STORAGES["documents"]): a local folder must accept a file; object storage must
    # answer: listing an empty prefix is one request that fails on an unreachable endpoint, a missing bucket or
    # refused credentials (a lookup of an absent key would answer "no" for a missing bucket too).
    from django.core.files.storage import FileSystemStorage, storages

    documents = storages["documents"]
    if isinstance(documents, FileSystemStorage):
        _accepts_a_file(Path(documents.location))
    else:
        documents.listdir(".readyz")
    return "ok"


def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    for check, probe in (("database", _database), ("migrations", _migrations), ("storage", _storage)):
        try:
            checks[check] = probe()
        except Exception as exc:  # any failure means "not ready"; the reason goes to the operator
            checks[check] = f"error: {type(exc).__name__}: {exc}"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503
    )
