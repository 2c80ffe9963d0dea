"""Print and download carry a mark with the person's name and the time (Phụ lục VI III.6.k); each is logged
(III.6.l). The marked copy is an incremental update: the signed original's bytes stay intact inside it."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from congvan.documents.models import Event
from congvan.documents.services import attachment_add
from congvan.documents.tokens import token_create
from factories import Agency, make_draft
from signing_helpers import signed_letter

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def signed_attachment(agency: Agency):  # type: ignore[no-untyped-def]
    doc = make_draft(agency)
    return attachment_add(
        document=doc,
        actor=agency.drafter,
        name="05-STTTT.pdf",
        content=signed_letter()[1],
        content_type="application/pdf",
    )


def test_the_printed_document_pdf_carries_name_and_time(client: Client, agency: Agency) -> None:
    """The document's PDF from the system is marked with who printed it; the download is logged."""
    doc = make_draft(agency)
    client.force_login(agency.drafter.user)
    response = client.get(f"/app/documents/{doc.pk}/render/pdf/")
    assert response.status_code == 200
    assert f"In từ hệ thống bởi {agency.drafter.user.get_full_name()}" in _text(_body(response))
    assert Event.objects.filter(document=doc, action="downloaded", actor=agency.drafter.user).exists()


@pytest.mark.parametrize("via", ["web", "api"], ids=["web", "api"])
def test_a_printed_signed_attachment_is_marked_and_keeps_the_original_bytes(
    client: Client,
    agency: Agency,
    signed_attachment,
    via: str,  # type: ignore[no-untyped-def]
) -> None:
    """``?print=1``: the PDF carries the mark on every page; the signed original is the copy's first revision."""
    original = signed_letter()[1]
    if via == "web":
        client.force_login(agency.drafter.user)
        response = client.get(f"/app/attachments/{signed_attachment.pk}/?print=1")
    else:
        token = token_create(user=agency.drafter.user, name="t")[1]
        response = client.get(
            f"/api/v1/attachments/{signed_attachment.pk}?print=1", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
    assert response.status_code == 200
    body = _body(response)
    assert body.startswith(original) and body != original
    reader = PdfReader(io.BytesIO(body))
    assert all("In từ hệ thống bởi" in p.extract_text() for p in reader.pages)
    event = Event.objects.filter(document=signed_attachment.document, action="downloaded").latest("id")
    assert "In từ hệ thống bởi" in event.comment and event.actor_id == agency.drafter.user_id


def test_a_plain_download_is_the_file_byte_for_byte(
    client: Client, agency: Agency, signed_attachment
) -> None:  # type: ignore[no-untyped-def]
    """Without ``print`` the file comes back unchanged, so its digital signatures verify."""
    client.force_login(agency.drafter.user)
    response = client.get(f"/app/attachments/{signed_attachment.pk}/")
    assert _body(response) == signed_letter()[1]
