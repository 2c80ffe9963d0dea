"""The demo walk of issue 2 in the browser, as a new user follows it from the README.

The Sở TTTT Lạng Sơn's sample letter, signed by Lê Hải Yến (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC), waits for its number.
The clerk issues it; Báo Lạng Sơn's clerk registers it; its leader directs it; the reporter carries it out;
the sender watches the status of each recipient go 01 → 03 → 04 → 05 → 06.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_walk import PHONE, Walk
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = re.compile(r"Tuyên truyền: kỷ niệm 70 năm Chiến thắng Điện Biên Phủ")
BAO_LS = "000.00.40.H33"  # Báo Lạng Sơn
DAI_PTTH = "000.00.41.H33"  # Đài PT-TH tỉnh
RECIPIENT_ORGANISATIONS = 24  # Báo, Đài, 11 Phòng VH&TT (Kính gửi) and 11 UBND huyện (Nơi nhận)


def expect_status(walk: Walk, organ_code: str, code: str) -> None:
    """The edXML status code (QCVN 102:2016) the sender sees for one recipient organisation."""
    expect(walk.delivery_row(organ_code).locator(".status")).to_have_text(re.compile(rf"^\s*{code}\b"))


def _issue_and_register_with_services(demo: dict[str, Any]) -> tuple[Any, Any]:
    """Steps already covered in the browser by ``test_clerk_issues_and_recipient_registers``, done directly."""
    from congvan.documents.incoming import incoming_register
    from congvan.documents.models import Document
    from congvan.documents.services import document_issue
    from congvan.orgs.models import Membership

    clerk = Membership.objects.get(user__username="vanthu.sotttt")
    letter = document_issue(document=demo["sample_letter"], actor=clerk)
    copy = Document.objects.get(owner__code=BAO_LS, direction="in")
    copy = incoming_register(document=copy, actor=Membership.objects.get(user__username="vanthu.baols"))
    return letter, copy


class TestDemoWalk:
    def test_clerk_issues_and_recipient_registers(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Điều 15: the clerk numbers the signed letter at issue (01/STTTT-TTBCXB, the first of the year's
        register), and it reaches every recipient organisation (status 01). Điều 20–22: Báo Lạng Sơn's clerk
        registers it with an arrival number, and the sender sees that row turn 03 while the others stay 01."""
        page = walk.login("vanthu.sotttt", shot="demo-01-login")
        expect(page).to_have_url(re.compile(r"/app/$"))
        expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
        expect(page.get_by_test_id("current-user")).to_contain_text("Hoàng Thị Lan")
        letter_link = page.get_by_role("link", name=SUBJECT)
        expect(page.locator("tr", has=letter_link)).to_contain_text("Đã ký, chờ cấp số")
        walk.shot("demo-02-clerk-todo")

        with page.expect_navigation():
            letter_link.click()
        expect(page.get_by_test_id("state")).to_have_text("Đã ký, chờ cấp số")
        # As in the sample: the symbol is there, the number is left blank for the clerk (Điều 15).
        expect(page.get_by_test_id("number-symbol")).to_have_text(re.compile(r"^\s*/STTTT-TTBCXB$"))
        expect(page.get_by_text("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC — Lê Hải Yến")).to_be_visible()
        walk.shot("demo-02b-signed-letter")
        walk.click_and_wait("Cấp số và phát hành")

        expect(page.get_by_role("status")).to_contain_text("Đã cấp số 01/STTTT-TTBCXB và phát hành văn bản.")
        expect(page.get_by_test_id("state")).to_have_text("Đã ban hành")
        expect(page.get_by_test_id("number-symbol")).to_have_text("01/STTTT-TTBCXB")
        rows = page.get_by_test_id("deliveries").locator("tbody tr")
        expect(rows).to_have_count(RECIPIENT_ORGANISATIONS)
        expect(page.get_by_test_id("deliveries").locator(".status-01")).to_have_count(RECIPIENT_ORGANISATIONS)
        expect_status(walk, BAO_LS, "01")
        expect(page.get_by_test_id("actions")).not_to_contain_text("Cấp số và phát hành")
        walk.shot("demo-03-issued")
        walk.shot_from("deliveries", "demo-03b-deliveries")
        walk.logout()

        page = walk.login("vanthu.baols")
        expect(page.get_by_test_id("current-user")).to_contain_text("Báo Lạng Sơn")
        incoming_link = page.get_by_role("link", name=SUBJECT)
        expect(page.locator("tr", has=incoming_link)).to_contain_text("Mới đến, chờ vào sổ")
        walk.shot("demo-04-recipient-inbox")
        with page.expect_navigation():
            incoming_link.click()
        expect(page.get_by_test_id("state")).to_have_text("Mới đến, chờ vào sổ")
        expect(page.get_by_test_id("number-symbol")).to_have_text("01/STTTT-TTBCXB")
        expect(page.get_by_test_id("arrival-number")).to_have_text("—")
        walk.click_and_wait("Vào sổ văn bản đến")

        expect(page.get_by_role("status")).to_contain_text("Đã vào sổ văn bản đến, số đến 01.")
        expect(page.get_by_test_id("state")).to_have_text("Đã vào sổ")
        expect(page.get_by_test_id("arrival-number")).to_contain_text("01")
        # Carried over from the sender, never retyped (issue 2).
        expect(page.locator("dl.meta")).to_contain_text("Sở Thông tin và Truyền thông")
        walk.shot("demo-05-registered")
        # Điều 22 and Phụ lục IV: the arrival is a row of the incoming register.
        walk.click_and_wait("Sổ đăng ký", role="link")
        page.get_by_label("Loại sổ").select_option(value="in")
        walk.click_and_wait("Xem")
        expect(page.get_by_test_id("register").locator("tbody tr")).to_have_count(1)
        expect(page.get_by_test_id("register")).to_contain_text("01/STTTT-TTBCXB")
        walk.shot("demo-05b-incoming-register")
        walk.logout()

        page = walk.login("vanthu.sotttt")
        walk.click_and_wait("Văn bản đi", role="link")
        expect(page.get_by_role("heading", name="Văn bản đi")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("link", name=SUBJECT).click()
        expect_status(walk, BAO_LS, "03")
        expect_status(walk, DAI_PTTH, "01")
        expect(page.get_by_test_id("deliveries").locator(".status-01")).to_have_count(
            RECIPIENT_ORGANISATIONS - 1
        )
        walk.shot_from("deliveries", "demo-06-sender-status")

    def test_leader_directs_and_reporter_completes(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Điều 23–24: Báo Lạng Sơn's leader directs the registered letter (lead unit, lead person, deadline);
        the assignee records progress and completion; the Sở's clerk, watching in her own browser, sees the
        recipient's status go 04, 05, 06 while the others stay 01."""
        letter, copy = _issue_and_register_with_services(demo)
        sender = Walk(browser=walk.browser, base_url=walk.base_url, screenshots=walk.screenshots)
        try:
            sender.login("vanthu.sotttt")

            page = walk.login("lanhdao.baols")
            with page.expect_navigation():
                page.get_by_role("link", name=SUBJECT).click()
            expect(page.get_by_test_id("state")).to_have_text("Đã vào sổ")
            actions = page.get_by_test_id("actions")
            actions.get_by_label("Đơn vị chủ trì").select_option(label="Ban Thời sự (Báo Lạng Sơn)")
            actions.get_by_label("Người chủ trì").select_option(label="Chu Thị Hằng — PHÓNG VIÊN")
            actions.get_by_label("Hạn giải quyết").fill("2030-05-07")
            actions.get_by_label("Ý kiến chỉ đạo").fill(
                "Giao đ/c Hằng viết bài tuyên truyền, đăng trước ngày 07/5."
            )
            walk.shot("demo-07-leader-directs")
            walk.click_and_wait("Phân công xử lý")
            expect(page.get_by_test_id("state")).to_have_text("Đã phân công")
            expect(actions).to_contain_text("Chu Thị Hằng")
            expect(actions).to_contain_text("07/05/2030")
            walk.logout()
            sender.open_document(letter.pk)
            expect_status(sender, BAO_LS, "04")

            page = walk.login("phongvien.baols")
            with page.expect_navigation():
                page.get_by_role("link", name=SUBJECT).click()
            actions = page.get_by_test_id("actions")
            actions.get_by_label("Tiến độ", exact=True).fill("Đã viết xong bài, chờ duyệt đăng.")
            walk.click_and_wait("Ghi tiến độ")
            expect(page.get_by_test_id("state")).to_have_text("Đang giải quyết")
            sender.open_document(letter.pk)
            expect_status(sender, BAO_LS, "05")

            page.get_by_test_id("actions").get_by_label("Nội dung").fill(
                "Bài đã đăng trên Báo Lạng Sơn số ra ngày 06/5."
            )
            walk.click_and_wait("Hoàn thành")
            expect(page.get_by_test_id("state")).to_have_text("Đã hoàn thành")
            expect(page.get_by_test_id("actions")).to_contain_text("Bài đã đăng trên Báo Lạng Sơn")
            walk.shot("demo-08-done")
            sender.open_document(letter.pk)
            expect_status(sender, BAO_LS, "06")
            expect_status(sender, DAI_PTTH, "01")
            sender.shot_from("deliveries", "demo-09-sender-done")
        finally:
            sender.close()

    def test_phone_inbox(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Issue 2: people work on a phone too; the clerk's inbox is readable on a 390 px wide screen."""
        walk.new_context(PHONE)
        page = walk.login("vanthu.sotttt")
        link = page.get_by_role("link", name=SUBJECT)
        expect(link).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width} px)"
        walk.shot("mobile-inbox", full_page=True)
        with page.expect_navigation():
            link.click()
        expect(page.get_by_role("button", name="Cấp số và phát hành")).to_be_visible()
        walk.shot("mobile-document")
