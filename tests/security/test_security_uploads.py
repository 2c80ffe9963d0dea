"""Uploads (issue 9): the type is sniffed from the content, not trusted from the extension or the browser; size
and page limits; names sanitised; stored outside any served path; served as attachments with nosniff."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from congvan.documents.errors import InvalidInput
from congvan.documents.models import Attachment, StoredFile
from congvan.documents.services import attachment_add
from congvan.documents.storage import blob_root
from factories import blank_pdf, make_draft

ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
EXE = b"MZ" + b"\x90" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.mark.django_db
class TestSniffing:
    def test_a_real_pdf_is_typed_from_its_content(self, agency):
        """Whatever the browser claimed, the stored type is what the bytes are."""
        a = attachment_add(
            document=make_draft(agency),
            actor=agency.drafter,
            name="cong-van.pdf",
            content=blank_pdf(2),
            content_type="text/html",
        )
        assert a.content_type == "application/pdf"

    @pytest.mark.parametrize(
        "name,content",
        [("bao-cao.pdf", ELF), ("phu-luc.docx", EXE), ("anh.png", EXE)],
        ids=["elf", "exe", "exe-png"],
    )
    def test_a_program_under_a_document_name_is_refused(self, agency, name, content):
        """A program is refused whatever its name says; nothing is recorded."""
        doc = make_draft(agency)
        with pytest.raises(InvalidInput):
            attachment_add(document=doc, actor=agency.drafter, name=name, content=content)
        assert not doc.attachments.exists()
        assert not StoredFile.objects.exists()

    def test_content_contradicting_the_extension_is_refused(self, agency):
        """An image named .pdf is not a PDF."""
        with pytest.raises(InvalidInput, match="không khớp"):
            attachment_add(
                document=make_draft(agency), actor=agency.drafter, name="cong-van.pdf", content=PNG
            )

    def test_a_refused_file_leaves_no_blob(self, agency):
        """The store does not keep what was refused (the file is written first, then checked, then removed)."""
        with pytest.raises(InvalidInput):
            attachment_add(document=make_draft(agency), actor=agency.drafter, name="x.pdf", content=ELF)
        assert not [p for p in blob_root().rglob("*") if p.is_file()]

    def test_bytes_without_a_signature_are_not_served_as_what_the_name_claims(self, agency):
        """A ".pdf" that is not a PDF is kept as opaque bytes, never announced as a PDF."""
        a = attachment_add(
            document=make_draft(agency), actor=agency.drafter, name="gia.pdf", content=b"<script>"
        )
        assert a.content_type == "application/octet-stream"

    def test_plain_text_is_text(self, agency):
        a = attachment_add(
            document=make_draft(agency), actor=agency.drafter, name="ghi-chu.txt", content=b"abc"
        )
        assert a.content_type == "text/plain"


@pytest.mark.django_db
class TestLimits:
    def test_too_many_pages_are_refused(self, agency, monkeypatch):
        """A PDF over CONGVAN_MAX_PDF_PAGES pages is refused with a Vietnamese message."""
        monkeypatch.setenv("CONGVAN_MAX_PDF_PAGES", "3")
        with pytest.raises(InvalidInput, match="vượt quá giới hạn 3 trang"):
            attachment_add(
                document=make_draft(agency), actor=agency.drafter, name="dai.pdf", content=blank_pdf(4)
            )

    def test_pages_up_to_the_limit_are_accepted(self, agency, monkeypatch):
        monkeypatch.setenv("CONGVAN_MAX_PDF_PAGES", "3")
        a = attachment_add(
            document=make_draft(agency), actor=agency.drafter, name="du.pdf", content=blank_pdf(3)
        )
        assert a.content_type == "application/pdf"

    def test_size_limit_through_the_api(self, agency, settings):
        settings.MAX_UPLOAD_BYTES = 100
        client = Client()
        client.force_login(agency.drafter.user)
        doc = make_draft(agency)
        response = client.post(
            f"/api/v1/documents/{doc.pk}/attachments", {"file": SimpleUploadedFile("a.txt", b"x" * 101)}
        )
        assert response.status_code == 400 and "dung lượng" in response.json()["detail"]


@pytest.mark.django_db
class TestNamesAndServing:
    @pytest.mark.parametrize(
        "name",
        ["../../etc/passwd", "a/b.pdf", "..\\x.pdf", "a\x00b.pdf", "\u202egpj.exe"],
        ids=["dotdot", "slash", "backslash", "nul", "rtl-override"],
    )
    def test_names_with_paths_or_control_characters_are_refused(self, agency, name):
        with pytest.raises(InvalidInput):
            attachment_add(document=make_draft(agency), actor=agency.drafter, name=name, content=b"x")

    def test_files_live_outside_every_served_path(self, agency):
        """The store is under MEDIA_ROOT/blobs, which no URL serves (no MEDIA_URL route, not static)."""
        a = attachment_add(document=make_draft(agency), actor=agency.drafter, name="a.txt", content=b"bi mat")
        stored = blob_root() / a.stored.path
        assert stored.exists()
        assert not str(stored).startswith(str(django_settings.STATIC_ROOT))
        client = Client()
        client.force_login(agency.drafter.user)
        for url in (f"/media/{a.stored.path}", f"/files/blobs/{a.stored.path}", f"/static/{a.stored.path}"):
            assert client.get(url).status_code == 404

    def test_downloads_are_attachments_with_nosniff(self, agency):
        """Served with Content-Disposition: attachment (never rendered inline) and nosniff."""
        a = attachment_add(
            document=make_draft(agency),
            actor=agency.drafter,
            name="trang.html",
            content=b"<script>alert(1)</script>",
        )
        client = Client()
        client.force_login(agency.drafter.user)
        response = client.get(f"/app/attachments/{a.pk}/")
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/octet-stream"
        assert Attachment.objects.get(pk=a.pk).content_type == "application/octet-stream"


@pytest.mark.django_db
def test_the_incoming_upload_is_typed_by_its_content_too(agency):
    """The clerk's upload of a paper document goes through the same check: a program is refused there too."""
    client = Client()
    client.force_login(agency.clerk.user)
    response = client.post("/app/incoming/upload/", {"file": SimpleUploadedFile("cong-van.pdf", EXE)})
    assert response.status_code == 400
    assert not StoredFile.objects.exists()
