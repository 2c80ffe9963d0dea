"""What an uploaded attachment really is (issue 9): the type is read from the content (the ``filetype`` library's
magic numbers), never taken from the browser's Content-Type or the name's extension; a file whose recognised
content contradicts its extension, or that is a program or any kind not on the list, is refused; PDFs above the
page limit are refused; content with no signature is kept as text or opaque bytes.

The store keeps files outside any served path (MEDIA_ROOT/blobs or a private bucket, never routed); they
leave only through the download views, as attachments with nosniff (web.views.attachment_file_response)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import InvalidInput
from .models import StoredFile

HEAD_BYTES = 8192

# Kinds accepted as attachments: what agencies exchange (Điều 7: PDF for the issued document, office files,
# scans, archives of them). Everything else with a recognisable signature is refused.
ACCEPTED: dict[str, set[str]] = {
    "application/pdf": {"pdf"},
    "application/msword": {"doc", "dot"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.ms-excel": {"xls"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.ms-powerpoint": {"ppt"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"pptx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/vnd.oasis.opendocument.presentation": {"odp"},
    "application/rtf": {"rtf"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/tiff": {"tif", "tiff"},
    "image/gif": {"gif"},
    "image/bmp": {"bmp"},
    "image/webp": {"webp"},
    "application/zip": {"zip"},
    "application/x-rar-compressed": {"rar"},
    "application/x-7z-compressed": {"7z"},
    "application/gzip": {"gz", "tgz"},
}
# A .doc/.xls/.ppt is one OLE container: the library may name any of the three for any of them.
OLE = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
# Without a signature (plain text and its relatives): accepted, served as text or bytes, never interpreted.
TEXT_EXTENSIONS = {
    "txt": "text/plain",
    "csv": "text/csv",
    "xml": "application/xml",
    "json": "application/json",
}
SIGNED_EXTENSIONS = {ext for exts in ACCEPTED.values() for ext in exts}


@dataclass(frozen=True)
class Checked:
    name: str
    content_type: str


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind is not None else None


def check(name: str, head: bytes) -> Checked:
    """The content type of an upload from its first bytes; InvalidInput (nothing stored) when it is refused."""
    ext = _extension(name)
    mime = sniff(head)
    if mime is None:
        # No signature: plain text, or bytes that only claim a format by their name. Either way they are kept
        # and served as what they are (text or opaque bytes), never as the format the name claims.
        if ext in SIGNED_EXTENSIONS:
            return Checked(name=name, content_type="application/octet-stream")
        return Checked(name=name, content_type=TEXT_EXTENSIONS.get(ext, "application/octet-stream"))
    if mime not in ACCEPTED:
        raise InvalidInput(
            _("Không nhận loại tệp này (%(mime)s) làm tệp đính kèm.") % {"mime": mime}, field="file"
        )
    fits = ext in ACCEPTED[mime] or (mime in OLE and ext in {"doc", "dot", "xls", "ppt"})
    # Office files are ZIPs: a .docx read as a bare ZIP (no [Content_Types] in the head) is still a .docx.
    fits = fits or (mime == "application/zip" and ext in {"docx", "xlsx", "pptx", "odt", "ods", "odp"})
    if not fits:
        raise InvalidInput(
            _("Nội dung tệp “%(name)s” (%(mime)s) không khớp với phần mở rộng .%(ext)s.")
            % {"name": name, "mime": mime, "ext": ext or "?"},
            field="file",
        )
    return Checked(name=name, content_type=mime)


def max_pdf_pages() -> int:
    return int(os.environ.get("CONGVAN_MAX_PDF_PAGES", getattr(settings, "MAX_PDF_PAGES", 2000)))


def check_pages(source: Path | IO[bytes], content_type: str) -> str:
    """Refuse a PDF with more pages than the limit. A file that starts like a PDF but cannot be read as one is
    kept as plain bytes (application/octet-stream): it is not claimed to be a PDF when it is served."""
    if content_type != "application/pdf":
        return content_type
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(source).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        return "application/octet-stream"
    limit = max_pdf_pages()
    if pages > limit:
        raise InvalidInput(
            _("Tệp PDF có %(n)d trang, vượt quá giới hạn %(limit)d trang.") % {"n": pages, "limit": limit},
            field="file",
        )
    return content_type


def store_upload(name: str, content: object) -> tuple[StoredFile, Checked]:
    """Write the upload to the store, check what it is, and only then record it (the file before the row).

    A refused file is removed again unless an earlier row already holds the same content."""
    from . import storage

    blob = storage.write_blob(content)  # type: ignore[arg-type]
    try:
        # Read back from the store (a local folder or object storage), not from a path on this machine.
        with storage.open_path(blob.path) as fh:
            checked = check(name, fh.read(HEAD_BYTES))
            fh.seek(0)
            checked = Checked(name=name, content_type=check_pages(fh, checked.content_type))
    except InvalidInput:
        if not StoredFile.objects.filter(sha256=blob.sha256).exists():
            storage.delete_blob(blob)
        raise
    return storage.record([blob])[blob.sha256], checked
