"""The format check in the workflow (Phụ lục I, Điều 13–15): shown while drafting, and issuing a document with
errors needs an explicit override that is logged (issue 4)."""

from __future__ import annotations

import pytest

from congvan.documents.errors import InvalidInput
from congvan.documents.models import Event, Recipient
from congvan.documents.rendering import format_findings
from congvan.documents.services import document_issue
from congvan.vbhc.workflow import State
from factories import fresh, make_signed

pytestmark = pytest.mark.django_db


def with_bad_distribution(doc):
    """'Lưu: VT' put first and 'Như trên' last: Phụ lục I wants the reverse."""
    Recipient.objects.filter(document=doc, kind="info").delete()
    for pos, text in enumerate(["Lưu: VT, TTBCXB", "Như trên"]):
        Recipient.objects.create(document=doc, kind="info", position=pos, text=text)
    return doc


def test_a_well_formed_letter_has_no_errors(agency, recipients):
    """The factory's letter follows Phụ lục I: no error findings."""
    doc = make_signed(agency, recipients[0].org)
    assert [f for f in format_findings(doc) if f.level == "error"] == []


def test_errors_block_the_issue_and_use_no_number(agency, recipients):
    """A letter with format errors is not issued without the override; the register's number is not used."""
    doc = with_bad_distribution(make_signed(agency, recipients[0].org))
    assert any(f.level == "error" for f in format_findings(doc))
    with pytest.raises(InvalidInput) as error:
        document_issue(document=doc, actor=agency.clerk)
    assert "lỗi thể thức" in str(error.value)
    assert fresh(doc).state == State.SIGNED
    ok = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
    assert ok.number == 1


def test_override_issues_and_is_logged(agency, recipients):
    """The clerk may issue despite the errors; the override and the findings are in the audit log."""
    doc = with_bad_distribution(make_signed(agency, recipients[0].org))
    issued = document_issue(document=doc, actor=agency.clerk, override_format=True)
    assert issued.state == State.ISSUED
    event = Event.objects.get(document=doc, action="format_override")
    assert event.actor_id == agency.clerk.user_id and "Phụ lục I" in event.comment


def test_page_shows_the_check_panel_and_the_override(client, agency, recipients):
    """The clerk sees the findings and the override box on the document page."""
    doc = with_bad_distribution(make_signed(agency, recipients[0].org))
    client.force_login(agency.clerk.user)
    html = client.get(f"/app/documents/{doc.pk}/").content.decode()
    assert 'data-testid="format-check"' in html and 'name="override_format"' in html


def test_override_from_the_page(client, agency, recipients):
    """Ticking the override box issues the document."""
    doc = with_bad_distribution(make_signed(agency, recipients[0].org))
    client.force_login(agency.clerk.user)
    client.post(f"/app/documents/{doc.pk}/issue/", {"override_format": "on"})
    assert fresh(doc).state == State.ISSUED


@pytest.mark.parametrize(("kind", "magic"), [("pdf", b"%PDF"), ("docx", b"PK")], ids=["pdf", "docx"])
def test_every_document_has_its_pdf_and_docx(client, agency, recipients, kind, magic):
    """Issue 4: every document in the system can be had as PDF and DOCX, in the interface and the API."""
    doc = make_signed(agency, recipients[0].org)
    client.force_login(agency.drafter.user)
    page = client.get(f"/app/documents/{doc.pk}/render/{kind}/")
    api = client.get(f"/api/v1/documents/{doc.pk}/render/{kind}")
    assert page.content.startswith(magic) and api.content.startswith(magic)
    assert Event.objects.filter(document=doc, action="downloaded", comment=kind).count() == 2


def test_api_lists_the_findings(client, agency, recipients):
    """GET /api/v1/documents/{id}/format-check names each finding's rule and article."""
    doc = with_bad_distribution(make_signed(agency, recipients[0].org))
    client.force_login(agency.clerk.user)
    findings = client.get(f"/api/v1/documents/{doc.pk}/format-check").json()
    assert any(f["level"] == "error" and f["article"] for f in findings)
