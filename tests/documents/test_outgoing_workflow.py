"""The outgoing workflow: draft → content check → signature → number and issue (Điều 10–16)."""

from __future__ import annotations

import pytest

from congvan.documents.errors import InvalidInput, InvalidState, NotAllowed
from congvan.documents.models import Event
from congvan.documents.services import (
    document_approve,
    document_issue,
    document_return,
    document_sign,
    document_submit,
)
from congvan.vbhc.workflow import SigningAuthority, State
from factories import fresh, make_draft, make_signed

pytestmark = pytest.mark.django_db


class TestTransitions:
    def test_draft_goes_to_content_check_then_signature(self, agency, recipients):
        """Điều 12: the unit head checks the content before the leader signs."""
        doc = make_draft(agency, recipients[0].org)
        doc = document_submit(document=doc, actor=agency.drafter)
        assert doc.state == State.CONTENT_REVIEW
        doc = document_approve(document=doc, actor=agency.unit_head)
        assert doc.state == State.SIGNATURE

    def test_every_step_is_recorded_with_actor_time_and_comment(self, agency, recipients):
        """Phụ lục VI III.5.a: the history keeps who did what, when, with which comment."""
        doc = make_draft(agency, recipients[0].org)
        document_submit(document=doc, actor=agency.drafter, comment="Kính trình")
        event = Event.objects.filter(document=doc, action="submit").get()
        assert (event.actor_id, event.from_state, event.to_state, event.comment) == (
            agency.drafter.user_id,
            State.DRAFT,
            State.CONTENT_REVIEW,
            "Kính trình",
        )
        assert event.at is not None

    def test_return_needs_a_comment_and_changes_nothing_without_one(self, agency, recipients):
        """A returned draft must tell the drafter what to change."""
        doc = document_submit(document=make_draft(agency, recipients[0].org), actor=agency.drafter)
        with pytest.raises(InvalidInput):
            document_return(document=doc, actor=agency.unit_head, comment="  ")
        assert fresh(doc).state == State.CONTENT_REVIEW

    def test_return_sends_the_draft_back(self, agency, recipients):
        """The unit head returns with comments; the drafter can edit again."""
        doc = document_submit(document=make_draft(agency, recipients[0].org), actor=agency.drafter)
        doc = document_return(document=doc, actor=agency.unit_head, comment="Bổ sung nội dung mục 2")
        assert doc.state == State.DRAFT

    def test_signature_composes_the_authority_line(self, agency, recipients):
        """Điều 13: a deputy signs 'KT. GIÁM ĐỐC' above their own title 'PHÓ GIÁM ĐỐC'."""
        doc = make_signed(agency, recipients[0].org)
        assert (doc.signing_authority, doc.signer_title, doc.signer_name) == (
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Lê Hải Yến",
        )

    def test_head_cannot_sign_kt_for_themself(self, agency, recipients):
        """Điều 13: KT. is signing for the head; the head does not sign KT. for themself."""
        doc = make_draft(agency, recipients[0].org)
        document_submit(document=doc, actor=agency.drafter)
        document_approve(document=doc, actor=agency.unit_head)
        with pytest.raises(InvalidInput):
            document_sign(document=doc, actor=agency.head, authority=SigningAuthority.KT)
        assert fresh(doc).state == State.SIGNATURE


class TestWhoMayAct:
    @pytest.mark.parametrize(
        "who", ["drafter", "unit_head", "clerk"], ids=["specialist", "unit-head", "clerk"]
    )
    def test_only_a_leader_signs(self, agency, recipients, who):
        """Điều 13: the signature belongs to the agency's leaders; others get 403 and nothing changes."""
        doc = make_draft(agency, recipients[0].org)
        document_submit(document=doc, actor=agency.drafter)
        document_approve(document=doc, actor=agency.unit_head)
        with pytest.raises(NotAllowed):
            document_sign(document=doc, actor=getattr(agency, who))
        assert fresh(doc).state == State.SIGNATURE

    @pytest.mark.parametrize(
        "who", ["drafter", "unit_head", "deputy"], ids=["specialist", "unit-head", "leader"]
    )
    def test_only_the_clerk_issues(self, agency, recipients, who):
        """Điều 15: the clerk assigns number and date; nobody else can."""
        doc = make_signed(agency, recipients[0].org)
        with pytest.raises(NotAllowed):
            document_issue(document=doc, actor=getattr(agency, who))
        assert fresh(doc).number is None

    def test_another_agencys_clerk_cannot_see_the_document(self, agency, recipients):
        """Organisations are isolated: another agency's clerk is told the document does not exist."""
        from congvan.documents.errors import NotFound

        doc = make_signed(agency, recipients[0].org)
        with pytest.raises(NotFound):
            document_issue(document=doc, actor=recipients[0].clerk)

    def test_a_state_that_does_not_allow_the_step_is_refused(self, agency, recipients):
        """Issuing a document that is not signed yet is refused (409) and changes nothing."""
        doc = make_draft(agency, recipients[0].org)
        with pytest.raises(InvalidState):
            document_issue(document=doc, actor=agency.clerk)
        assert fresh(doc).state == State.DRAFT


class TestIssue:
    def test_issue_assigns_number_date_symbol_and_identifier(self, agency, recipients):
        """Điều 15: number from the register, symbol 'STTTT-TTBCXB' for a công văn, identifier for exchange."""
        doc = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
        assert doc.state == State.ISSUED
        assert doc.number_symbol == "01/STTTT-TTBCXB"
        assert doc.issued_on is not None
        assert doc.document_id == f"{agency.org.code},{doc.issued_on:%Y/%m/%d},01/STTTT-TTBCXB"

    def test_named_type_symbol_is_type_then_agency(self, agency, recipients):
        """Điều 15 and Phụ lục III: a Kế hoạch is numbered 'KH-STTTT'."""
        doc = make_signed(agency, recipients[0].org, doc_type="KH")
        doc = document_issue(document=doc, actor=agency.clerk)
        assert doc.symbol == "KH-STTTT"

    def test_numbers_follow_each_other_without_gap(self, agency, recipients):
        """Điều 15: numbers run 01, 02, 03 … in the register."""
        numbers = [
            document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk).number
            for _ in range(3)
        ]
        assert numbers == [1, 2, 3]

    def test_confidential_documents_have_their_own_series(self, agency, recipients):
        """Điều 15 khoản 2: confidential documents are numbered in a separate series."""
        ordinary = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
        secret = document_issue(
            document=make_signed(agency, recipients[0].org, confidentiality=1), actor=agency.clerk
        )
        assert (ordinary.number, secret.number) == (1, 1)
        assert ordinary.register_id != secret.register_id

    def test_numbers_restart_at_01_in_a_new_year(self, agency, recipients, monkeypatch):
        """Điều 15: numbering starts from 01 on 1 January each year."""
        import datetime as dt

        from congvan.documents import services

        monkeypatch.setattr(services, "today", lambda: dt.date(2024, 12, 31))
        last_year = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
        monkeypatch.setattr(services, "today", lambda: dt.date(2025, 1, 1))
        this_year = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
        assert (last_year.number, this_year.number) == (1, 1)
        assert (last_year.register.year, this_year.register.year) == (2024, 2025)

    def test_the_database_refuses_a_repeated_number(self, agency, recipients):
        """The unique constraint on (register, number) is the last guard against a duplicate."""
        from django.db import IntegrityError, transaction

        from congvan.documents.models import Document

        first = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
        other = make_signed(agency, recipients[0].org)
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=other.pk).update(register=first.register, number=first.number)
