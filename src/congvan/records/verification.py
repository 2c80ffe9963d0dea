"""Integrity of the installation (Phụ lục VI III.5.d): every stored file against its SHA-256, every issued or
registered document against the fingerprint of its issued form. ``congvan verify`` with no file runs it."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.core.files.storage import Storage

from congvan.documents import storage
from congvan.documents.models import Attachment, Document, StoredFile

from .integrity import fingerprint
from .models import IssuedFingerprint

CHUNK = 1024 * 1024


@dataclass
class FileProblem:
    sha256: str
    path: str
    problem: str  # "missing" | "altered"
    used_by: list[str] = field(default_factory=list)  # "document #id number/symbol: file name"

    def to_dict(self) -> dict[str, object]:
        return {"sha256": self.sha256, "path": self.path, "problem": self.problem, "used_by": self.used_by}


@dataclass
class StoreReport:
    files_checked: int = 0
    documents_checked: int = 0
    files: list[FileProblem] = field(default_factory=list)
    documents: list[dict[str, object]] = field(default_factory=list)
    unfingerprinted: int = 0

    @property
    def ok(self) -> bool:
        return not self.files and not self.documents


def _state(backend: Storage, row: tuple[str, int, str]) -> str | None:
    """None when the file under ``path`` has the recorded digest and size; else "missing" or "altered".

    Read through the documents' storage backend (a local folder or object storage): one read per file, the
    size counted on the way."""
    sha, size, rel = row
    digest = hashlib.sha256()
    read = 0
    try:
        with backend.open(rel, "rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                read += len(chunk)
    except FileNotFoundError:
        return "missing"
    return None if digest.hexdigest() == sha and read == size else "altered"


def verify_store(*, workers: int = 4) -> StoreReport:
    report = StoreReport()
    backend = storage.documents_storage()
    rows = list(StoredFile.objects.order_by("pk").values_list("sha256", "size", "path"))
    report.files_checked = len(rows)
    with ThreadPoolExecutor(workers) as pool:  # hashing releases the GIL
        states = list(pool.map(lambda r: _state(backend, r), rows, chunksize=64))
    bad = {row[0]: (row[2], state) for row, state in zip(rows, states, strict=True) if state}
    users: dict[str, list[str]] = defaultdict(list)
    if bad:
        for a in Attachment.objects.filter(stored__sha256__in=list(bad)).select_related("document", "stored"):
            users[a.stored.sha256].append(f"#{a.document_id} {a.document.number_symbol}: {a.name}")
    report.files = [
        FileProblem(sha256=sha, path=path, problem=state, used_by=users[sha])
        for sha, (path, state) in bad.items()
    ]
    report.unfingerprinted = Document.objects.filter(
        state__in=["issued", "registered"], issued_fingerprint__isnull=True
    ).count()
    for stamp in (
        IssuedFingerprint.objects.select_related("document").order_by("pk").iterator(chunk_size=2000)
    ):
        report.documents_checked += 1
        doc = stamp.document
        if fingerprint(doc) != stamp.sha256:
            report.documents.append(
                {"id": doc.pk, "number_symbol": doc.number_symbol, "subject": doc.subject[:200]}
            )
    return report
