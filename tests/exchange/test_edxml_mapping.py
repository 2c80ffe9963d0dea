"""An issued document and its edXML message (QCVN 102:2016): export, import, and the one receiving path
(DESIGN §5 decision 1)."""

from __future__ import annotations

import dataclasses

import pytest
from exchange_helpers import FILES, issued_letter, read_edoc

from congvan.documents.errors import InvalidInput
from congvan.exchange.edxml_mapping import edoc_of, envelope_of_edoc
from congvan.exchange.services import envelope_of
from congvan.exchange.transport import import_edoc
from congvan.vbhc.edxml import schema_errors, write_edoc
from factories import Agency, make_draft

COPY_FIELDS = (
    "direction",
    "state",
    "doc_type",
    "number_text",
    "symbol",
    "issued_on",
    "place",
    "subject",
    "body",
    "urgency",
    "confidentiality",
    "signer_name",
    "signer_title",
    "signing_authority",
    "document_id",
    "issuer_code",
    "issuer_name",
    "due_on",
)


@pytest.fixture
def bao(db):
    return Agency("Báo Lạng Sơn", "BLS")


@pytest.fixture
def doc(agency, bao):
    """The sample letter issued by the Sở to the Báo, with two attachments."""
    return issued_letter(agency, bao.org)


class TestExport:
    def test_edoc_validates_against_the_schema(self, agency, bao, doc):
        """QCVN 102:2016: what we export validates against our XSD of the standard's structure."""
        assert schema_errors(write_edoc(edoc_of(doc))) == []

    def test_edoc_carries_header_and_files(self, agency, bao, doc):
        """QCVN 102:2016 header: DocumentId, Code, PromulgationInfo, SignerInfo, To, and every attachment."""
        msg = read_edoc(write_edoc(edoc_of(doc)))
        assert msg.document_id == doc.document_id
        assert (msg.code.code_number, msg.code.code_notation) == (doc.number_display, doc.symbol)
        assert msg.signer_info is not None and msg.signer_info.competence == "KT. GIÁM ĐỐC"
        assert [o.organ_id for o in msg.recipients] == [bao.org.code]
        assert [(a.name, a.data) for a in msg.attachments] == [(name, data) for name, data, _t in FILES]

    def test_only_issued_documents_are_exported(self, agency, bao, doc):
        """Điều 16: only an issued document (numbered, dated) leaves the agency."""
        with pytest.raises(InvalidInput):
            edoc_of(make_draft(agency, bao.org))


class TestRoundTrip:
    def test_envelope_survives_export_and_import(self, agency, bao, doc):
        """Export then import gives the envelope internal delivery builds (one path, DESIGN §5 decision 1)."""
        doc.references.all().delete()  # the kind and issuer of a reference are not in edXML's ResponseFor
        imported = envelope_of_edoc(read_edoc(write_edoc(edoc_of(doc))))
        assert imported == dataclasses.replace(envelope_of(doc), source_document_pk=None)


class TestImport:
    def test_import_creates_the_same_copy_as_internal_delivery(self, agency, bao, doc):
        """Điều 20: an imported edoc becomes the same incoming item an internal delivery creates."""
        internal = bao.org.documents.get(direction="in")
        other = Agency("Đài Phát thanh và Truyền hình tỉnh", "PTTH")
        (imported,) = import_edoc(read_edoc(write_edoc(edoc_of(doc))), organization=other.org).copies
        for name in COPY_FIELDS:
            assert getattr(imported, name) == getattr(internal, name), name
        assert [a.stored_id for a in imported.attachments.all()] == [
            a.stored_id for a in internal.attachments.all()
        ]
        assert imported.events.get().action == internal.events.get().action == "received"

    def test_importing_twice_creates_one_item(self, agency, bao, doc):
        """Phụ lục VI III.1.h: the same message imported twice is one incoming document."""
        other = Agency("Đài Phát thanh và Truyền hình tỉnh", "PTTH")
        msg = read_edoc(write_edoc(edoc_of(doc)))
        import_edoc(msg, organization=other.org)
        again = import_edoc(msg, organization=other.org)
        assert again.duplicate
        assert other.org.documents.filter(direction="in").count() == 1
