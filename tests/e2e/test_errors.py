"""Bad requests in the browser get a clear Vietnamese page and change nothing (issue 2, "Done when")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_walk import Walk
from playwright.sync_api import Page, Response, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = re.compile(r"Tuyên truyền: kỷ niệm 70 năm Chiến thắng Điện Biên Phủ")
READ_ONLY_EVENTS = ("viewed", "downloaded", "exported")


def _snapshot() -> dict[str, Any]:
    """Everything a workflow step could change: documents, deliveries, register counters, the audit trail."""
    from congvan.documents.models import Document, Event, Register
    from congvan.exchange.models import Delivery

    return {
        "documents": sorted(Document.objects.values_list("pk", "state", "number", "arrival_number")),
        "deliveries": sorted(Delivery.objects.values_list("pk", "status")),
        "registers": sorted(Register.objects.values_list("pk", "next_number")),
        "events": sorted(
            Event.objects.exclude(action__in=READ_ONLY_EVENTS).values_list("pk", "action", "to_state")
        ),
    }


def _post_from_page(page: Page, path: str, fields: dict[str, str] | None = None) -> Response:
    """Submit a hand-made form with the page's CSRF token: what a user who edits the page could send."""
    with page.expect_navigation() as navigation:
        page.evaluate(
            """([path, fields]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = path;
                const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
                for (const [name, value] of Object.entries({csrfmiddlewaretoken: token, ...fields})) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = name; input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [path, fields or {}],
        )
    response = navigation.value
    assert response is not None
    return response


class TestForbiddenActions:
    def test_specialist_cannot_issue(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Điều 15–16: only the clerk numbers and issues. A specialist who posts the issue action anyway gets a
        403 page in Vietnamese; the letter keeps no number, nothing is delivered, no register moves."""
        letter = demo["sample_letter"]
        page = walk.login("chuyenvien.sotttt")
        walk.open_document(letter.pk)
        expect(page.get_by_test_id("actions")).not_to_contain_text("Cấp số và phát hành")
        before = _snapshot()

        response = _post_from_page(page, f"/app/documents/{letter.pk}/issue/")

        assert response.status == 403
        expect(page.get_by_role("heading", name="Không thực hiện được")).to_be_visible()
        expect(page.get_by_test_id("error-message")).to_have_text(
            "Bạn không có quyền thực hiện thao tác này đối với văn bản."
        )
        expect(page.get_by_text("Không có thay đổi nào được lưu.")).to_be_visible()
        walk.shot("error-forbidden")
        assert _snapshot() == before
        walk.open_document(letter.pk)
        expect(page.get_by_test_id("state")).to_have_text("Đã ký, chờ cấp số")

    def test_issue_twice_from_a_stale_tab(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Điều 15: a number is given once. The clerk who has the letter open in two tabs issues it in one and
        then presses "Cấp số và phát hành" in the other: she is told it is already issued (409); it keeps
        number 01 and its 24 deliveries, and the register's next number stays 02."""
        letter = demo["sample_letter"]
        page = walk.login("vanthu.sotttt")
        walk.open_document(letter.pk)
        assert walk.context is not None
        stale = walk.context.new_page()
        stale.goto(walk.url(f"/app/documents/{letter.pk}/"))
        walk.click_and_wait("Cấp số và phát hành")
        expect(page.get_by_test_id("number-symbol")).to_have_text("01/STTTT-TTBCXB")
        before = _snapshot()

        with stale.expect_navigation() as navigation:
            stale.get_by_role("button", name="Cấp số và phát hành").click()

        assert navigation.value is not None and navigation.value.status == 409
        expect(stale.get_by_test_id("error-message")).to_have_text(
            "Văn bản đang ở trạng thái “Đã ban hành”, không thể thực hiện thao tác này."
        )
        stale.screenshot(path=str(walk.screenshots / "error-already-issued.png"))
        assert _snapshot() == before
        walk.open_document(letter.pk)
        expect(page.get_by_test_id("number-symbol")).to_have_text("01/STTTT-TTBCXB")
        expect(page.get_by_test_id("deliveries").locator("tbody tr")).to_have_count(24)

    def test_other_agency_document_is_not_found(self, walk: Walk, demo: dict[str, Any]) -> None:
        """An organisation's records are its own (DESIGN §5.1): Báo Lạng Sơn's clerk who types the URL of the
        Sở's letter is told it does not exist, exactly as for a number that exists nowhere."""
        letter = demo["sample_letter"]
        page = walk.login("vanthu.baols")
        response = page.goto(walk.url(f"/app/documents/{letter.pk}/"))
        assert response is not None and response.status == 404
        expect(page.get_by_test_id("error-message")).to_have_text("Không tìm thấy văn bản.")
        response = page.goto(walk.url("/app/documents/999999/"))
        assert response is not None and response.status == 404
        expect(page.get_by_test_id("error-message")).to_have_text("Không tìm thấy văn bản.")

    def test_draft_without_subject(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Điều 8 (Phụ lục I: trích yếu is part of every document): a draft without a subject is sent back with
        the field marked in Vietnamese and no document is created."""
        page = walk.login("chuyenvien.sotttt")
        walk.click_and_wait("Soạn văn bản", role="link")
        before = _snapshot()
        # Past the browser's own check, as an old browser or a script would be.
        page.get_by_label("Trích yếu").evaluate("el => el.removeAttribute('required')")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Lưu dự thảo").click()
        assert navigation.value is not None and navigation.value.status == 400
        field = page.locator(".field.has-error")
        expect(field).to_contain_text("Trích yếu")
        expect(field.get_by_role("alert")).to_have_text(re.compile(r"\S"))
        walk.shot("error-draft-missing-subject")
        assert _snapshot() == before

    def test_reporter_cannot_complete_what_is_not_assigned(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Điều 24: progress and completion belong to the person or unit the leader assigned. A reporter of
        Báo Lạng Sơn who reads the letter (it was shared with them) but was not assigned cannot close it; its
        status at the sender stays 03."""
        from congvan.documents.access import document_share
        from congvan.documents.incoming import incoming_register
        from congvan.documents.models import Document
        from congvan.documents.services import document_issue
        from congvan.orgs.models import Membership

        document_issue(
            document=demo["sample_letter"], actor=Membership.objects.get(user__username="vanthu.sotttt")
        )
        copy = Document.objects.get(owner__code="000.00.40.H33", direction="in")
        clerk = Membership.objects.get(user__username="vanthu.baols")
        copy = incoming_register(document=copy, actor=clerk)
        # Shared with the reporter for information: they read it (read scope ``unit``) but are not assigned.
        reporter = Membership.objects.get(user__username="phongvien.baols")
        document_share(document=copy, actor=clerk, user_id=reporter.user_id)

        page = walk.login("phongvien.baols")
        walk.open_document(copy.pk)
        expect(page.get_by_test_id("actions")).to_contain_text(
            "Không có thao tác nào dành cho bạn ở bước này."
        )
        before = _snapshot()
        response = _post_from_page(page, f"/app/documents/{copy.pk}/complete/", {"text": "Xong."})
        assert response.status in (403, 409)
        expect(page.get_by_test_id("error-message")).to_be_visible()
        assert _snapshot() == before
