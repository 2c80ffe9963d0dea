"""Bytes of a text file to Unicode: UTF-8/16, and the legacy TCVN3 and VNI encodings of old archives."""

from __future__ import annotations

import codecs
import unicodedata

from ..text import convert_legacy, detect_legacy
from .errors import ParseError

_LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
# Latin-1 letters that Vietnamese Unicode text uses; other Latin-1 symbols in bulk mean an encoding
# we do not know (VISCII, a code page of another language ...).
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(
        1
        for c in sample
        if c == "\ufffd" or (unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in "\n\r\t\f\v")
    )
    return bad > max(2, len(sample) // 100)


def _binary_error() -> ParseError:
    return ParseError(
        "Tệp không phải văn bản (dữ liệu nhị phân không đọc được)",
        "not a text file: binary data",
    )


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode a text file's bytes; returns the text and warnings about the conversion."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise _binary_error() from None
    if b"\x00" in data[:8192]:
        raise _binary_error()
    try:
        text = data.decode("utf-8")
        unicode_file = True
    except UnicodeDecodeError:
        # Legacy fonts stored one byte per letter; Latin-1 keeps every byte for the tables in text.py.
        text = data.decode("latin-1")
        unicode_file = False
    if _looks_binary(text):
        raise _binary_error()
    legacy = detect_legacy(text)
    if legacy:
        return convert_legacy(text, legacy), [f"converted from the legacy encoding {_LEGACY_NAMES[legacy]}"]
    if not unicode_file:
        strange = sum(1 for c in text if ord(c) > 127 and c not in _VIETNAMESE_LATIN1)
        if strange > max(3, len(text) // 200):
            raise ParseError(
                "Không nhận ra bảng mã của tệp (không phải Unicode, TCVN3 hay VNI)",
                "unknown legacy encoding: not UTF-8, TCVN3 or VNI",
            )
    return text, []
