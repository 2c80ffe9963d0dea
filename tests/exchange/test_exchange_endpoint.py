"""POST /exchange/v1/messages: signed edXML messages between installations (QCVN 102:2016; Điều 20–22)."""

from __future__ import annotations

import pytest
from exchange_helpers import REMOTE_ORGAN, issued_letter, post_signed, read_status, remote_edoc

from congvan.documents.incoming import incoming_register
from congvan.documents.models import Document, Event
from congvan.exchange.models import Delivery, OutboxMessage
from congvan.vbhc import edxml
from congvan.vbhc.edxml import write_edoc, write_status
from factories import Agency


@pytest.fixture
def sent(db, client, agency, remote_peer, remote_key):
    """The remote installation sends a letter with an attachment to our agency."""
    body = write_edoc(remote_edoc(agency.org.code))
    return post_signed(client, body, remote_key), body


class TestArrival:
    def test_signed_edoc_becomes_an_incoming_document(self, agency, sent):
        """Điều 20: a message from a known peer with a valid signature is received (state received)."""
        response, _body = sent
        assert response.status_code == 200
        copy = agency.org.documents.get(direction="in")
        assert (copy.number_text, copy.symbol, copy.issuer_code) == ("15", "TTCS-TTTQ", REMOTE_ORGAN)
        assert copy.attachments.get().name == "tep-0.txt"

    def test_arrival_answers_status_01(self, agency, sent):
        """Điều 22, QCVN 102:2016: the sender is told of the arrival at once (status 01) through the outbox."""
        row = OutboxMessage.objects.get(kind="status")
        assert read_status(bytes(row.payload)).status_code == "01"

    def test_same_message_twice_is_one_document(self, client, agency, sent, remote_key):
        """Idempotent receiver: a message sent again (its answer was lost) makes no second copy."""
        _response, body = sent
        again = post_signed(client, body, remote_key)
        assert again.status_code == 200
        assert agency.org.documents.filter(direction="in").count() == 1

    def test_clerk_registration_answers_status_03(self, agency, sent):
        """Điều 22: registration (status 03) goes back to an external sender as a status message."""
        copy = agency.org.documents.get(direction="in")
        incoming_register(document=copy, actor=agency.clerk)
        codes = [
            read_status(bytes(r.payload)).status_code for r in OutboxMessage.objects.filter(kind="status")
        ]
        assert codes == ["01", "03"]


class TestSignature:
    def test_wrong_signature_is_refused_with_403(self, client, agency, remote_peer):
        """An unknown or wrong signature is refused (HTTP 403) and nothing is received."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        response = post_signed(client, write_edoc(remote_edoc(agency.org.code)), Ed25519PrivateKey.generate())
        assert response.status_code == 403
        assert not agency.org.documents.filter(direction="in").exists()

    def test_refusal_is_a_status_02_message(self, client, agency, remote_peer):
        """The refusal answers with status 02 so that the sender's system can show it."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        response = post_signed(client, write_edoc(remote_edoc(agency.org.code)), Ed25519PrivateKey.generate())
        assert read_status(response.content).status_code == "02"

    def test_refusal_is_in_the_audit_log(self, client, agency, remote_peer):
        """Phụ lục VI: a refused message is logged for the organisation it was addressed to."""
        response = client.post(
            "/exchange/v1/messages",
            data=write_edoc(remote_edoc(agency.org.code)),
            content_type="application/xml",
        )
        assert response.status_code == 403
        assert Event.objects.get(organization=agency.org, action="exchange_refused")

    def test_unknown_sender_is_refused(self, client, agency, remote_key):
        """A sender that is no peer of ours is refused even with a well-formed signature."""
        response = post_signed(client, write_edoc(remote_edoc(agency.org.code)), remote_key)
        assert response.status_code == 403

    def test_oversized_message_is_refused_before_reading(self, client, agency, remote_peer, monkeypatch):
        """A message over the size limit is refused (413) from its declared length."""
        monkeypatch.setenv("CONGVAN_EXCHANGE_MAX_MB", "0.001")
        response = client.post("/exchange/v1/messages", data=b"<x/>" * 1000, content_type="application/xml")
        assert response.status_code == 413


class TestHostileInput:
    def test_external_entity_is_refused_without_reading_the_file(
        self, client, agency, remote_peer, remote_key, tmp_path
    ):
        """XXE: an entity pointing at a local file is refused (400) and the file's content appears nowhere."""
        secret = tmp_path / "secret.txt"
        secret.write_text("BI-MAT-123")
        body = (
            f'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<edXML><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&x;</Subject>"
            "</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
        ).encode()
        response = post_signed(client, body, remote_key)
        assert response.status_code == 400
        assert b"BI-MAT-123" not in response.content
        assert not Document.objects.filter(direction="in").exists()

    def test_billion_laughs_is_refused(self, client, agency, remote_peer, remote_key):
        """Nested entities (billion laughs) are refused before expansion."""
        lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
        body = (
            f'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY l0 "lol">{lol}]><edXML>&l9;</edXML>'
        ).encode()
        assert post_signed(client, body, remote_key).status_code == 400

    def test_a_declared_gigabyte_is_refused_before_reading(self, client, agency, remote_peer):
        """A 1 GB message is refused (413) from its Content-Length; nothing is read into memory."""
        response = client.generic(
            "POST",
            "/exchange/v1/messages",
            b"<edXML/>",
            content_type="application/xml",
            CONTENT_LENGTH=str(1024**3),
        )
        assert response.status_code == 413


class TestStatusesComingBack:
    def test_external_status_updates_the_senders_delivery(self, client, agency, remote_peer, remote_key):
        """QCVN 102:2016: a status from the recipient's installation updates the sender's delivery row."""
        far = Agency("Báo Lạng Sơn", "BLS")
        remote_peer.organ_ids = f"{remote_peer.organ_ids}\n{far.org.code}"
        remote_peer.save()
        doc = issued_letter(agency, far.org)
        delivery = Delivery.objects.get(outgoing=doc)
        assert (delivery.status, delivery.peer_id, delivery.incoming_id) == ("", remote_peer.pk, None)
        status = edxml.StatusMessage(
            sender=edxml.Organization(organ_id=far.org.code),
            status_code="03",
            response_for=edxml.ResponseFor(organ_id=agency.org.code, document_id=doc.document_id),
        )
        assert post_signed(client, write_status(status), remote_key).status_code == 200
        delivery.refresh_from_db()
        assert delivery.status == "03"

    def test_late_status_is_logged_but_never_moves_the_delivery_back(
        self, client, agency, remote_peer, remote_key
    ):
        """Statuses only move forward (a 04 arriving after 06 stays 06), and each one is in the audit log."""
        far = Agency("Báo Lạng Sơn", "BLS")
        remote_peer.organ_ids = f"{remote_peer.organ_ids}\n{far.org.code}"
        remote_peer.save()
        doc = issued_letter(agency, far.org)
        for code in ("06", "04"):
            status = edxml.StatusMessage(
                sender=edxml.Organization(organ_id=far.org.code),
                status_code=code,
                response_for=edxml.ResponseFor(organ_id=agency.org.code, document_id=doc.document_id),
            )
            post_signed(client, write_status(status), remote_key)
        assert Delivery.objects.get(outgoing=doc).status == "06"
        assert {"status_06", "status_04"} <= set(doc.events.values_list("action", flat=True))

    def test_issue_to_an_external_recipient_writes_the_outbox(self, agency, remote_peer):
        """The message is written in the issuing transaction (outbox), not sent from the request."""
        far = Agency("Báo Lạng Sơn", "BLS")
        remote_peer.organ_ids = far.org.code
        remote_peer.save()
        doc = issued_letter(agency, far.org)
        row = OutboxMessage.objects.get(kind="edoc")
        assert (row.document_id, row.peer_id, row.delivered_at) == (doc.pk, remote_peer.pk, None)
        assert not Document.objects.filter(direction="in", owner=far.org).exists()
