"""Versions and opinion gathering in the browser (issue 11; Phụ lục VI III.5.a).

The specialist's draft has two saved versions; she compares them side by side (the words added marked) and asks
her unit head for opinions from the document page; the unit head finds the request under "Góp ý dự thảo" and
answers "agree with comments"; the drafter sees the answer in the table of opinions.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_walk import Walk
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = "Tuyên truyền Tháng hành động vì an toàn thực phẩm năm 2024"


def draft_with_two_versions() -> Any:
    from congvan.documents.services import (
        DraftData,
        RecipientLine,
        document_create_draft,
        document_update_draft,
    )
    from congvan.orgs.models import Membership

    drafter = Membership.objects.select_related("user", "organization").get(
        user__username="chuyenvien.sotttt"
    )
    data = DraftData(
        subject=SUBJECT,
        body="Sở Thông tin và Truyền thông đề nghị các cơ quan báo chí tuyên truyền.\nTrân trọng.",
        recipients=[RecipientLine("Báo Lạng Sơn")],
        distribution=[RecipientLine("Như trên"), RecipientLine("Lưu: VT, TTBCXB")],
    )
    doc = document_create_draft(actor=drafter, data=data)
    data.body = (
        "Sở Thông tin và Truyền thông đề nghị các cơ quan báo chí tăng cường tuyên truyền.\nTrân trọng."
    )
    return document_update_draft(document=doc, actor=drafter, data=data)


class TestVersionsAndConsultation:
    def test_drafter_compares_two_versions_side_by_side(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Any two versions compare side by side: the body word by word, the words added marked."""
        doc = draft_with_two_versions()
        page = walk.login("chuyenvien.sotttt")
        walk.open_document(doc.pk)
        expect(page.get_by_test_id("drafting")).to_contain_text("Phiên bản hiện tại: 2")
        walk.click_and_wait("Các phiên bản", role="link")
        expect(page.get_by_test_id("versions").locator("tbody tr")).to_have_count(2)
        walk.click_and_wait("So sánh hai phiên bản đã chọn")
        expect(page.get_by_role("heading", name="So sánh phiên bản 1 và 2")).to_be_visible()
        diff = page.get_by_test_id("body-diff")
        expect(diff.locator("ins")).to_have_text(["tăng ", "cường "])
        expect(diff.locator("del")).to_have_count(0)
        expect(page.get_by_test_id("diff-stats")).to_have_text("Thêm 2 từ, bỏ 0 từ.")
        walk.shot("versions-01-compare", full_page=True)

    def test_unit_head_answers_a_consultation(self, walk: Walk, demo: dict[str, Any]) -> None:
        """The drafter asks; the person asked answers against the version sent; the drafter sees the answer."""
        from congvan.orgs.models import Membership

        doc = draft_with_two_versions()
        head = Membership.objects.get(user__username="truongphong.sotttt")
        page = walk.login("chuyenvien.sotttt")
        walk.open_document(doc.pk)
        walk.click_and_wait("Xin ý kiến góp ý", role="link")
        page.get_by_label("Người được xin ý kiến").select_option(value=[str(head.pk)])
        page.get_by_label("Hạn góp ý").fill("2099-12-31")
        page.get_by_label("Nội dung đề nghị góp ý").fill("Đề nghị góp ý về nội dung tuyên truyền.")
        walk.click_and_wait("Gửi xin ý kiến")
        expect(page.get_by_role("status")).to_contain_text("Đã gửi xin ý kiến góp ý dự thảo.")
        expect(page.get_by_test_id("pending")).to_have_text("Vy Văn Thành")
        walk.logout()

        page = walk.login("truongphong.sotttt")
        walk.click_and_wait("Góp ý dự thảo", role="link")
        walk.click_and_wait(re.compile(SUBJECT), role="link")
        expect(page.get_by_test_id("consulted-body")).to_contain_text("tăng cường tuyên truyền")
        answer = page.get_by_test_id("answer")
        answer.get_by_label("Nhất trí, có ý kiến").check()
        answer.get_by_label("Nội dung góp ý").fill("Bổ sung thời gian thực hiện.")
        walk.shot("consultation-01-answer", full_page=True)
        walk.click_and_wait("Gửi ý kiến")
        expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận ý kiến góp ý.")
        walk.logout()

        page = walk.login("chuyenvien.sotttt")
        walk.open_document(doc.pk)
        walk.click_and_wait(re.compile("phiên bản 2"), role="link")
        row = page.get_by_test_id("parties").locator("tbody tr")
        expect(row).to_contain_text("Nhất trí, có ý kiến")
        expect(row).to_contain_text("Bổ sung thời gian thực hiện.")
        expect(page.get_by_text("Mọi nơi đến lượt đã trả lời.")).to_be_visible()
