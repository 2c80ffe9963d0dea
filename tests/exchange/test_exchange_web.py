"""The clerk's exchange pages: edXML download and upload, recall, the answer to a recall (QCVN 102:2016;
Phụ lục VI III.8)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from exchange_helpers import issued_letter, read_edoc, remote_edoc

from congvan.exchange.models import ChangeRequest, Tombstone
from congvan.vbhc.edxml import write_edoc
from factories import Agency


@pytest.fixture
def bao(db):
    return Agency("Báo Lạng Sơn", "BLS")


@pytest.fixture
def letter(agency, bao):
    return issued_letter(agency, bao.org)


def test_issued_document_downloads_as_edxml(client, agency, letter):
    """The clerk downloads the edoc message of an issued document with its files."""
    client.force_login(agency.clerk.user)
    response = client.get(f"/app/documents/{letter.pk}/edxml")
    assert response.status_code == 200
    assert read_edoc(response.content).document_id == letter.document_id


def test_clerk_imports_an_edxml_file(client, agency):
    """Điều 20: an edXML file received outside the exchange becomes an incoming document."""
    client.force_login(agency.clerk.user)
    upload = SimpleUploadedFile("vb.xml", write_edoc(remote_edoc(agency.org.code)), "application/xml")
    response = client.post("/app/incoming/edxml/", {"file": upload})
    assert response.status_code == 302
    assert agency.org.documents.filter(direction="in").count() == 1


def test_clerk_recalls_from_the_document_page(client, agency, letter):
    """Phụ lục VI III.8.a: the recall button freezes the document."""
    client.force_login(agency.clerk.user)
    client.post(f"/app/documents/{letter.pk}/recall/", {"reason": "Ban hành nhầm"})
    letter.refresh_from_db()
    assert letter.state == "recalled"


def test_recipient_clerk_agrees_on_the_page(client, agency, bao, letter):
    """Phụ lục VI III.8.b: the recipient's clerk agrees and the copy becomes a tombstone."""
    client.force_login(agency.clerk.user)
    client.post(f"/app/documents/{letter.pk}/recall/", {"reason": "Ban hành nhầm"})
    change = ChangeRequest.objects.get(organization=bao.org)
    client.force_login(bao.clerk.user)
    page = client.get(f"/app/documents/{change.incoming_id}/")
    assert b'data-testid="change-request"' in page.content
    client.post(f"/app/changes/{change.pk}/answer/", {"agree": "1"})
    assert Tombstone.objects.filter(organization=bao.org).exists()


@pytest.mark.parametrize("model", ["peer", "outboxmessage", "inboxreceipt", "changerequest", "tombstone"])
def test_admin_lists_exchange_records(admin_client, remote_peer, model):
    """The administrator keeps the peers and watches the outbox, the inbox, requests and tombstones."""
    assert admin_client.get(f"/admin/exchange/{model}/").status_code == 200
