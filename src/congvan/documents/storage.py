"""Content-addressed file store: a file is written once under its SHA-256, before any row points at it."""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import InvalidInput
from .models import StoredFile

CHUNK = 1024 * 1024
MAX_NAME_LENGTH = 255


def clean_file_name(name: str) -> str:
    """Refuse names with path parts or control characters instead of silently rewriting them."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise InvalidInput(_("Tên tệp không được để trống."), field="file")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(_("Tên tệp dài quá %(n)d ký tự.") % {"n": MAX_NAME_LENGTH}, field="file")
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith(".."):
        raise InvalidInput(_("Tên tệp không được chứa đường dẫn (ký tự / hoặc \\)."), field="file")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        raise InvalidInput(_("Tên tệp chứa ký tự điều khiển không hợp lệ."), field="file")
    return name


def blob_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "blobs"


def blob_path(sha256: str) -> Path:
    return blob_root() / sha256[:2] / sha256[2:4] / sha256


Content = bytes | BinaryIO | IO[bytes] | File | Iterable[bytes]


def _chunks(content: Content) -> Iterable[bytes]:
    if isinstance(content, bytes | bytearray):
        yield bytes(content)
        return
    if hasattr(content, "read"):
        while chunk := content.read(CHUNK):  # type: ignore[union-attr]
            yield chunk
        return
    yield from content  # type: ignore[misc]


@dataclass(frozen=True)
class Blob:
    """A file written to the store, before any row records it."""

    sha256: str
    size: int
    path: str  # relative to blob_root()


def write_blob(content: Content, *, max_bytes: int | None = None, sync: bool = True) -> Blob:
    """Stream the content into the store under its SHA-256, refusing more than ``max_bytes``.

    ``sync=False`` leaves the flush to disk to the caller, who must ``os.sync()`` before committing rows that
    point at the file (a bulk import does it once per batch instead of once per file).
    """
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    root = blob_root()
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as tmp:
            for chunk in _chunks(content):
                size += len(chunk)
                if size > limit:
                    raise InvalidInput(
                        _("Tệp vượt quá dung lượng cho phép (%(mb)s MB).")
                        % {"mb": round(limit / 1048576, 1)},
                        field="file",
                    )
                digest.update(chunk)
                tmp.write(chunk)
            tmp.flush()
            if sync:
                os.fsync(tmp.fileno())
        sha = digest.hexdigest()
        final = blob_path(sha)
        if not final.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, final)
        else:
            os.unlink(tmp_name)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
    return Blob(sha256=sha, size=size, path=str(final.relative_to(root)))


def record(blobs: Iterable[Blob]) -> dict[str, StoredFile]:
    """The rows of written blobs, creating the missing ones in one statement."""
    wanted = {b.sha256: b for b in blobs}
    rows = {f.sha256: f for f in StoredFile.objects.filter(sha256__in=list(wanted))}
    missing = [
        StoredFile(sha256=b.sha256, size=b.size, path=b.path) for sha, b in wanted.items() if sha not in rows
    ]
    if missing:
        try:
            with transaction.atomic():
                created = StoredFile.objects.bulk_create(missing)
            rows.update((f.sha256, f) for f in created)
        except IntegrityError:  # another process recorded some of them meanwhile
            rows = {f.sha256: f for f in StoredFile.objects.filter(sha256__in=list(wanted))}
    return rows


def store(content: Content, *, max_bytes: int | None = None, sync: bool = True) -> StoredFile:
    """Write the content to the store (if new) and return its row. Refuses more than ``max_bytes``."""
    blob = write_blob(content, max_bytes=max_bytes, sync=sync)
    return record([blob])[blob.sha256]


def open_stored(stored: StoredFile) -> BinaryIO:
    return open(blob_root() / stored.path, "rb")
