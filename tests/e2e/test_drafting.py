"""A new letter through the whole outgoing workflow in the browser (Điều 10–19).

A specialist of Phòng TTBCXB drafts it in the form, with recipients chosen from the directory and an
attachment; the unit head checks the content; Deputy Director Lê Hải Yến signs it "KT. GIÁM ĐỐC"; the clerk
numbers and issues it; the recipient's clerk finds it, with the same attachment, in the inbox.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from e2e_walk import Walk
from playwright.sync_api import FilePayload, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = "Tuyên truyền Ngày Sách và Văn hóa đọc Việt Nam năm 2024"
ATTACHMENT_NAME = "ke-hoach-tuyen-truyen.txt"
ATTACHMENT = "KẾ HOẠCH\nTuyên truyền Ngày Sách và Văn hóa đọc Việt Nam (21/4).\n".encode()
BAO_LS = "000.00.40.H33"
DAI_PTTH = "000.00.41.H33"


class TestDraftToIssue:
    def test_specialist_drafts_head_approves_leader_signs_clerk_issues(
        self, walk: Walk, demo: dict[str, Any], tmp_path: Path
    ) -> None:
        """Điều 10–15: draft → content check by the unit head → signature (KT., Điều 13) → number and date by
        the clerk at issue (Điều 15: the register's first number of the year, written 01) → delivered to each
        recipient organisation chosen from the directory, attachment intact (SHA-256)."""
        from congvan.documents.models import Document

        page = walk.login("chuyenvien.sotttt")
        walk.click_and_wait("Soạn văn bản", role="link")
        expect(page.get_by_role("heading", name="Soạn văn bản đi")).to_be_visible()
        page.get_by_label("Loại văn bản").select_option(value="CV")
        page.get_by_label("Trích yếu").fill(SUBJECT)
        page.get_by_label("Kính gửi (chọn trong danh bạ)").select_option(
            label=["Báo Lạng Sơn", "Đài Phát thanh và Truyền hình tỉnh Lạng Sơn"]
        )
        page.get_by_label("Nội dung").fill(
            "Thực hiện Kế hoạch của UBND tỉnh, Sở Thông tin và Truyền thông đề nghị các cơ quan báo chí "
            "tăng cường tuyên truyền Ngày Sách và Văn hóa đọc Việt Nam năm 2024."
        )
        page.get_by_label("Đơn vị soạn thảo").select_option(
            label="Phòng Thông tin - Báo chí - Xuất bản (Sở TTTT Lạng Sơn)"
        )
        attachment: FilePayload = {"name": ATTACHMENT_NAME, "mimeType": "text/plain", "buffer": ATTACHMENT}
        page.locator("#id_files").set_input_files(files=[attachment])
        walk.shot("draft-01-form", full_page=True)
        walk.click_and_wait("Lưu dự thảo")

        expect(page.get_by_role("status")).to_contain_text("Đã lưu dự thảo.")
        expect(page.get_by_test_id("state")).to_have_text("Dự thảo")
        expect(page.get_by_test_id("subject")).to_have_text(SUBJECT)
        expect(page.get_by_role("link", name=ATTACHMENT_NAME)).to_be_visible()
        draft = Document.objects.get(subject=SUBJECT)
        walk.click_and_wait("Trình kiểm tra nội dung")
        expect(page.get_by_test_id("state")).to_have_text("Chờ kiểm tra nội dung")
        walk.logout()

        page = walk.login("truongphong.sotttt")
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile(SUBJECT)).click()
        expect(page.get_by_test_id("state")).to_have_text("Chờ kiểm tra nội dung")
        page.get_by_test_id("actions").locator("form", has_text="Duyệt nội dung").get_by_label("Ý kiến").fill(
            "Nội dung đạt, trình Lãnh đạo Sở ký."
        )
        walk.click_and_wait("Duyệt nội dung, trình ký")
        expect(page.get_by_test_id("state")).to_have_text("Chờ ký")
        walk.logout()

        page = walk.login("lhyen")
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile(SUBJECT)).click()
        page.get_by_label("Thẩm quyền ký (Điều 13)").select_option(value="KT.")
        walk.shot("draft-02-sign")
        walk.click_and_wait("Ký văn bản")
        expect(page.get_by_test_id("state")).to_have_text("Đã ký, chờ cấp số")
        expect(page.get_by_text("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC — Lê Hải Yến")).to_be_visible()
        walk.logout()

        page = walk.login("vanthu.sotttt")
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile(SUBJECT)).click()
        walk.click_and_wait("Cấp số và phát hành")
        expect(page.get_by_test_id("number-symbol")).to_have_text("01/STTTT-TTBCXB")
        expect(page.get_by_test_id("deliveries").locator("tbody tr")).to_have_count(2)
        expect(walk.delivery_row(BAO_LS)).to_contain_text("01")
        expect(walk.delivery_row(DAI_PTTH)).to_contain_text("01")
        draft.refresh_from_db()
        assert draft.number == 1 and draft.signing_authority.startswith("KT.")
        walk.logout()

        page = walk.login("vanthu.daipt")
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile(SUBJECT)).click()
        expect(page.get_by_test_id("number-symbol")).to_have_text("01/STTTT-TTBCXB")
        with page.expect_download() as download_info:
            page.get_by_role("link", name=ATTACHMENT_NAME).click()
        saved = tmp_path / "download.bin"
        download_info.value.save_as(saved)
        assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(ATTACHMENT).hexdigest()

    def test_unit_head_returns_with_comment(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Điều 11–12: the unit head returns a draft with comments; it goes back to the drafter as a draft and
        the comment is in its history."""
        page = walk.login("chuyenvien.sotttt")
        walk.click_and_wait("Soạn văn bản", role="link")
        page.get_by_label("Trích yếu").fill(SUBJECT)
        page.get_by_label("Kính gửi (chọn trong danh bạ)").select_option(label=["Báo Lạng Sơn"])
        walk.click_and_wait("Lưu dự thảo")
        walk.click_and_wait("Trình kiểm tra nội dung")
        walk.logout()

        page = walk.login("truongphong.sotttt")
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile(SUBJECT)).click()
        page.get_by_label("Ý kiến khi trả lại").fill("Bổ sung căn cứ Kế hoạch của UBND tỉnh.")
        walk.click_and_wait("Trả lại")
        expect(page.get_by_test_id("state")).to_have_text("Dự thảo")
        walk.logout()

        page = walk.login("chuyenvien.sotttt")
        expect(page.get_by_role("link", name=re.compile(SUBJECT))).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile(SUBJECT)).click()
        expect(page.get_by_text("Bổ sung căn cứ Kế hoạch của UBND tỉnh.")).to_be_visible()
        expect(page.get_by_role("link", name="Sửa dự thảo")).to_be_visible()
