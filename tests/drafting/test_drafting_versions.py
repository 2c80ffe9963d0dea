"""Every save of a draft is a version; any two compare side by side; any one restores as a new version; the
version a leader signs is the one issued and never changes (issue 11; Phụ lục VI III.5.a keeps the drafts)."""

from __future__ import annotations

import pytest
from drafting_helpers import draft_with_versions, edit, new_draft

from congvan.documents.errors import InvalidState, NotAllowed
from congvan.documents.models import Attachment, Event
from congvan.documents.services import attachment_add, document_issue
from congvan.drafting import diff
from congvan.drafting.models import Version
from congvan.drafting.services import signed_version, snapshot, version_restore
from factories import Agency, fresh, make_signed

pytestmark = pytest.mark.django_db


class TestRecording:
    def test_each_save_of_fields_body_or_attachments_is_a_version_with_what_changed(
        self, agency: Agency
    ) -> None:
        """Phụ lục VI III.5.a: the drafts are kept — who, when, what changed at each save."""
        doc = draft_with_versions(agency)
        rows = list(Version.objects.filter(document=doc).values_list("number", "reason", "changes", "author"))
        assert rows == [
            (1, "created", [], agency.drafter.user_id),
            (2, "edited", ["body"], agency.drafter.user_id),
            (3, "attached", ["attachments"], agency.drafter.user_id),
        ]

    def test_a_save_that_changes_nothing_makes_no_version(self, agency: Agency) -> None:
        """Saving the form unchanged is not a new version (nothing to compare)."""
        doc = new_draft(agency, body="Nội dung.")
        edit(agency, doc)
        assert Version.objects.filter(document=doc).count() == 1

    def test_the_attachment_list_is_kept_by_sha256_without_copying_bytes(self, agency: Agency) -> None:
        """Files are content-addressed (docs/decisions/0003): a version lists SHA-256s, no bytes copied."""
        doc = draft_with_versions(agency)
        last = Version.objects.get(document=doc, number=3)
        row = Attachment.objects.select_related("stored").get(document=doc)
        assert last.attachments == [
            {
                "name": "ke-hoach.txt",
                "sha256": row.stored.sha256,
                "size": row.stored.size,
                "content_type": row.content_type,
            }
        ]


class TestCompare:
    def test_body_is_compared_word_by_word(self) -> None:
        """Only the words that differ are marked; the rest of the paragraph is shown as it was."""
        rows, added, removed = diff.body_rows(
            "đề nghị các cơ quan báo chí tuyên truyền.",
            "đề nghị các cơ quan báo chí tăng cường tuyên truyền.",
        )
        assert (added, removed) == (2, 0)
        assert [p.text.strip() for p in rows[0].right if p.kind == "ins"] == ["tăng", "cường"]
        assert all(p.kind == "same" for p in rows[0].left)

    @pytest.mark.parametrize(
        ("old", "new", "changed"),
        [
            ("Một.\nHai.\nBa.", "Một.\nHai.\nBa.", 0),
            ("Một.\nHai.\nBa.", "Một.\nHai sửa.\nBa.", 1),
            ("Một.\nBa.", "Một.\nHai.\nBa.", 1),
        ],
        ids=["same", "one-paragraph-edited", "paragraph-inserted"],
    )
    def test_unchanged_paragraphs_stay_unmarked(self, old: str, new: str, changed: int) -> None:
        """Paragraphs align first; only the changed ones are compared word by word."""
        rows, _a, _r = diff.body_rows(old, new)
        assert sum(r.changed for r in rows) == changed

    def test_fields_and_attachments_added_or_removed(self, agency: Agency) -> None:
        """Fields that differ are listed with old and new values; attachments added or removed by name and hash."""
        doc = draft_with_versions(agency)
        edit(agency, doc, subject="Tăng cường tuyên truyền Ngày Sách")
        v1, v4 = Version.objects.get(document=doc, number=1), Version.objects.get(document=doc, number=4)
        result = diff.compare(
            old_fields=v1.fields,
            new_fields=v4.fields,
            old_body=v1.body,
            new_body=v4.body,
            old_attachments=v1.attachments,
            new_attachments=v4.attachments,
        )
        assert [c.key for c in result.fields] == ["subject"]
        assert [a["name"] for a in result.added] == ["ke-hoach.txt"] and result.removed == []
        assert result.body_changed


class TestRestore:
    def test_restore_makes_a_new_version_equal_to_the_old_one(self, agency: Agency) -> None:
        """Restoring version 1 gives version 4 with the fields, body and attachment list of version 1."""
        doc = draft_with_versions(agency)
        restored = version_restore(document=fresh(doc), actor=agency.drafter, number=1)
        v1 = Version.objects.get(document=doc, number=1)
        assert (restored.number, restored.restored_from, restored.digest) == (4, 1, v1.digest)
        assert fresh(doc).body == v1.body
        assert not Attachment.objects.filter(document=doc).exists()
        assert Event.objects.filter(document=doc, action="version_restored").count() == 1

    def test_restore_brings_back_an_attachment_by_its_stored_file(self, agency: Agency) -> None:
        """Restoring a version that had a file re-links the same stored file (no new bytes)."""
        doc = draft_with_versions(agency)
        version_restore(document=fresh(doc), actor=agency.drafter, number=1)
        version_restore(document=fresh(doc), actor=agency.drafter, number=3)
        assert snapshot(doc)[2] == Version.objects.get(document=doc, number=3).attachments

    def test_only_the_drafter_restores(self, agency: Agency) -> None:
        """The drafter owns the draft (Điều 10); others are refused and nothing changes."""
        doc = draft_with_versions(agency)
        with pytest.raises(NotAllowed):
            version_restore(document=fresh(doc), actor=agency.unit_head, number=1)
        assert Version.objects.filter(document=doc).count() == 3


class TestSigned:
    def test_signing_marks_the_signed_version_and_logs_it(self, agency: Agency) -> None:
        """Điều 13: the leader signs one content; the version is marked and the Event names it and its hash."""
        doc = make_signed(agency)
        signed = signed_version(doc)
        assert signed is not None and signed.signed_by_id == agency.deputy.user_id
        event = Event.objects.get(document=doc, action="version_signed")
        assert signed.digest in event.comment

    @pytest.mark.parametrize("issued", [False, True], ids=["signed", "issued"])
    def test_restore_after_signing_is_refused_and_nothing_changes(self, agency: Agency, issued: bool) -> None:
        """The version signed is the one issued and can never change: restoring is refused with a message."""
        doc = new_draft(agency, body="Bản đầu.")
        doc = edit(agency, doc, body="Bản thứ hai.")
        from congvan.documents.services import document_approve, document_sign, document_submit
        from congvan.vbhc.workflow import SigningAuthority

        document_submit(document=doc, actor=agency.drafter)
        document_approve(document=doc, actor=agency.unit_head)
        doc = document_sign(document=doc, actor=agency.deputy, authority=SigningAuthority.KT)
        if issued:
            doc = document_issue(document=doc, actor=agency.clerk)
        events = Event.objects.filter(document=doc).count()
        with pytest.raises(InvalidState, match="đã được ký"):
            version_restore(document=fresh(doc), actor=agency.drafter, number=1)
        assert fresh(doc).body == "Bản thứ hai."
        assert Version.objects.filter(document=doc).count() == 2
        assert Event.objects.filter(document=doc).count() == events

    def test_adding_a_file_to_a_signed_document_is_refused(self, agency: Agency) -> None:
        """After signing, the attachment list of the signed version cannot change either."""
        doc = make_signed(agency)
        with pytest.raises(NotAllowed):
            attachment_add(document=fresh(doc), actor=agency.drafter, name="them.txt", content=b"x")
        assert signed_version(doc).attachments == []  # type: ignore[union-attr]


def test_a_rewritten_body_is_shown_paragraph_by_paragraph() -> None:
    """Beyond MAX_WORD_BLOCK words on both sides of a changed run, word alignment (quadratic) gives way to whole
    paragraphs struck through beside the new ones (docs/decisions/0011-two-pass-word-diff.md)."""
    old = "\n".join(f"Đoạn cũ số {i} " + "một hai ba " * 30 for i in range(40))
    new = "\n".join(f"Đoạn mới {i} " + "bốn năm sáu " * 30 for i in range(41))
    rows, added, removed = diff.body_rows(old, new)
    assert len(rows) == 41 and rows[0].left[0].kind == "del" and rows[0].right[0].kind == "ins"
    assert (added, removed) == (len(new.split()), len(old.split()))
