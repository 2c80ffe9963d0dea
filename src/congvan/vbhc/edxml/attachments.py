"""Attachment bytes: base64 decoding as vendors actually write it, and zip-bomb checks.

Zip containers (plain .zip, and DOCX/XLSX/ODT which are zips too) are judged from their central directory
before anyone extracts them: too many entries, too many declared bytes, or a compression ratio no real
document reaches. Declared sizes can lie, so ``extract_zip`` also counts the bytes it actually inflates.
"""

from __future__ import annotations

import binascii
import io
import zipfile

from .errors import EdxmlError
from .limits import Limits

_WHITESPACE = b" \t\r\n\f\v"


class Base64Stream:
    """Decodes base64 as the parser hands it over, so a large attachment's text is never held whole.

    Holding the text, then its ASCII bytes, then the bytes without line breaks cost five times the
    message size in memory; decoding in 64 KB steps keeps it near the message size plus the result.
    """

    _STEP = 1 << 16

    def __init__(self) -> None:
        self._pending = bytearray()
        self._decoded = bytearray()
        self._failed = False

    def feed(self, text: str) -> None:
        if self._failed:
            return
        self._pending += text.encode("ascii", errors="replace").translate(None, _WHITESPACE)
        if len(self._pending) >= self._STEP:
            cut = len(self._pending) - len(self._pending) % 4
            self._decode(bytes(self._pending[:cut]))
            del self._pending[:cut]

    def _decode(self, quads: bytes) -> None:
        try:
            # strict_mode is C code; b64decode(validate=True) would run a regex over the data first.
            self._decoded += binascii.a2b_base64(quads, strict_mode=True)
        except (binascii.Error, ValueError):
            self._failed = True

    @property
    def empty(self) -> bool:
        return not self._pending and not self._decoded and not self._failed

    def finish(self, where: str) -> bytes:
        """The decoded bytes; ``EdxmlError`` naming ``where`` if any part was not base64."""
        if self._pending and not self._failed:
            # Vendors drop the trailing padding now and then; restoring it is unambiguous.
            self._decode(bytes(self._pending) + b"=" * (-len(self._pending) % 4))
            self._pending.clear()
        if self._failed:
            raise EdxmlError(
                "nội dung tệp đính kèm không phải base64 hợp lệ",
                "attachment content is not valid base64",
                where=where,
            )
        return bytes(self._decoded)


def decode_base64(text: str, where: str) -> bytes:
    """Decode base64 wrapped at any width (MIME 76, PEM 64, one line), with or without padding."""
    stream = Base64Stream()
    stream.feed(text)
    return stream.finish(where)


def check_zip(data: bytes, limits: Limits, where: str) -> None:
    """Refuse a zip whose directory promises more than ``limits`` allow; a no-op for anything else."""
    if data[:4] != b"PK\x03\x04":
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        # Unreadable, so nobody can inflate it either: harmless to carry, reported by extract_zip if opened.
        return
    if len(entries) > limits.max_zip_entries:
        raise EdxmlError(
            f"tệp nén có quá nhiều mục ({len(entries)})",
            f"zip has too many entries ({len(entries)})",
            where=where,
        )
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_unzipped_bytes:
        raise EdxmlError(
            f"tệp nén giải ra {total} byte, vượt giới hạn {limits.max_unzipped_bytes} (bom nén)",
            f"zip inflates to {total} bytes, over the {limits.max_unzipped_bytes} limit (zip bomb)",
            where=where,
        )
    for entry in entries:
        # Tiny entries compress by large factors without harm (an empty file is "infinitely" compressed).
        if entry.file_size > 1024 * 1024 and entry.file_size > limits.max_zip_ratio * max(
            entry.compress_size, 1
        ):
            raise EdxmlError(
                f"mục '{entry.filename}' nén với tỉ lệ bất thường (bom nén)",
                f"entry '{entry.filename}' has an abnormal compression ratio (zip bomb)",
                where=where,
            )


def extract_zip(data: bytes, limits: Limits, where: str = "zip") -> list[tuple[str, bytes]]:
    """The members of a zip attachment as (name, bytes), never inflating more than the limits allow."""
    check_zip(data, limits, where)
    budget = limits.max_unzipped_bytes
    members: list[tuple[str, bytes]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                if entry.is_dir():
                    continue
                with archive.open(entry) as stream:
                    # Read one byte past the declared size: a lying header shows up as extra bytes.
                    content = stream.read(min(entry.file_size, budget) + 1)
                if len(content) > entry.file_size or len(content) > budget:
                    raise EdxmlError(
                        "tệp nén khai sai kích thước (bom nén)",
                        "zip entry larger than declared (zip bomb)",
                        where=where,
                    )
                budget -= len(content)
                members.append((entry.filename, content))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        NotImplementedError,
        OSError,
    ) as exc:
        raise EdxmlError(f"tệp nén hỏng: {exc}", f"damaged zip: {exc}", where=where) from None
    return members
