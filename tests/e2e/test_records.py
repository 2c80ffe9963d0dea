"""Case files in the browser (issue 8): the clerk opens a case file in the year's plan, files the demo's issued
letter, and downloads the case file as PDF and the year's mục lục hồ sơ as XLSX (Phụ lục VI III.4, V.6)."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_walk import Walk
from playwright.sync_api import expect

from congvan.documents.models import Document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class TestCaseFile:
    def test_clerk_files_the_issued_letter_and_exports_the_case_file(
        self, walk: Walk, demo: dict[str, Any]
    ) -> None:
        """Open a case file from the menu, file a document by its id, see it numbered 1, export PDF and the
        year's list of case files."""
        letter = Document.objects.filter(direction="out", state="issued", owner__abbreviation="STTTT").first()
        assert letter is not None
        page = walk.login("vanthu.sotttt")
        walk.click_and_wait("Hồ sơ", role="link")
        expect(page.get_by_role("heading", name="Danh mục hồ sơ năm", exact=False)).to_be_visible()
        page.get_by_label("Số và ký hiệu hồ sơ").fill("01.VP")
        page.get_by_label("Tiêu đề hồ sơ").fill("Hồ sơ kỷ niệm 70 năm Chiến thắng Điện Biên Phủ")
        walk.click_and_wait("Lập hồ sơ")
        expect(page.get_by_test_id("file-code")).to_contain_text(".01.VP")
        page.get_by_label("Mã văn bản", exact=False).fill(str(letter.pk))
        walk.click_and_wait("Đưa vào hồ sơ")
        rows = page.get_by_test_id("entries").locator("tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(letter.subject[:40])
        walk.shot("records-01-case-file", full_page=True)
        with page.expect_download() as download:
            page.get_by_role("link", name="Kết xuất PDF").click()
        assert download.value.suggested_filename.endswith(".pdf")
        page.get_by_role("link", name="Danh mục hồ sơ", exact=False).last.click()
        with page.expect_download() as xlsx:
            page.get_by_role("link", name="Mục lục hồ sơ (XLSX)").click()
        assert xlsx.value.suggested_filename.endswith(".xlsx")
