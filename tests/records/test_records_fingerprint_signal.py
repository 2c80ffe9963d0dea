"""The issued form's fingerprint (records.signals.take_fingerprint; Phụ lục VI III.5.d) is taken once, when the
document is issued or registered, with its metadata as it is then; a later save neither moves it nor adds a
second one (one INSERT … ON CONFLICT DO NOTHING per save; issue 10)."""

from __future__ import annotations

import pytest

from congvan.documents.incoming import incoming_register
from congvan.documents.models import Document
from congvan.documents.services import document_issue
from congvan.records.integrity import fingerprint
from congvan.records.models import IssuedFingerprint
from factories import Agency, make_draft, make_signed

pytestmark = pytest.mark.django_db


class TestFingerprintTakenOnce:
    def test_issue_and_registration_take_it_with_the_metadata_of_that_moment(
        self, agency: Agency, recipients: list[Agency]
    ) -> None:
        """The issued letter and the registered copy each have one fingerprint, of the row as it was written."""
        issued = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
        (row,) = IssuedFingerprint.objects.filter(document=issued)
        assert row.sha256 == fingerprint(Document.objects.get(pk=issued.pk)) and row.taken_at is not None
        incoming = Document.objects.get(owner=recipients[0].org, direction="in")
        registered = incoming_register(document=incoming, actor=recipients[0].clerk)
        (copy,) = IssuedFingerprint.objects.filter(document=registered)
        assert copy.sha256 == fingerprint(Document.objects.get(pk=registered.pk))

    def test_a_later_save_does_not_move_it(self, agency: Agency, recipients: list[Agency]) -> None:
        """Saved again with another subject, still issued: the fingerprint stays the one taken at issue."""
        issued = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
        taken = IssuedFingerprint.objects.get(document=issued)
        doc = Document.objects.get(pk=issued.pk)
        doc.subject = "Trích yếu sửa sau khi phát hành"
        doc.save()
        (row,) = IssuedFingerprint.objects.filter(document=issued)
        assert (row.pk, row.sha256, row.taken_at) == (taken.pk, taken.sha256, taken.taken_at)
        assert row.sha256 != fingerprint(doc)

    def test_a_draft_has_none(self, agency: Agency) -> None:
        """Only issued and registered documents are fingerprinted."""
        doc = make_draft(agency)
        doc.save()
        assert not IssuedFingerprint.objects.filter(document=doc).exists()
