"""Configuration only through environment variables (issue 10): each variable read in a fresh interpreter,
as a server or worker process reads it at start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "storage": settings.STORAGES["default"]["BACKEND"],
    "s3": settings.STORAGES["default"].get("OPTIONS", {}),
    "documents": settings.STORAGES["documents"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "media": str(settings.MEDIA_ROOT),
    "formatter": settings.LOGGING["handlers"]["console"].get("formatter", ""),
    "middleware": settings.MIDDLEWARE,
    "exempt": getattr(settings, "SECURE_REDIRECT_EXEMPT", []),
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
}))
"""


def settings_with(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONGVAN_")}
    env.update(
        DJANGO_SETTINGS_MODULE="congvan.config.settings",
        CONGVAN_DATA_DIR=str(tmp_path),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH", "")])),
        **variables,
    )
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def read(tmp_path: Path, **variables: str) -> dict:
    done = settings_with(tmp_path, **variables)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    """CONGVAN_PRODUCTION=1 with no CONGVAN_SECRET_KEY stops at start, naming the missing variable."""
    done = settings_with(tmp_path, CONGVAN_PRODUCTION="1")
    assert done.returncode != 0
    assert "CONGVAN_SECRET_KEY" in done.stderr


def test_s3_storage_from_the_environment(tmp_path):
    """CONGVAN_STORAGE=s3 puts Django's default storage on S3-compatible storage with the given bucket."""
    got = read(
        tmp_path,
        CONGVAN_STORAGE="s3",
        CONGVAN_S3_BUCKET="congvan-tinh",
        CONGVAN_S3_ENDPOINT_URL="https://s3.example.gov.vn",
    )
    assert got["storage"] == "storages.backends.s3.S3Storage"
    assert (got["s3"]["bucket_name"], got["s3"]["endpoint_url"]) == (
        "congvan-tinh",
        "https://s3.example.gov.vn",
    )
    assert got["s3"]["default_acl"] == "private"
    # The documents' file store too, with the same options, under the prefix blobs/ (issue 10).
    assert got["documents"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert got["documents"]["OPTIONS"] == {**got["s3"], "location": "blobs"}


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, {"storage": "FileSystemStorage", "cache": "LocMemCache", "formatter": ""}),
        (
            {"CONGVAN_CACHE_URL": "redis://127.0.0.1:6379/3", "CONGVAN_LOG_FORMAT": "json"},
            {"storage": "FileSystemStorage", "cache": "RedisCache", "formatter": "json"},
        ),
    ],
    ids=["defaults", "redis-and-json"],
)
def test_cache_and_log_format_from_the_environment(tmp_path, variables, expected):
    """Without variables: files on disk, a per-process cache, plain logs; each variable changes its part."""
    got = read(tmp_path, **variables)
    assert got["storage"].endswith(expected["storage"])
    assert got["cache"].endswith(expected["cache"])
    assert got["formatter"] == expected["formatter"]


def test_production_defaults(tmp_path):
    """Production: JSON logs, a log line per request, the portal cache, probes exempt from the HTTPS redirect,
    stored files where CONGVAN_MEDIA_ROOT says."""
    got = read(
        tmp_path, CONGVAN_PRODUCTION="1", CONGVAN_SECRET_KEY="k" * 50, CONGVAN_MEDIA_ROOT=str(tmp_path / "f")
    )
    assert got["formatter"] == "json"
    assert "congvan.ops.middleware.RequestLogMiddleware" in got["middleware"]
    assert "congvan.ops.middleware.PortalCacheMiddleware" in got["middleware"]
    assert set(got["exempt"]) >= {r"^healthz$", r"^readyz$"}
    assert got["media"] == str(tmp_path / "f")
    assert got["documents"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "f" / "blobs")},
    }


@pytest.mark.parametrize(
    ("variables", "prepared"),
    [({}, True), ({"CONGVAN_DB_PREPARE": "0"}, False)],
    ids=["default", "turned-off"],
)
def test_postgresql_prepared_statements(tmp_path, variables, prepared):
    """On PostgreSQL statements are bound and prepared by the server unless CONGVAN_DB_PREPARE=0 (a pooler in
    transaction mode cannot keep them)."""
    got = read(tmp_path, CONGVAN_DATABASE_URL="postgres://postgres@127.0.0.1:5432/x", **variables)
    assert bool(got["db_options"].get("server_side_binding")) is prepared
