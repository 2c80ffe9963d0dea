"""Official layout of a document (Nghị định 30/2020/NĐ-CP, Phụ lục I) as PDF and DOCX.

    from congvan.vbhc.layout import render_pdf, render_docx
    pdf_bytes = render_pdf(doc)    # doc: dict as spec/parsed-document.schema.json
    docx_bytes = render_docx(doc)

Both raise ``LayoutError`` (a ``ValueError``) with a Vietnamese then English message on unusable input.
"""

from __future__ import annotations

from .model import LayoutError
from .pdf import render_pdf
from .word import render_docx

__all__ = ["LayoutError", "render_docx", "render_pdf"]
