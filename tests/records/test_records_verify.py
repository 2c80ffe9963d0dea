"""Integrity of the installation (Phụ lục VI III.5.d; issue 8 "done when"): ``congvan verify`` with no file names
every missing or altered stored file and every document whose metadata no longer matches its issued form."""

from __future__ import annotations

import json

import pytest
from records_helpers import make_issued

from congvan.commands import verify
from congvan.documents import storage
from congvan.documents.models import Document
from congvan.documents.services import attachment_add
from factories import Agency, make_draft

pytestmark = pytest.mark.django_db


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = verify.main([*args, "--json"])
    return status, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_an_intact_installation_verifies(agency: Agency, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing damaged: exit status 0, every file and fingerprinted document checked."""
    make_issued(agency)
    attachment_add(document=make_draft(agency), actor=agency.drafter, name="a.txt", content=b"a")
    status, report = _verify(capsys)
    assert status == 0 and report["ok"] is True
    assert report["files_checked"] == 1 and report["documents_checked"] == 1


def test_a_corrupted_file_and_a_deleted_file_are_both_named(
    agency: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fault test: one stored file altered, another deleted — verify names both, with their documents."""
    doc = make_draft(agency)
    altered = attachment_add(document=doc, actor=agency.drafter, name="bao-cao.txt", content=b"Bao cao so 1")
    deleted = attachment_add(document=doc, actor=agency.drafter, name="phu-luc.txt", content=b"Phu luc so 2")
    intact = attachment_add(document=doc, actor=agency.drafter, name="ke-hoach.txt", content=b"Ke hoach")
    (storage.blob_root() / altered.stored.path).write_bytes(b"Bao cao so 7")  # same size, other content
    (storage.blob_root() / deleted.stored.path).unlink()
    status, report = _verify(capsys, "--store")
    assert status == 1
    problems = {p["sha256"]: p for p in report["files"]}
    assert set(problems) == {altered.sha256, deleted.sha256}
    assert problems[altered.sha256]["problem"] == "altered"
    assert problems[deleted.sha256]["problem"] == "missing"
    assert any("bao-cao.txt" in use for use in problems[altered.sha256]["used_by"])
    assert intact.sha256 not in problems


def test_the_text_report_names_both_files(agency: Agency, capsys: pytest.CaptureFixture[str]) -> None:
    """The report an administrator reads says which file is missing and which is altered."""
    doc = make_draft(agency)
    a = attachment_add(document=doc, actor=agency.drafter, name="a.txt", content=b"aaaa")
    b = attachment_add(document=doc, actor=agency.drafter, name="b.txt", content=b"bbbb")
    (storage.blob_root() / a.stored.path).write_bytes(b"AAAA")
    (storage.blob_root() / b.stored.path).unlink()
    assert verify.main([]) == 1
    out = capsys.readouterr().out
    assert f"THIẾU / MISSING: {b.stored.path}" in out
    assert f"ĐÃ BỊ THAY ĐỔI / ALTERED: {a.stored.path}" in out


@pytest.mark.parametrize(
    ("field", "value"),
    [("subject", "Trích yếu đã bị sửa"), ("number", 99), ("signer_name", "Người khác")],
    ids=["subject", "number", "signer"],
)
def test_a_document_changed_after_issue_is_named(
    agency: Agency, capsys: pytest.CaptureFixture[str], field: str, value: object
) -> None:
    """Metadata of an issued document changed behind the application's back no longer matches its issued form."""
    doc = make_issued(agency)
    other = make_issued(agency, subject="Văn bản không bị sửa")
    Document.objects.filter(pk=doc.pk).update(**{field: value})
    status, report = _verify(capsys)
    assert status == 1
    assert [d["id"] for d in report["documents"]] == [doc.pk]
    assert other.pk not in [d["id"] for d in report["documents"]]
