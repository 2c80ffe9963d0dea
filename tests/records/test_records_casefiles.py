"""Case files and the file plan (Phụ lục VI III.4): codes, ordinals, one document in several files."""

from __future__ import annotations

import pytest
from records_helpers import make_case_file, make_issued

from congvan.documents.errors import Duplicate, InvalidInput, NotAllowed, NotFound
from congvan.documents.models import Event
from congvan.records.models import CaseFileEntry
from congvan.records.services import (
    CaseFileData,
    case_file_add_document,
    case_file_create,
    case_file_remove_document,
)
from congvan.vbhc.workflow import Role
from factories import Agency, make_draft, make_member

pytestmark = pytest.mark.django_db


def test_file_code_is_organ_id_year_and_notation(agency: Agency) -> None:
    """FileCode = OrganId + FileCatalog (year) + FileNotation (Phụ lục VI Phần II Mục III, 1.1–1.3)."""
    case_file = make_case_file(agency, notation="05.VP", year=2025)
    assert case_file.file_code == f"{agency.org.code}.2025.05.VP"
    assert case_file.plan.year == 2025 and case_file.plan.organization == agency.org


def test_documents_are_numbered_inside_the_file_in_the_order_they_are_added(agency: Agency) -> None:
    """Each document gets the next number inside its case file automatically (III.4.b)."""
    docs = [make_draft(agency, subject=f"Văn bản {n}") for n in range(3)]
    case_file = make_case_file(agency, *docs)
    assert list(case_file.entries.values_list("document_id", "ordinal")) == [
        (d.pk, n) for n, d in enumerate(docs, 1)
    ]


def test_one_document_sits_in_files_of_different_people_without_a_copy(agency: Agency) -> None:
    """One document in several case files created by different accounts, not duplicated (III.4.e)."""
    doc = make_issued(agency)
    mine = make_case_file(agency, doc, notation="01.TTBCXB")
    theirs = case_file_create(
        actor=agency.clerk, year=2026, data=CaseFileData(notation="02.VP", title="Hồ sơ văn thư")
    )
    case_file_add_document(actor=agency.clerk, case_file=theirs, document=doc)
    assert set(CaseFileEntry.objects.filter(document=doc).values_list("case_file_id", flat=True)) == {
        mine.pk,
        theirs.pk,
    }
    assert mine.created_by_id != theirs.created_by_id
    assert type(doc).objects.filter(subject=doc.subject).count() == 1


def test_the_same_document_twice_in_one_file_is_refused(agency: Agency) -> None:
    """A document is once in a given case file."""
    doc = make_draft(agency)
    case_file = make_case_file(agency, doc)
    with pytest.raises(Duplicate):
        case_file_add_document(actor=agency.drafter, case_file=case_file, document=doc)


def test_removing_a_document_closes_the_gap_in_numbering(agency: Agency) -> None:
    """Ordinals stay 1..n after a document leaves the file (III.4.b)."""
    docs = [make_draft(agency, subject=f"Văn bản {n}") for n in range(3)]
    case_file = make_case_file(agency, *docs)
    case_file_remove_document(actor=agency.drafter, case_file=case_file, document=docs[0])
    assert list(case_file.entries.values_list("document_id", "ordinal")) == [(docs[1].pk, 1), (docs[2].pk, 2)]
    assert Event.objects.filter(action="unfiled", document=docs[0]).count() == 1


@pytest.mark.parametrize(
    ("notation", "title"),
    [("", "Tiêu đề"), ("có dấu cách", "Tiêu đề"), ("x" * 21, "Tiêu đề"), ("01", "  ")],
    ids=["empty-notation", "space-in-notation", "too-long", "blank-title"],
)
def test_bad_case_file_input_is_refused_and_nothing_is_created(
    agency: Agency, notation: str, title: str
) -> None:
    """Bad input: a clear Vietnamese error, nothing written."""
    with pytest.raises(InvalidInput):
        case_file_create(actor=agency.drafter, year=2026, data=CaseFileData(notation=notation, title=title))
    assert not agency.org.file_plans.exists()


def test_duplicate_notation_in_a_year_is_refused(agency: Agency) -> None:
    """File notations are unique within the organisation's plan of the year."""
    make_case_file(agency, notation="01.VP")
    with pytest.raises(Duplicate):
        make_case_file(agency, notation="01.VP")


def test_another_specialist_cannot_file_into_someone_elses_case_file(agency: Agency) -> None:
    """Only the creator, the responsible person, clerks and leaders change a case file."""
    other = make_member(agency.org, Role.SPECIALIST, unit=agency.unit, full_name="Trần Văn B")
    case_file = make_case_file(agency)
    with pytest.raises(NotAllowed):
        case_file_add_document(actor=other, case_file=case_file, document=make_draft(agency))


def test_a_document_of_another_organisation_cannot_be_filed(agency: Agency, recipients: list[Agency]) -> None:
    """An organisation's files hold only what its people may read."""
    foreign = make_draft(recipients[0])
    case_file = make_case_file(agency)
    with pytest.raises(NotFound):
        case_file_add_document(actor=agency.drafter, case_file=case_file, document=foreign)
