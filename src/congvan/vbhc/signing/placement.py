"""Where signatures go on the page (Phụ lục I, mục II.7.d, II.8.a-b), in PDF points from the bottom left.

The signer's image is centred between the signer's title and name, in the space the layout leaves for it
(``congvan.vbhc.layout``: 24 mm); the space is found in the rendered PDF by those words, so any PDF laid out
that way (ours or a scanned-and-OCRed one) can be signed. The agency's seal covers the left third of the
signer's image; on an attachment in a separate file the agency signature sits at the top right of page 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import SigningError

MM = 72 / 25.4
SEAL_DIAMETER_MM = 34.0  # the real size of a department's round seal (about 34-36 mm)


@dataclass(frozen=True)
class Box:
    """A rectangle on page ``page`` (0-based), PDF user space: origin bottom left, points."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))


def _open(pdf: bytes):  # type: ignore[no-untyped-def]
    # PDFium (through pypdfium2, which pdfplumber already needs) finds words in ~10 ms; pdfplumber's search
    # took a third of the signing budget.
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise SigningError("Tệp không phải là PDF hợp lệ.", f"Not a valid PDF: {exc}") from None


def _find(textpage, text: str) -> list[tuple[float, float, float, float]]:  # type: ignore[no-untyped-def]
    """Boxes (left, bottom, right, top) of every occurrence of ``text`` on a page."""
    found = []
    search = textpage.search(text, match_case=True)
    while (hit := search.get_next()) is not None:
        index, count = hit
        boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
        found.append(
            (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
        )
    return found


def signature_space(pdf: bytes, *, name: str, title: str = "") -> Box:
    """The space between the signer's title and name (Phụ lục I II.7.d), found by their words.

    The last occurrence of ``name`` is taken (the signature block ends the document); the title is the nearest
    line above it that reads ``title``, else the space is assumed 24 mm high, as the layout leaves it.
    """
    if not name.strip():
        raise SigningError("Thiếu họ tên người ký để đặt chữ ký.", "No signer name to place the signature.")
    doc = _open(pdf)
    try:
        for index in range(len(doc) - 1, -1, -1):
            page = doc[index]
            textpage = page.get_textpage()
            hits = _find(textpage, name.strip())
            if not hits:
                continue
            left, _bottom, right, name_top = hits[-1]
            above = [b for b in _find(textpage, title.strip()) if b[1] > name_top] if title else []
            top = min(b[1] for b in above) if above else name_top + 24 * MM
            centre = (left + right) / 2
            half = min(60 * MM, page.get_width() - centre - 10 * MM)
            return Box(index, centre - half, name_top + 3, centre + half, top - 3)
    finally:
        doc.close()
    raise SigningError(
        f"Không tìm thấy tên người ký “{name}” trong văn bản để đặt chữ ký.",
        f"The signer's name {name!r} is not in the PDF; cannot place the signature.",
    )


def fit_image(space: Box, size: tuple[int, int]) -> Box:
    """The image's box: as large as fits in ``space`` keeping its proportions, centred."""
    width, height = size
    scale = min(space.width / width, space.height / height)
    w, h = width * scale, height * scale
    cx, cy = (space.x1 + space.x2) / 2, (space.y1 + space.y2) / 2
    return Box(space.page, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def seal_box(signer: Box, *, diameter_mm: float = SEAL_DIAMETER_MM) -> Box:
    """The seal over the left third of the signer's image (Phụ lục I II.8.a), at the seal's real size."""
    d = diameter_mm * MM
    right = signer.x1 + signer.width / 3
    cy = (signer.y1 + signer.y2) / 2
    return Box(signer.page, right - d, cy - d / 2, right, cy + d / 2)


def top_right_box(pdf: bytes, *, width_mm: float = 78, height_mm: float = 11) -> Box:
    """Top right of page 1, inside the top margin (Phụ lục I II.8.b: attachments in separate files)."""
    doc = _open(pdf)
    try:
        if len(doc) == 0:
            raise SigningError("Tệp PDF không có trang nào.", "The PDF has no pages.")
        pw, ph = doc[0].get_size()
    finally:
        doc.close()
    right = pw - 15 * MM
    top = ph - 4 * MM
    return Box(0, right - width_mm * MM, top - height_mm * MM, right, top)
