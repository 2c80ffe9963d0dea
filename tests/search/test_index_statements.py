"""What an index task reads for a list of documents, by fixed statements (search.indexing._sources_fixed and the
known texts of file_texts, issue 10), is what the ORM's queries read: the same values of each document, its
references and files in their order, and the same index rows. The rebuild's ``range`` stays on the ORM, which
is the oracle here."""

from __future__ import annotations

from dataclasses import astuple

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from search_helpers import make_doc

from congvan.documents.models import Document
from congvan.search import indexing
from congvan.search.models import ExtractedText
from factories import make_attachment, make_reference

pytestmark = pytest.mark.django_db


def _references(doc: Document) -> Document:
    make_reference(doc, "219", "TTCS-TTTQ", issuer_name="Cục Thông tin cơ sở", position=2)
    make_reference(doc, "12", "UBND-VX", issuer_name="UBND tỉnh Lạng Sơn", position=0)
    make_reference(doc, "45", "STTTT-TTBCXB", position=1)
    return doc


def _attachments(doc: Document) -> Document:
    make_attachment(doc, b"phu luc hai", position=2, text="Phụ lục hai")
    make_attachment(doc, b"to trinh", position=0, text="Tờ trình")
    make_attachment(doc, b"phu luc mot", position=1, text="Phụ lục một")
    return doc


def _extracted_text(doc: Document) -> Document:
    make_attachment(doc, b"bao cao", text="Báo cáo kết quả tuyên truyền")
    return doc


def _deleted(doc: Document) -> Document:
    Document.objects.filter(pk=doc.pk).delete()
    return doc


KINDS = {
    "references": lambda org: _references(make_doc(org)),
    "attachments": lambda org: _attachments(make_doc(org)),
    "extracted-text": lambda org: _extracted_text(make_doc(org)),
    "incoming-with-issuer": lambda org: make_doc(
        org, direction="in", number_text="219", symbol="TTCS-TTTQ", issuer_name="Cục Thông tin cơ sở"
    ),
    "outgoing-numbered": lambda org: make_doc(
        org,
        direction="out",
        state="issued",
        number=7,
        symbol="STTTT-VP",
        signer_name="Lê Hải Yến",
        signing_authority="KT. GIÁM ĐỐC",
    ),
    "bare": lambda org: make_doc(org, subject="Không đính kèm, không căn cứ", body=""),
    "deleted": lambda org: _deleted(make_doc(org)),
}


def orm_sources(ids: list[int]) -> tuple[list[indexing.Source], dict[int, list[int]]]:
    """The ORM's reads, in pk order (its query has none)."""
    sources, files = indexing._sources_orm(ids)
    return sorted(sources, key=lambda s: s.pk), files


def types(source: indexing.Source) -> list[type]:
    return [type(v) for v in astuple(source)]


def assert_same_sources(ids: list[int]) -> None:
    want, want_files = orm_sources(ids)
    got, got_files = indexing._sources(ids)
    got = sorted(got, key=lambda s: s.pk)
    assert got == want
    # The same Python types (the number an int on both backends), not only equal values.
    assert [types(s) for s in got] == [types(s) for s in want]
    assert got_files == want_files


@pytest.mark.parametrize("kind", list(KINDS), ids=list(KINDS))
def test_one_document_reads_as_the_orm(agency, kind):
    """Each kind of document is read with the same values, references and files as the ORM reads it."""
    doc = KINDS[kind](agency.org)
    assert_same_sources([doc.pk])


@pytest.mark.parametrize("kind", list(KINDS), ids=list(KINDS))
def test_one_document_gets_the_orm_row(agency, kind):
    """A task's index row of a document is the row the rebuild (the ORM's ``range`` path) makes of it."""
    doc = KINDS[kind](agency.org)
    assert indexing.rows_for([doc.pk]) == indexing.rows_for(range(doc.pk, doc.pk + 1))


def test_several_documents_read_as_the_orm(agency):
    """One task's batch of every kind, with an id of no document among them: each document's own references
    and files, none of another's; the documents in any order, as the ORM has none."""
    docs = [make(agency.org) for make in KINDS.values()]
    ids = [d.pk for d in docs] + [max(d.pk for d in docs) + 1000]
    assert_same_sources(ids)
    assert sorted(indexing.rows_for(ids), key=lambda r: r.document_id) == sorted(
        indexing.rows_for(range(min(ids), max(ids) + 1)), key=lambda r: r.document_id
    )


def test_references_in_their_position_order(agency):
    """A document's references are cited in their order on the document (position), not their creation's."""
    doc = KINDS["references"](agency.org)
    (source,), _files = indexing._sources([doc.pk])
    assert [n for n, _s, _i in source.references] == ["12", "45", "219"]
    assert source.references[0] == ("12", "UBND-VX", "UBND tỉnh Lạng Sơn")


def test_attachments_in_position_then_id_order(agency):
    """A document's files are read in their order on the document (position, then id), not their creation's."""
    doc = KINDS["attachments"](agency.org)
    make_attachment(doc, b"phu luc mot bis", position=1, text="Phụ lục một (bổ sung)")
    expected = list(doc.attachments.order_by("position", "id").values_list("stored_id", flat=True))
    _sources, files = indexing._sources([doc.pk])
    assert files == {doc.pk: expected}
    texts = indexing.file_texts(expected)
    assert [texts[s] for s in expected] == [
        "Tờ trình",
        "Phụ lục một",
        "Phụ lục một (bổ sung)",
        "Phụ lục hai",
    ]


def test_no_document_no_rows(agency):
    """Ids of deleted or never-created documents read nothing, as with the ORM."""
    gone = _deleted(make_doc(agency.org))
    assert indexing._sources([gone.pk, gone.pk + 10**6]) == ([], {})
    assert indexing._sources([]) == ([], {})


def test_known_texts_as_the_orm(agency):
    """The texts already extracted are those the ORM reads, for every file asked about."""
    doc = _attachments(make_doc(agency.org))
    stored = list(doc.attachments.values_list("stored_id", flat=True))
    want = dict(ExtractedText.objects.filter(stored_id__in=stored).values_list("stored_id", "text"))
    assert indexing.file_texts(stored + [10**9]) == want


def test_never_extracted_file_is_extracted(agency):
    """A file whose text was never extracted gets it extracted and kept beside those already known."""
    doc = make_doc(agency.org)
    known = make_attachment(doc, b"da co", text="Đã có")
    new = make_attachment(doc, "Văn bản chưa trích".encode(), position=1)
    texts = indexing.file_texts([known.stored_id, new.stored_id])
    assert texts[known.stored_id] == "Đã có"
    assert "Văn bản chưa trích" in texts[new.stored_id]
    assert ExtractedText.objects.filter(stored_id=new.stored_id).exists()


def test_reads_of_one_document_are_four_statements(agency, django_assert_num_queries):
    """A document with references and files is read by four statements (references, files, the document,
    their texts), however many references and files it has."""
    doc = _attachments(_references(make_doc(agency.org)))
    with django_assert_num_queries(4):
        indexing.rows_for([doc.pk])


def test_indexing_one_document_makes_no_more_statements_than_the_orm(agency, monkeypatch):
    """The task's whole indexing of a document makes no more statements than with the ORM's reads."""
    doc = _attachments(_references(make_doc(agency.org)))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert indexing.index_documents([doc.pk]) == 1
        return len(ctx.captured_queries)

    fixed = count()
    monkeypatch.setattr(indexing, "_sources", indexing._sources_orm)
    assert fixed <= count()
