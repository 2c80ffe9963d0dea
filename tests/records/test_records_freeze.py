"""Freezing (Phụ lục VI IV.1.g): an administrator locks a document, a case file or a year's collection so nothing in
it is moved, changed or deleted; every freeze and unfreeze is logged."""

from __future__ import annotations

import pytest
from records_helpers import make_admin, make_case_file, make_issued

from congvan.documents.errors import InvalidState, NotAllowed
from congvan.documents.models import Event
from congvan.documents.services import document_submit, document_update_draft
from congvan.exchange.changes import document_recall
from congvan.records.services import case_file_add_document, case_file_remove_document, freeze, unfreeze
from factories import Agency, draft_data, make_draft

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "scope", ["document", "case_file", "plan"], ids=["document", "case-file", "year-plan"]
)
def test_a_frozen_draft_cannot_be_edited_or_moved_on(agency: Agency, scope: str) -> None:
    """Whatever holds the freeze — the document, its case file, the year's plan — the document is locked."""
    doc = make_draft(agency)
    case_file = make_case_file(agency, doc)
    target = {"document": doc, "case_file": case_file, "plan": case_file.plan}[scope]
    freeze(actor=make_admin(agency), reason="Yêu cầu của Thanh tra tỉnh", **{scope: target})
    with pytest.raises(InvalidState):
        document_update_draft(document=doc, actor=agency.drafter, data=draft_data(subject="Sửa"))
    with pytest.raises(InvalidState):
        document_submit(document=doc, actor=agency.drafter)
    doc.refresh_from_db()
    assert doc.state == "draft" and doc.subject != "Sửa"


def test_a_frozen_case_file_takes_no_document_in_or_out(agency: Agency) -> None:
    """A frozen case file: no document added or removed."""
    doc = make_draft(agency)
    case_file = make_case_file(agency, doc)
    freeze(actor=make_admin(agency), reason="Thanh tra", case_file=case_file)
    with pytest.raises(InvalidState):
        case_file_add_document(actor=agency.drafter, case_file=case_file, document=make_draft(agency))
    with pytest.raises(InvalidState):
        case_file_remove_document(actor=agency.drafter, case_file=case_file, document=doc)
    assert case_file.entries.count() == 1


def test_unfreeze_lets_changes_through_again_and_both_are_logged(agency: Agency) -> None:
    """Each freeze and unfreeze is an audit event with the administrator and the reason."""
    admin = make_admin(agency)
    doc = make_draft(agency)
    row = freeze(actor=admin, reason="Thanh tra", document=doc)
    unfreeze(actor=admin, freeze_row=row, reason="Kết thúc thanh tra")
    document_submit(document=doc, actor=agency.drafter)
    events = list(Event.objects.filter(document=doc, action__in=["frozen", "unfrozen"]).order_by("at", "id"))
    assert [(e.action, e.actor_id) for e in events] == [
        ("frozen", admin.user_id),
        ("unfrozen", admin.user_id),
    ]
    assert "Thanh tra" in events[0].comment and "Kết thúc" in events[1].comment


def test_an_issued_frozen_document_cannot_be_recalled(agency: Agency) -> None:
    """A frozen issued document stays as it is: no recall either."""
    doc = make_issued(agency)
    freeze(actor=make_admin(agency), reason="Lưu trữ", document=doc)
    with pytest.raises(InvalidState):
        document_recall(document=doc, actor=agency.clerk, reason="Sai sót")


@pytest.mark.parametrize("role", ["clerk", "head", "drafter"], ids=["clerk", "leader", "specialist"])
def test_only_an_administrator_freezes(agency: Agency, role: str) -> None:
    """Freezing is the administrator's (IV.1: người được giao quản trị Hệ thống)."""
    with pytest.raises(NotAllowed):
        freeze(actor=getattr(agency, role), reason="x", document=make_draft(agency))


def test_a_frozen_draft_takes_no_attachment(agency: Agency) -> None:
    """Nothing is added to a frozen document either (IV.1.g)."""
    from congvan.documents.services import attachment_add

    doc = make_draft(agency)
    freeze(actor=make_admin(agency), reason="Thanh tra", document=doc)
    with pytest.raises(InvalidState):
        attachment_add(document=doc, actor=agency.drafter, name="a.txt", content=b"a")
    assert not doc.attachments.exists()
