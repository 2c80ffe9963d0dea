from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Stored files of each test go to its own folder (the documents' store at MEDIA_ROOT/blobs, as configured)."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files" / "blobs")},
        },
    }


@pytest.fixture(autouse=True)
def _site_language():
    """Each test ends with the site's language active again: a request in English leaves English active in the
    thread (LocaleMiddleware activates it, nothing deactivates it), and the tests after it would read their
    messages in English."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def agency(db):
    from factories import Agency

    return Agency()


@pytest.fixture
def recipients(db):
    from factories import Agency

    return [Agency("Báo Lạng Sơn", "BLS"), Agency("Đài Phát thanh và Truyền hình tỉnh", "PTTH")]
