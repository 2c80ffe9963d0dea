"""``/healthz`` and ``/readyz`` (issue 10): a load balancer sends traffic only to a server that is ready."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_readyz_reports_database_migrations_and_storage(client):
    """Ready: the database answers, every migration is applied, the file store accepts a write."""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "storage": "ok"},
    }


def test_readyz_is_503_when_the_file_store_cannot_be_written(client, settings, tmp_path):
    """A server whose stored-files folder is not writable is taken out of rotation, with the reason."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "files"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "not ready"
    assert body["checks"]["storage"].startswith("error:")
    assert body["checks"]["database"] == "ok"


def test_healthz_answers_ok(client):
    """Liveness: the process answers and reaches the database."""
    assert client.get("/healthz").status_code == 200
