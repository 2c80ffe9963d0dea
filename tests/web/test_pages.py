"""The staff interface: what a clerk, a leader and a specialist see and do in the browser's pages."""

from __future__ import annotations

import pytest

from congvan.documents.models import Document, Event
from congvan.vbhc.workflow import State
from factories import fresh, make_draft, make_signed

pytestmark = pytest.mark.django_db


def login(client, member):
    client.force_login(member.user)
    return client


def test_sign_in_page_is_in_vietnamese(client):
    """Vietnamese is the default language of the interface."""
    response = client.get("/app/login/")
    assert "Đăng nhập" in response.content.decode()


def test_english_is_available(client, agency):
    """English is available through the language switch."""
    login(client, agency.clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/app/"})
    response = client.get("/app/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_password_sign_in_uses_argon2(client, agency):
    """Passwords are hashed with argon2."""
    assert agency.clerk.user.password.startswith("argon2")
    assert client.login(username=agency.clerk.user.username, password="mat-khau-thu-nghiem")


def test_anonymous_users_are_sent_to_sign_in(client):
    """Nothing of the staff interface is shown without signing in."""
    response = client.get("/app/incoming/")
    assert response.status_code == 302 and "/app/login/" in response["Location"]


def test_clerk_sees_the_signed_letter_waiting_for_its_number(client, agency, recipients):
    """The clerk's to-do list holds what waits for a number (Điều 15)."""
    doc = make_signed(agency, recipients[0].org)
    response = login(client, agency.clerk).get("/app/")
    assert doc.subject in response.content.decode()


def test_issue_from_the_page_numbers_and_delivers(client, agency, recipients):
    """Clicking 'Cấp số và phát hành' assigns the number and delivers to the recipients."""
    doc = make_signed(agency, *[r.org for r in recipients])
    response = login(client, agency.clerk).post(f"/app/documents/{doc.pk}/issue/", follow=True)
    assert "Đã cấp số 01/STTTT-TTBCXB" in response.content.decode()
    assert Document.objects.filter(direction="in", source_document=doc).count() == 2


def test_forbidden_action_gets_403_in_vietnamese_and_changes_nothing(client, agency, recipients):
    """Only the clerk issues: a specialist posting the form gets 403 with a message, and the state stays."""
    doc = make_signed(agency, recipients[0].org)
    response = login(client, agency.drafter).post(f"/app/documents/{doc.pk}/issue/")
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()
    assert fresh(doc).state == State.SIGNED


def test_action_the_state_does_not_allow_gets_409(client, agency, recipients):
    """Registering an outgoing draft is not a step of its workflow."""
    doc = make_draft(agency, recipients[0].org)
    response = login(client, agency.clerk).post(f"/app/documents/{doc.pk}/register/")
    assert response.status_code in (403, 409)
    assert fresh(doc).state == State.DRAFT


def test_other_agency_gets_404_for_a_document(client, agency, recipients):
    """'Exists but forbidden' answers like 'does not exist'."""
    doc = make_draft(agency, recipients[0].org)
    response = login(client, recipients[0].clerk).get(f"/app/documents/{doc.pk}/")
    assert response.status_code == 404


def test_missing_subject_is_reported_and_nothing_saved(client, agency, recipients):
    """A draft without its trích yếu is refused with a message in Vietnamese."""
    response = login(client, agency.drafter).post(
        "/app/documents/new/",
        {
            "doc_type": "CV",
            "subject": "",
            "urgency": "0",
            "confidentiality": "0",
            "recipient_orgs": [recipients[0].org.pk],
        },
    )
    assert response.status_code == 400
    assert "bắt buộc" in response.content.decode()
    assert not Document.objects.exists()


def test_drafting_through_the_form_keeps_recipients_and_references(client, agency, recipients):
    """The form's Kính gửi, Nơi nhận and references are saved as lines of the draft."""
    response = login(client, agency.drafter).post(
        "/app/documents/new/",
        {
            "doc_type": "CV",
            "subject": "Tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
            "urgency": "0",
            "confidentiality": "0",
            "recipient_orgs": [r.org.pk for r in recipients],
            "distribution_text": "- Như trên;\n- Lưu: VT, TTBCXB.",
            "references_text": "219/TTCS-TTTQ ngày 04/4/2024",
        },
    )
    assert response.status_code == 302
    doc = Document.objects.get()
    assert [r.text for r in doc.recipients.filter(kind="action")] == [r.org.name for r in recipients]
    assert [r.text for r in doc.recipients.filter(kind="info")] == ["Như trên", "Lưu: VT, TTBCXB"]
    ref = doc.references.get()
    assert (ref.number, ref.symbol, str(ref.date)) == ("219", "TTCS-TTTQ", "2024-04-04")


def test_unreadable_reference_is_reported(client, agency, recipients):
    """A reference that is not number/symbol is refused with an example of the expected form."""
    response = login(client, agency.drafter).post(
        "/app/documents/new/",
        {
            "doc_type": "CV",
            "subject": "Về việc X",
            "urgency": "0",
            "confidentiality": "0",
            "recipient_orgs": [recipients[0].org.pk],
            "references_text": "công văn hôm trước",
        },
    )
    assert response.status_code == 400
    assert "219/TTCS-TTTQ" in response.content.decode()


def test_oversized_upload_is_refused_with_a_message(client, agency, settings):
    """The attachment size limit answers in Vietnamese and stores nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_BYTES = 10
    doc = make_draft(agency)
    response = login(client, agency.drafter).post(
        f"/app/documents/{doc.pk}/attachments/", {"files": SimpleUploadedFile("a.pdf", b"x" * 100)}
    )
    assert response.status_code == 400
    assert "dung lượng" in response.content.decode()
    assert not doc.attachments.exists()


def test_viewing_a_document_is_logged(client, agency, recipients):
    """Phụ lục VI III.6.l: every view of a document is in the audit log."""
    doc = make_draft(agency, recipients[0].org)
    login(client, agency.clerk).get(f"/app/documents/{doc.pk}/")
    assert Event.objects.filter(document=doc, action="viewed", actor=agency.clerk.user).exists()


def test_audit_log_lists_the_agencys_events(client, agency, recipients):
    """Phụ lục VI III.5.a: the owning organisation reads its audit log."""
    make_signed(agency, recipients[0].org)
    response = login(client, agency.clerk).get("/app/audit/")
    assert response.status_code == 200
    assert "sign" in response.content.decode()


def test_register_exports_to_xlsx_with_the_columns_of_phu_luc_iv(client, agency, recipients):
    """Phụ lục IV: the outgoing register has its columns, exported to XLSX."""
    import io

    from openpyxl import load_workbook

    from congvan.documents.services import document_issue

    doc = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
    response = login(client, agency.clerk).get(
        f"/app/registers/?direction=out&year={doc.issued_on.year}&format=xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][0] == "Số, ký hiệu văn bản"
    assert rows[4][0] == "01/STTTT-TTBCXB"


def test_reference_picked_from_the_system_is_linked(client, agency, recipients):
    """A reference picked from the agency's documents keeps its number, symbol, date and link."""
    from congvan.documents.services import document_issue

    earlier = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
    response = login(client, agency.drafter).post(
        "/app/documents/new/",
        {
            "doc_type": "CV",
            "subject": "Báo cáo kết quả",
            "urgency": "0",
            "confidentiality": "0",
            "recipient_orgs": [recipients[0].org.pk],
            "referenced_docs": [earlier.pk],
        },
    )
    assert response.status_code == 302
    ref = Document.objects.filter(owner=agency.org, state="draft").get().references.get()
    assert (ref.number, ref.symbol, ref.date, ref.referenced_id) == (
        "01",
        earlier.symbol,
        earlier.issued_on,
        earlier.pk,
    )
