"""Attachments: stored with their SHA-256, size limited, names checked (issue 2)."""

from __future__ import annotations

import hashlib

import pytest

from congvan.documents.errors import InvalidInput, NotAllowed
from congvan.documents.models import Attachment, StoredFile
from congvan.documents.services import attachment_add
from factories import make_draft

pytestmark = pytest.mark.django_db


def test_file_is_stored_with_its_sha256(agency):
    """The stored file carries its SHA-256 so integrity can be checked later."""
    doc = make_draft(agency)
    a = attachment_add(document=doc, actor=agency.drafter, name="219-TTCS-TTTQ.pdf", content=b"%PDF-1.7 data")
    assert a.sha256 == hashlib.sha256(b"%PDF-1.7 data").hexdigest()
    assert a.size == len(b"%PDF-1.7 data")


def test_same_content_is_stored_once(agency):
    """Two documents carrying the same file share one stored copy."""
    for _ in range(2):
        attachment_add(document=make_draft(agency), actor=agency.drafter, name="a.pdf", content=b"same bytes")
    assert StoredFile.objects.count() == 1


def test_oversized_file_is_refused_and_nothing_is_written(agency, settings):
    """The size limit (default 50 MB, configurable) is enforced before any row is written."""
    settings.MAX_UPLOAD_BYTES = 1024
    doc = make_draft(agency)
    with pytest.raises(InvalidInput) as error:
        attachment_add(document=doc, actor=agency.drafter, name="big.pdf", content=b"x" * 2048)
    assert "dung lượng" in str(error.value)
    assert not Attachment.objects.exists() and not StoredFile.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "a/b.pdf", "C:\\x\\y.pdf", "tệp\x00.pdf", "bad\nname.pdf", "", "..", "x" * 300],
    ids=["dotdot", "slash", "backslash", "nul", "newline", "empty", "parent", "too-long"],
)
def test_bad_file_names_are_refused(agency, name):
    """File names with path parts or control characters are refused, not silently rewritten."""
    doc = make_draft(agency)
    with pytest.raises(InvalidInput):
        attachment_add(document=doc, actor=agency.drafter, name=name, content=b"data")
    assert not Attachment.objects.exists()


def test_vietnamese_file_names_are_kept(agency):
    """A Vietnamese name is kept as written (NFC)."""
    a = attachment_add(
        document=make_draft(agency), actor=agency.drafter, name="Công văn 219.pdf", content=b"x"
    )
    assert a.name == "Công văn 219.pdf"


def test_only_the_drafter_attaches_to_a_draft(agency):
    """Someone else in the agency cannot change the drafter's draft."""
    with pytest.raises(NotAllowed):
        attachment_add(document=make_draft(agency), actor=agency.clerk, name="a.pdf", content=b"x")
