"""What a signature looks like on the page: an image (signature, seal) or a few lines of text."""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

from PIL import Image, UnidentifiedImageError
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.stamp import StaticStampStyle

from .errors import SigningError
from .placement import MM

_NO_MARGINS = layout.SimpleBoxLayoutRule(
    x_align=layout.AxisAlignment.ALIGN_MID,
    y_align=layout.AxisAlignment.ALIGN_MID,
    margins=layout.Margins.uniform(0),
    inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
)


def load_image(data: bytes) -> Image.Image:
    """A PNG (transparent background, as Phụ lục I II.7.d and II.8.a ask) or another raster image."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise SigningError(
            "Ảnh chữ ký hoặc con dấu không đọc được (cần tệp PNG nền trong suốt).",
            f"Unreadable signature or seal image: {exc}",
        ) from None
    return image.convert("RGBA") if image.mode not in ("RGB", "RGBA", "L", "LA") else image


def image_style(image: Image.Image) -> StaticStampStyle:
    """The image scaled into the signature's box, no border, fully opaque where the image is."""
    from pyhanko.pdf_utils.images import PdfImage

    return StaticStampStyle(
        background=PdfImage(image),
        background_layout=_NO_MARGINS,
        background_opacity=1.0,
        border_width=0,
    )


class _PdfPageBytes(content.ImportedPdfPage):
    """pyHanko's imported page, read from bytes rather than a file name."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__(file_name="")
        self._pdf = pdf

    def render(self) -> bytes:
        import binascii
        import uuid

        writer = self._ensure_writer
        xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self._pdf)), page_ix=0)
        name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
        self.resources.xobject[name.decode("ascii")] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name + b" Do"


def text_pdf(lines: Sequence[str], *, width_mm: float, height_mm: float) -> bytes:
    """Lines of Times New Roman 10, upright, black (Phụ lục I II.8.b), as a one-page PDF of the box's size.

    Laid out by WeasyPrint with the layout's font stack, so Vietnamese letters in a symbol ("QĐ-UBND") are
    drawn with an embedded Times-metric font rather than pyHanko's built-in Courier.
    """
    from weasyprint import HTML

    from ..layout.markup import FONT_STACK
    from ..layout.pdf import _font_config

    body = "".join(f"<div>{escape(line)}</div>" for line in lines)
    html = (
        "<html><head><style>"
        f"@page {{ size: {width_mm}mm {height_mm}mm; margin: 0; }}"
        f"body {{ margin: 0; font-family: {FONT_STACK}; font-size: 10pt; color: #000; line-height: 1.2; "
        "text-align: left; white-space: nowrap; padding: 1mm 0 0 2mm; }"
        f"</style></head><body>{body}</body></html>"
    )
    pdf = HTML(string=html).write_pdf(font_config=_font_config())
    assert pdf is not None
    return pdf


def text_style(lines: Sequence[str], *, width: float, height: float) -> StaticStampStyle:
    pdf = text_pdf(lines, width_mm=width / MM, height_mm=height / MM)
    return StaticStampStyle(
        background=_PdfPageBytes(pdf),
        background_layout=_NO_MARGINS,
        background_opacity=1.0,
        border_width=0,
    )
