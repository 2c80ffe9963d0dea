"""``parse_file``: any supported file to the parsed-document fields.

The kind is taken from the file's first bytes, not its name (a .docx may be a renamed .doc, a .pdf
a scan). Limits are checked before anything is read into memory: the size of the file, and for
Word files the sizes inside the zip, so a zip bomb named .docx costs nothing.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import zipfile
from typing import IO, Any

from .decoding import decode_bytes
from .document import parse_text
from .errors import ParseError
from .layout import Word, lines_from_words

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all members of a .docx together
MAX_ZIP_RATIO = 200  # real Word XML compresses ~10:1; bombs reach 1000:1
MIN_TEXT_LAYER_CHARS = 40  # fewer characters than this on all pages: a scan
OCR_WARNING = "read by OCR (Tesseract, vie): check every field against the image"


def _too_big() -> ParseError:
    return ParseError("Tệp lớn hơn 100 MB", "file larger than 100 MB")


def _read_limited(stream: IO[bytes]) -> bytes:
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big()
    return data


def sniff(data: bytes) -> str:
    """The kind of a file from its magic bytes: pdf, zip, image, ole or text."""
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return "image"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "text"


# --- Word ------------------------------------------------------------------------------------------
def _check_zip(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if total > MAX_UNZIPPED_BYTES or (ratio > MAX_ZIP_RATIO and info.file_size > 1024 * 1024):
            raise ParseError(
                "Tệp .docx bất thường: nội dung giải nén quá lớn (nghi bom zip)",
                "suspicious .docx: uncompressed content too large (zip bomb?)",
            )
    if "word/document.xml" not in archive.namelist():
        raise ParseError("Tệp zip không phải tài liệu Word (.docx)", "zip file is not a Word document")


def _docx_lines(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive)
    except zipfile.BadZipFile:
        raise ParseError("Tệp .docx hỏng, không mở được", "corrupt .docx: not a readable zip") from None
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise ParseError("Tệp .docx hỏng, không mở được", f"corrupt .docx: {exc}") from None
    lines: list[str] = []

    def walk(parent: Any, element: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.extend(Paragraph(child, parent).text.split("\n"))
            elif tag == "tbl":
                table = Table(child, parent)
                for row in table.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                            continue
                        seen.add(id(cell._tc))
                        walk(cell, cell._tc)
                        lines.append("")
            elif tag == "sdt":
                content = child.find("{*}sdtContent")
                if content is not None:
                    walk(parent, content)

    walk(document, document.element.body)
    return lines


# --- PDF and OCR -------------------------------------------------------------------------------------
def _ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def _ocr_image(image: Any) -> str:
    import pytesseract

    try:
        return str(pytesseract.image_to_string(image, lang="vie", config="--psm 3"))
    except pytesseract.TesseractError as exc:
        raise ParseError("Nhận dạng chữ (OCR) thất bại", f"OCR failed: {exc}") from None


def _no_ocr() -> ParseError:
    return ParseError(
        "Tệp là ảnh quét, không có lớp chữ, và máy này chưa cài Tesseract để nhận dạng chữ",
        "no text layer and OCR (tesseract) is not available",
    )


def _pdf_text(data: bytes) -> tuple[str, list[str]]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises several types for broken or encrypted files
        raise ParseError("Tệp PDF hỏng hoặc có mật khẩu", f"unreadable PDF: {type(exc).__name__}") from None
    with pdf:
        pages: list[list[str]] = []
        for page in pdf.pages:
            words = [
                Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
                for w in page.extract_words(x_tolerance=1.5, y_tolerance=2)
            ]
            pages.append(lines_from_words(words, float(page.width)))
        text = "\n".join("\n".join(p) for p in pages)
        if sum(len(line.strip()) for p in pages for line in p) >= MIN_TEXT_LAYER_CHARS:
            return text, []
        if not _ocr_available():
            raise _no_ocr()
        scans = [_ocr_image(page.to_image(resolution=300).original) for page in pdf.pages]
    return "\n".join(scans), [OCR_WARNING]


def _image_text(data: bytes) -> tuple[str, list[str]]:
    if not _ocr_available():
        raise _no_ocr()
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (Image.DecompressionBombError, OSError) as exc:
        raise ParseError("Ảnh hỏng hoặc quá lớn", f"unreadable or oversized image: {exc}") from None
    return _ocr_image(image), [OCR_WARNING]


# --- entry point -----------------------------------------------------------------------------------
def extract_text(data: bytes) -> tuple[str, list[str]]:
    """The text of a file's bytes, with warnings about how it was obtained."""
    if not data.strip():
        raise ParseError("Tệp rỗng", "empty file")
    kind = sniff(data)
    if kind == "pdf":
        return _pdf_text(data)
    if kind == "zip":
        return "\n".join(_docx_lines(data)), []
    if kind == "image":
        return _image_text(data)
    if kind == "ole":
        raise ParseError(
            "Định dạng Word 97-2003 (.doc) chưa được hỗ trợ; hãy lưu lại thành .docx",
            "Word 97-2003 .doc is not supported; save it as .docx",
        )
    return decode_bytes(data)


def read_source(path: str) -> bytes:
    """The bytes of a file, or of standard input for '-', refusing files over the size limit."""
    if path == "-":
        return _read_limited(sys.stdin.buffer)
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise _too_big()
        with open(path, "rb") as handle:
            return _read_limited(handle)
    except FileNotFoundError:
        raise ParseError("Không tìm thấy tệp", "file not found") from None
    except IsADirectoryError:
        raise ParseError("Đây là thư mục, không phải tệp", "is a directory, not a file") from None
    except PermissionError:
        raise ParseError("Không có quyền đọc tệp", "permission denied") from None


def parse_file(path: str) -> dict[str, Any]:
    """Read and parse one file (or '-' for standard input); raises ParseError when it cannot."""
    text, warnings = extract_text(read_source(path))
    if not text.strip():
        raise ParseError("Tệp không có chữ nào đọc được", "no readable text in the file")
    return parse_text(text, path, warnings)
