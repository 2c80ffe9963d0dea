"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Each test gets a fresh database with the demo loaded (``congvan.demo.data.load_demo``), a fresh browser
context, and a ``Walk`` helper (``e2e_walk.py``) that signs people in and out and saves screenshots into the
folder named by ``CONGVAN_SCREENSHOTS`` (default: a pytest temporary folder, so CI never writes into the
repository).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The helpers beside this file are imported by name, whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).parent))
# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import demo_snapshot  # noqa: E402
from e2e_walk import CHROMIUM, CHROMIUM_ARGS, Walk  # noqa: E402
from playwright.sync_api import Browser, Playwright, sync_playwright  # noqa: E402


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("CONGVAN_SCREENSHOTS")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


_SNAPSHOTS: dict[str, demo_snapshot.Snapshot] = {}


@pytest.fixture
def demo(
    transactional_db: None,
    settings: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    """The demo installation of the sample's chain, in this test's database.

    The browser tests commit for real (the live server has its own connection) and the database is emptied
    after each one. (Django's serialized rollback is not used: mixed with other transactional tests it
    fails on content types recreated after their flush.)

    Passwords are hashed with a fast hasher here: an argon2 check costs about half a second on a 2-core
    machine and these tests sign in some thirty times. The sign-in page and view are the real ones; argon2
    itself is covered by the unit tests.

    The first test of the session loads the demo through its services; the others get the same rows back
    from a copy (``demo_snapshot.py``), in a fraction of the time.
    """
    from django.db import connection

    from congvan.demo.data import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media_root = Path(settings.MEDIA_ROOT)
    reuse = os.environ.get("CONGVAN_E2E_FRESH_DEMO", "") != "1"
    key = f"{connection.vendor}:{connection.settings_dict['NAME']}"
    if reuse and key in _SNAPSHOTS:
        return demo_snapshot.restore(_SNAPSHOTS[key], media_root=media_root)
    result = load_demo()
    if reuse:
        _SNAPSHOTS[key] = demo_snapshot.take(
            result, media_root=media_root, keep=tmp_path_factory.mktemp("demo-snapshot")
        )
    return result


@pytest.fixture
def walk(browser: Browser, live_server: Any, screenshot_dir: Path, demo: dict[str, Any]) -> Iterator[Walk]:
    """A signed-out desktop browser at the live server with the demo loaded; any server error fails the test."""
    w = Walk(browser=browser, base_url=live_server.url, screenshots=screenshot_dir)
    try:
        yield w
        w.check()
    finally:
        w.close()
