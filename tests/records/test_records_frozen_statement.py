"""The freeze check every workflow step makes (records.integrity.is_document_frozen, a fixed statement; issue 10)
answers as the ORM's query over document_freeze_filter: an active freeze of the document, of any case file it
sits in or of the file plan of any of those files holds it; a lifted freeze or one of something else does not."""

from __future__ import annotations

import pytest
from records_helpers import make_admin, make_case_file

from congvan.records.integrity import document_freeze_filter, is_document_frozen
from congvan.records.models import Freeze
from congvan.records.services import freeze, unfreeze
from factories import Agency, make_draft

pytestmark = pytest.mark.django_db


def orm_says(document_id: int) -> bool:
    return Freeze.objects.filter(document_freeze_filter(document_id)).exists()


@pytest.mark.parametrize("scope", ["none", "document", "case_file", "plan", "lifted", "elsewhere"])
def test_the_fixed_statement_answers_as_the_orm(agency: Agency, scope: str) -> None:
    """Each way a freeze may or may not hold a document: the same answer as the ORM's query, for the document in
    a case file of the year, the one in a second file only, and one in no file."""
    admin = make_admin(agency)
    doc, second, loose, other = (make_draft(agency) for _ in range(4))
    case_file = make_case_file(agency, doc)
    second_file = make_case_file(agency, doc, second, notation="02.TTBCXB")
    other_file = make_case_file(agency, other, notation="03.TTBCXB", year=2025)
    if scope == "document":
        freeze(actor=admin, reason="Thanh tra", document=doc)
    elif scope == "case_file":
        freeze(actor=admin, reason="Thanh tra", case_file=case_file)
    elif scope == "plan":
        freeze(actor=admin, reason="Thanh tra", plan=second_file.plan)
    elif scope == "lifted":
        unfreeze(actor=admin, freeze_row=freeze(actor=admin, reason="Thanh tra", document=doc), reason="Xong")
    elif scope == "elsewhere":
        freeze(actor=admin, reason="Thanh tra", document=loose)
        freeze(actor=admin, reason="Thanh tra", plan=other_file.plan)
    for d in (doc, second, loose, other):
        assert is_document_frozen(d.pk) is orm_says(d.pk), (scope, d.pk)
    expected = {
        "none": False,
        "document": True,
        "case_file": True,
        "plan": True,
        "lifted": False,
        "elsewhere": False,
    }
    assert is_document_frozen(doc.pk) is expected[scope]
