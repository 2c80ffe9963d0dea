"""The browser side of the e2e tests: Chromium's settings and ``Walk``, one person at a browser.

Kept apart from ``conftest.py`` so the tests can import it by a name no other folder's conftest shares.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Response, ViewportSize, expect

CHROMIUM = os.environ.get("CONGVAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 860}
PHONE: ViewportSize = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000  # generous: CI machines are shared and slow; a passing step never waits for it

expect.set_options(timeout=TIMEOUT_MS)


@dataclass
class Walk:
    """One person at a browser: signs in and out, opens documents, takes screenshots."""

    browser: Browser
    base_url: str
    screenshots: Path
    viewport: ViewportSize = field(default_factory=lambda: DESKTOP)
    context: BrowserContext | None = None
    page: Page = field(init=False)
    server_errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.new_context()

    def new_context(self, viewport: ViewportSize | None = None) -> Page:
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(
            viewport=viewport or self.viewport,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            base_url=self.base_url,
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.page.on("response", self._watch)
        return self.page

    def _watch(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def check(self) -> None:
        """Fail at once on a server error instead of waiting for an element that will never come."""
        if self.server_errors:
            errors, self.server_errors = self.server_errors, []
            raise AssertionError("the server failed: " + "; ".join(errors))

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def login(self, username: str, password: str | None = None, *, shot: str | None = None) -> Page:
        from congvan.demo.data import DEMO_PASSWORD

        page = self.page
        page.goto(self.url("/app/login/"))
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password or DEMO_PASSWORD)
        if shot:
            self.shot(shot)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập").click()
        self.check()
        expect(page.get_by_test_id("current-user")).to_be_visible()
        return page

    def logout(self) -> None:
        page = self.page
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng xuất").click()
        self.check()
        expect(page).to_have_url(re.compile(r"/app/login/"))
        expect(page.get_by_test_id("current-user")).to_have_count(0)

    def click_and_wait(self, name: str | re.Pattern[str], *, role: str = "button") -> None:
        """Click a button (or link) that submits or navigates, and wait for the next page."""
        with self.page.expect_navigation():
            self.page.get_by_role(role, name=name, exact=isinstance(name, str)).click()  # type: ignore[arg-type]
        self.check()

    def open_document(self, pk: int) -> Page:
        self.page.goto(self.url(f"/app/documents/{pk}/"))
        self.check()
        expect(self.page.get_by_test_id("state")).to_be_visible()
        return self.page

    def delivery_row(self, organ_code: str) -> Any:
        return self.page.get_by_test_id("deliveries").locator(f'tr[data-recipient="{organ_code}"]')

    def shot(self, name: str, *, full_page: bool = False) -> Path:
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def shot_from(self, test_id: str, name: str) -> Path:
        """Scroll so the card holding ``data-testid=test_id`` starts at the top of the window, then shoot."""
        self.page.get_by_test_id(test_id).evaluate(
            "el => { const card = el.closest('section') || el; window.scrollTo(0, card.getBoundingClientRect().top"
            " + window.scrollY - 12); }"
        )
        return self.shot(name)
