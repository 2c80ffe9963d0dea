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

__all__ = ["LayoutError", "render_docx", "render_pdf", "sample_document"]


def sample_document() -> dict[str, object]:
    """The sample letter of the project (Sở TT&TT Lạng Sơn, 'V/v tuyên truyền ...') as a schema dict,
    for tests, benchmarks, screenshots and demo data."""
    import json
    from importlib.resources import files

    text = files(__package__).joinpath("data/sample-letter.json").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data
