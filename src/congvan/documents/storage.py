"""Content-addressed file store: a file is written once under its SHA-256, before any row points at it.

The bytes go through Django's storage API, to the backend named ``documents`` in ``settings.STORAGES``
(docs/decisions/0015-document-store-on-django-storage.md): by default a ``FileSystemStorage`` at
``MEDIA_ROOT/blobs``, or S3-compatible object storage with ``CONGVAN_STORAGE=s3``. The name of a file in that
backend is ``ab/cd/<sha256>`` (``StoredFile.path``) whatever the backend.

On a local folder a file is streamed to a temporary file beside its final place, fsynced and renamed into place
(atomic, never half-written under its name). On any other backend it is hashed while spooled to a temporary
file, then saved under its SHA-256 name unless an object of that name already exists.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import InvalidInput
from .models import StoredFile

CHUNK = 1024 * 1024
MAX_NAME_LENGTH = 255
SPOOL_BYTES = 8 * CHUNK  # a file sent to object storage stays in memory up to this size while it is hashed


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


def documents_storage() -> Storage:
    """The backend holding the documents' files (``settings.STORAGES["documents"]``)."""
    return storages["documents"]


def blob_name(sha256: str) -> str:
    """The name of a file in the backend: ``ab/cd/<sha256>``."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def blob_root() -> Path:
    """The folder of a local store (``MEDIA_ROOT/blobs`` by default); there is none on object storage."""
    backend = documents_storage()
    if not isinstance(backend, FileSystemStorage):
        raise TypeError("the document store is not a local folder")
    return Path(backend.location)


def blob_path(sha256: str) -> Path:
    return blob_root() / blob_name(sha256)


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
    path: str  # the name in the documents backend: "ab/cd/<sha256>"


def _spool(content: Content, out: IO[bytes], limit: int) -> tuple[str, int]:
    """Copy the content into ``out``, refusing more than ``limit`` bytes; its SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(content):
        size += len(chunk)
        if size > limit:
            raise InvalidInput(
                _("Tệp vượt quá dung lượng cho phép (%(mb)s MB).") % {"mb": round(limit / 1048576, 1)},
                field="file",
            )
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest(), size


def write_blob(content: Content, *, max_bytes: int | None = None, sync: bool = True) -> Blob:
    """Stream the content into the store under its SHA-256, refusing more than ``max_bytes``.

    ``sync=False`` (local store only) leaves the flush to disk to the caller, who must ``os.sync()`` before
    committing rows that point at the file (a bulk import does it once per batch instead of once per file).
    An object store has the file once ``save`` returns.
    """
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    backend = documents_storage()
    if isinstance(backend, FileSystemStorage):
        return _write_local(Path(backend.location), content, limit=limit, sync=sync)
    return _write_remote(backend, content, limit=limit)


def _write_local(root: Path, content: Content, *, limit: int, sync: bool) -> Blob:
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as tmp:
            sha, size = _spool(content, tmp, limit)
            tmp.flush()
            if sync:
                os.fsync(tmp.fileno())
        final = root / blob_name(sha)
        if not final.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, final)
        else:
            os.unlink(tmp_name)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
    return Blob(sha256=sha, size=size, path=blob_name(sha))


def _write_remote(backend: Storage, content: Content, *, limit: int) -> Blob:
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as tmp:
        sha, size = _spool(content, tmp, limit)
        name = blob_name(sha)
        if not backend.exists(name):  # written once: the same name always holds the same bytes
            tmp.seek(0)
            saved = backend.save(name, File(tmp, name=name))
            if saved != name:
                # Another process stored the same content meanwhile and the backend chose another name for
                # this copy (no overwriting): the object under the SHA-256 name is already the same bytes.
                backend.delete(saved)
    return Blob(sha256=sha, size=size, path=name)


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


def open_path(path: str) -> BinaryIO:
    """Open a stored file for reading by its name in the backend; FileNotFoundError when it is not there."""
    # Django's File proxies read/seek/tell/close of the file it wraps (an S3File downloads on first read).
    return cast(BinaryIO, documents_storage().open(path, "rb"))


def open_stored(stored: StoredFile) -> BinaryIO:
    return open_path(stored.path)


def delete_blob(blob: Blob) -> None:
    """Remove a written file no row points at (a refused upload). Absent already: nothing to do."""
    documents_storage().delete(blob.path)
