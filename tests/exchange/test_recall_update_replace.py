"""Recall, update and replacement of an issued document (Phụ lục VI III.8; Điều 22 khoản 4; edXML business
types 1, 2, 3 and statuses 13, 15, 16), for recipients in this database and in another installation."""

from __future__ import annotations

import pytest
from exchange_helpers import REMOTE_ORGAN, issued_letter, post_signed, read_edoc, read_status, remote_edoc

from congvan.documents.errors import NotAllowed
from congvan.documents.models import Document, Event
from congvan.exchange.changes import (
    change_answer,
    document_recall,
    document_replace,
    document_update_recipients,
    pending_changes,
)
from congvan.exchange.models import ChangeRequest, Delivery, OutboxMessage, Replacement, Tombstone
from congvan.vbhc import edxml
from congvan.vbhc.edxml import write_edoc
from congvan.vbhc.workflow import State
from factories import Agency


@pytest.fixture
def bao(db):
    return Agency("Báo Lạng Sơn", "BLS")


@pytest.fixture
def letter(agency, bao):
    return issued_letter(agency, bao.org)


@pytest.fixture
def recalled(agency, letter):
    return document_recall(document=letter, actor=agency.clerk, reason="Ban hành nhầm nơi nhận")


class TestRecallBySender:
    def test_recall_freezes_the_senders_document(self, recalled):
        """Phụ lục VI III.8.a: the recalled outgoing document is frozen (state recalled)."""
        assert recalled.state == State.RECALLED

    def test_recall_marks_each_delivery_13(self, recalled):
        """Status 13: the recall is asked of every recipient."""
        assert set(Delivery.objects.filter(outgoing=recalled).values_list("status", flat=True)) == {"13"}

    def test_recall_reaches_the_recipients_clerk(self, bao, recalled):
        """The receiving clerk sees the request next to the incoming copy it concerns."""
        (change,) = pending_changes(bao.org)
        assert change.incoming is not None
        assert (change.kind, change.incoming.document_id) == (1, recalled.document_id)

    def test_specialist_cannot_recall(self, agency, letter):
        """Only the clerk or a leader recalls an issued document."""
        with pytest.raises(NotAllowed):
            document_recall(document=letter, actor=agency.drafter, reason="x")


class TestRecallAnswered:
    def test_agreed_recall_destroys_the_incoming_copy(self, bao, recalled):
        """Phụ lục VI III.8.b, Điều 22.4.b: the recipient destroys its copy of a recalled document."""
        (change,) = pending_changes(bao.org)
        change_answer(change=change, actor=bao.clerk, agree=True)
        assert not Document.objects.filter(owner=bao.org, direction="in").exists()

    def test_agreed_recall_keeps_a_tombstone_and_an_event(self, bao, recalled):
        """Phụ lục VI III.8.c: the recall's own metadata stays (tombstone and audit event)."""
        (change,) = pending_changes(bao.org)
        change_answer(change=change, actor=bao.clerk, agree=True)
        assert Tombstone.objects.get(organization=bao.org).document_id == recalled.document_id
        assert Event.objects.filter(organization=bao.org, action="destroyed", document=None).exists()
        assert Event.objects.filter(organization=bao.org, action="recall_agreed").exists()

    def test_agreed_recall_answers_15(self, bao, recalled):
        """Status 15 reaches the sender's delivery row."""
        (change,) = pending_changes(bao.org)
        change_answer(change=change, actor=bao.clerk, agree=True)
        assert Delivery.objects.get(outgoing=recalled).status == "15"

    def test_refused_recall_keeps_the_copy_and_answers_16(self, bao, recalled):
        """Status 16: the clerk refuses with a reason; the copy stays."""
        (change,) = pending_changes(bao.org)
        change_answer(change=change, actor=bao.clerk, agree=False, note="Đã triển khai thực hiện")
        assert Document.objects.filter(owner=bao.org, direction="in").count() == 1
        assert Delivery.objects.get(outgoing=recalled).status == "16"

    def test_a_request_is_answered_once(self, bao, recalled):
        """A second answer is refused: the first one already travelled."""
        from congvan.documents.errors import InvalidState

        (change,) = pending_changes(bao.org)
        change_answer(change=change, actor=bao.clerk, agree=True)
        with pytest.raises(InvalidState):
            change_answer(change=change, actor=bao.clerk, agree=False, note="x")


class TestUpdate:
    def test_added_recipient_receives_the_document(self, agency, letter):
        """Business type 2: a recipient added after issue receives the document like the others."""
        dai = Agency("Đài Phát thanh và Truyền hình tỉnh", "PTTH")
        document_update_recipients(
            document=letter, actor=agency.clerk, add_organization_ids=[dai.org.pk], reason="Bổ sung nơi nhận"
        )
        assert dai.org.documents.get(direction="in").document_id == letter.document_id
        assert Delivery.objects.filter(outgoing=letter).count() == 2

    def test_removed_recipient_is_asked_to_destroy_its_copy(self, agency, bao, letter):
        """Business type 2: a removed recipient's clerk agrees and the copy is destroyed (15)."""
        document_update_recipients(
            document=letter, actor=agency.clerk, remove_organization_ids=[bao.org.pk], reason="Gửi nhầm"
        )
        (change,) = pending_changes(bao.org)
        change_answer(change=change, actor=bao.clerk, agree=True)
        assert not bao.org.documents.filter(direction="in").exists()
        assert Delivery.objects.get(outgoing=letter).status == "15"

    def test_update_is_in_the_senders_audit_log(self, agency, bao, letter):
        """Every step of an update is logged."""
        document_update_recipients(
            document=letter, actor=agency.clerk, remove_organization_ids=[bao.org.pk], reason="Gửi nhầm"
        )
        assert letter.events.filter(action="recipients_updated").exists()


class TestReplace:
    def test_agreed_replacement_links_old_and_new_copies(self, agency, bao, letter):
        """Business type 3: the recipient's copies of the old and the new document are linked."""
        new = issued_letter(agency, bao.org)
        document_replace(old=letter, new=new, actor=agency.clerk, reason="Thay thế do sai sót")
        (change,) = pending_changes(bao.org)
        change_answer(change=change, actor=bao.clerk, agree=True)
        link = Replacement.objects.get(old__owner=bao.org)
        assert link.old is not None
        assert (link.old.document_id, link.new.document_id) == (letter.document_id, new.document_id)

    def test_replacement_is_linked_on_the_senders_side(self, agency, bao, letter):
        """The sender's old and new documents are linked at once."""
        new = issued_letter(agency, bao.org)
        document_replace(old=letter, new=new, actor=agency.clerk)
        assert Replacement.objects.get(old=letter).new == new


class TestExternal:
    def test_recall_to_another_installation_is_a_business_1_edoc(self, agency, remote_peer):
        """A recall for a recipient served by a peer goes out as an edoc with BussinessDocType 1."""
        far = Agency("Báo Lạng Sơn", "BLS")
        remote_peer.organ_ids = far.org.code
        remote_peer.save()
        doc = issued_letter(agency, far.org)
        document_recall(document=doc, actor=agency.clerk, reason="Ban hành nhầm")
        from congvan.exchange.outbox import _body

        last = OutboxMessage.objects.filter(kind="edoc").order_by("id").last()
        assert last is not None
        msg = read_edoc(_body(last))
        assert msg.business is not None
        assert (msg.business.bussiness_doc_type, msg.document_id) == (1, doc.document_id)

    def test_recall_from_another_installation_reaches_the_clerk(
        self, client, agency, remote_peer, remote_key
    ):
        """An incoming recall (business 1) from a peer waits for our clerk, who agrees; 15 goes back."""
        post_signed(client, write_edoc(remote_edoc(agency.org.code)), remote_key)
        copy = agency.org.documents.get(direction="in")
        recall = remote_edoc(
            agency.org.code,
            attachments=0,
            business=edxml.Business(
                bussiness_doc_type=1, bussiness_doc_reason="Thu hồi", document_id=copy.document_id
            ),
        )
        assert post_signed(client, write_edoc(recall), remote_key).status_code == 200
        change = ChangeRequest.objects.get(organization=agency.org)
        change_answer(change=change, actor=agency.clerk, agree=True)
        last = OutboxMessage.objects.filter(kind="status").order_by("id").last()
        assert last is not None
        status = read_status(bytes(last.payload))
        assert status.response_for is not None
        assert (status.status_code, status.response_for.document_id) == ("15", copy.document_id)
        assert status.response_for.organ_id == REMOTE_ORGAN
