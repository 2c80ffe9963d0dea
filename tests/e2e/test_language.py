"""Vietnamese by default, English on request (issue 2: "work in Vietnamese (English available)")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_walk import Walk
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = re.compile(r"Tuyên truyền: kỷ niệm 70 năm Chiến thắng Điện Biên Phủ")


class TestLanguage:
    def test_clerk_switches_to_english_and_back(self, walk: Walk, demo: dict[str, Any]) -> None:
        """The interface speaks Vietnamese first; the switch in the bar turns it to English for this person,
        the workflow works the same (Điều 15: the number is still 01/STTTT-TTBCXB), and the document's own
        Vietnamese text is left as written."""
        page = walk.login("vanthu.sotttt")
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        with page.expect_navigation():
            page.locator("select[name=language]").select_option(value="en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", name="To do")).to_be_visible()

        with page.expect_navigation():
            page.get_by_role("link", name=SUBJECT).click()
        expect(page.get_by_test_id("state")).to_have_text("Signed, awaiting number")
        walk.click_and_wait("Number and issue")
        expect(page.get_by_role("status")).to_have_text("Numbered 01/STTTT-TTBCXB and issued.")
        expect(page.get_by_test_id("state")).to_have_text("Issued")
        expect(page.get_by_role("heading", name="Delivery status")).to_be_visible()
        expect(page.get_by_test_id("subject")).to_have_text(SUBJECT)
        walk.shot("english-issued")

        with page.expect_navigation():
            page.locator("select[name=language]").select_option(value="vi")
        expect(page.get_by_test_id("state")).to_have_text("Đã ban hành")
        walk.logout()
