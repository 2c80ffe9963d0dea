"""The mark on documents printed or downloaded from the system (Phụ lục VI III.6.k): the person's name and the
time across every page of a PDF.

The mark is added as an incremental update (pypdf ``incremental=True``): the bytes of the original file, and so
its digital signatures, stay unchanged at the start of the marked copy; a verifier reports the signatures intact
and the copy changed after signing — which is what a marked copy is."""

from __future__ import annotations

import io
from html import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.orgs.models import Membership


def mark_text(actor: Membership) -> str:
    when = timezone.localtime().strftime("%H:%M %d/%m/%Y")
    return _("In từ hệ thống bởi %(name)s lúc %(when)s") % {
        "name": actor.user.get_full_name() or actor.user.get_username(),
        "when": when,
    }


def _overlay(width: float, height: float, text: str) -> bytes:
    from weasyprint import HTML

    from congvan.vbhc.layout.pdf import _font_config

    t = escape(text)
    html = f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: {width}pt {height}pt; margin: 0; }}
body {{ margin: 0; font-family: "Liberation Sans", sans-serif; }}
.diag {{ position: absolute; left: 0; top: {height / 2 - 20}pt; width: {width}pt; text-align: center;
  font-size: {max(12, width / 30):.0f}pt; color: rgba(160, 0, 0, 0.22); transform: rotate(-35deg); }}
.foot {{ position: absolute; left: 0; bottom: 6pt; width: {width}pt; text-align: center; font-size: 8pt;
  color: rgba(120, 0, 0, 0.8); }}
</style></head><body><div class="diag">{t}</div><div class="foot">{t}</div></body></html>"""
    return bytes(HTML(string=html).write_pdf(font_config=_font_config()))


def watermark_pdf(data: bytes, *, text: str) -> bytes:
    """The PDF with ``text`` across and at the foot of every page, as an incremental update of the original."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(io.BytesIO(data), incremental=True)
    overlays: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        size = (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        if size not in overlays:
            overlays[size] = PdfReader(io.BytesIO(_overlay(*size, text))).pages[0]
        page.merge_page(overlays[size])  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
