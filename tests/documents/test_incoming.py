"""Delivery, registration, refusal and handling of incoming documents (Điều 20–24; Phụ lục VI III.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from congvan.directives.services import incoming_complete, incoming_direct, incoming_progress
from congvan.documents.errors import Duplicate, InvalidInput, NotAllowed
from congvan.documents.incoming import incoming_refuse, incoming_register
from congvan.documents.models import Document
from congvan.documents.services import document_issue
from congvan.exchange.models import Delivery
from congvan.vbhc.workflow import State
from factories import fresh, make_signed

pytestmark = pytest.mark.django_db


def issued_to(agency, *recipients):
    return document_issue(document=make_signed(agency, *[r.org for r in recipients]), actor=agency.clerk)


def copy_at(doc, recipient):
    return Document.objects.get(owner=recipient.org, direction="in", source_document=doc)


def status_at(doc, recipient):
    return Delivery.objects.get(outgoing=doc, recipient=recipient.org).status


class TestDelivery:
    def test_each_recipient_gets_an_incoming_item(self, agency, recipients):
        """Issuing delivers to every recipient organisation in the system (status 01)."""
        doc = issued_to(agency, *recipients)
        for r in recipients:
            copy = copy_at(doc, r)
            assert copy.state == State.RECEIVED
            assert status_at(doc, r) == "01"

    def test_header_is_carried_over_not_retyped(self, agency, recipients):
        """Phụ lục VI III.1: issuer, number, symbol, date and subject come with the document."""
        doc = issued_to(agency, recipients[0])
        copy = copy_at(doc, recipients[0])
        assert (copy.issuer_name, copy.number_symbol, copy.issued_on, copy.subject, copy.document_id) == (
            agency.org.name,
            doc.number_symbol,
            doc.issued_on,
            doc.subject,
            doc.document_id,
        )

    def test_sender_is_not_its_own_recipient(self, agency, recipients):
        """'Lưu: VT' keeps the archive copy at the sender; it is not delivered to itself."""
        doc = make_signed(agency, recipients[0].org)
        doc.recipients.get(kind="info", text__startswith="Lưu").organizations.add(agency.org)
        document_issue(document=doc, actor=agency.clerk)
        assert not Document.objects.filter(owner=agency.org, direction="in").exists()
        assert Document.objects.filter(owner=recipients[0].org, direction="in").count() == 1


class TestRegistration:
    def test_register_gives_the_next_arrival_number_and_reports_03(self, agency, recipients):
        """Điều 22: the clerk registers with the arrival number; the sender sees status 03."""
        doc = issued_to(agency, recipients[0])
        copy = incoming_register(document=copy_at(doc, recipients[0]), actor=recipients[0].clerk)
        assert (copy.state, copy.arrival_number) == (State.REGISTERED, 1)
        assert status_at(doc, recipients[0]) == "03"

    def test_registering_the_same_document_twice_names_the_earlier_entry(self, agency, recipients):
        """Phụ lục VI III.1.h: a duplicate document id is refused with a warning naming the earlier entry."""
        from congvan.exchange.services import envelope_of, receive

        doc = issued_to(agency, recipients[0])
        incoming_register(document=copy_at(doc, recipients[0]), actor=recipients[0].clerk)
        (again,) = receive(envelope=envelope_of(doc), recipients=[recipients[0].org])
        with pytest.raises(Duplicate) as error:
            incoming_register(document=again, actor=recipients[0].clerk)
        assert "số đến 1" in str(error.value)
        assert fresh(again).state == State.RECEIVED and fresh(again).arrival_number is None

    def test_only_the_clerk_registers(self, agency, recipients):
        """Điều 22: registration is the clerk's; a leader gets 403 and nothing changes."""
        doc = issued_to(agency, recipients[0])
        with pytest.raises(NotAllowed):
            incoming_register(document=copy_at(doc, recipients[0]), actor=recipients[0].head)
        assert copy_at(doc, recipients[0]).state == State.RECEIVED

    def test_refusal_needs_a_reason_and_reports_it(self, agency, recipients):
        """The sender sees status 02 with the reason."""
        doc = issued_to(agency, recipients[0])
        copy = copy_at(doc, recipients[0])
        with pytest.raises(InvalidInput):
            incoming_refuse(document=copy, actor=recipients[0].clerk, reason="")
        incoming_refuse(document=copy, actor=recipients[0].clerk, reason="Không thuộc thẩm quyền")
        delivery = Delivery.objects.get(outgoing=doc, recipient=recipients[0].org)
        assert (delivery.status, delivery.description) == ("02", "Không thuộc thẩm quyền")


class TestHandling:
    def registered(self, agency, recipient):
        doc = issued_to(agency, recipient)
        return doc, incoming_register(document=copy_at(doc, recipient), actor=recipient.clerk)

    def test_direction_names_lead_cooperation_and_deadline(self, agency, recipients):
        """Phụ lục IV mục VII (phiếu giải quyết): lead unit, co-operating units, deadline; status 04."""
        r = recipients[0]
        doc, copy = self.registered(agency, r)
        deadline = dt.date.today() + dt.timedelta(days=10)
        direction = incoming_direct(
            document=copy,
            actor=r.head,
            lead_unit_id=r.unit.pk,
            co_unit_ids=[r.office.pk],
            deadline=deadline,
            note="Giao TTBCXB chủ trì",
        )
        assert (direction.lead_unit_id, list(direction.co_units.all()), direction.deadline) == (
            r.unit.pk,
            [r.office],
            deadline,
        )
        assert status_at(doc, r) == "04"

    def test_direction_without_a_lead_is_refused(self, agency, recipients):
        """A phiếu giải quyết must name who leads."""
        r = recipients[0]
        _doc, copy = self.registered(agency, r)
        with pytest.raises(InvalidInput):
            incoming_direct(document=copy, actor=r.head)
        assert fresh(copy).state == State.REGISTERED

    def test_assignee_records_progress_then_completion_with_reply(self, agency, recipients):
        """The assignee reports 05 then 06, linking the reply document."""
        r = recipients[0]
        doc, copy = self.registered(agency, r)
        incoming_direct(document=copy, actor=r.head, lead_user_id=r.drafter.user_id)
        incoming_progress(document=copy, actor=r.drafter, text="Đã đăng 3 tin bài")
        assert status_at(doc, r) == "05"
        reply = make_signed(r, agency.org)
        incoming_complete(document=copy, actor=r.drafter, text="Hoàn thành", reply_document_id=reply.pk)
        assert status_at(doc, r) == "06"
        assert copy.progress_notes.get(done=True).reply_document_id == reply.pk

    def test_someone_not_assigned_cannot_record_progress(self, agency, recipients):
        """Only the assignee (or a leader) reports on the handling."""
        r = recipients[0]
        _doc, copy = self.registered(agency, r)
        incoming_direct(document=copy, actor=r.head, lead_user_id=r.drafter.user_id)
        with pytest.raises(NotAllowed):
            incoming_progress(document=copy, actor=r.clerk, text="…")
