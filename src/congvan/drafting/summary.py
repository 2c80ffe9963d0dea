"""The summary table of opinions (bảng tổng hợp ý kiến) as DOCX (python-docx) and PDF (WeasyPrint).

It is the paper that usually goes with a tờ trình: who was asked, what each answered on which version,
and how the drafter took it in (tiếp thu, giải trình).
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Consultation
from .selectors import summary_rows

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def columns() -> list[str]:
    return [
        _("STT"),
        _("Cơ quan, đơn vị, cá nhân góp ý"),
        _("Ý kiến"),
        _("Nội dung góp ý"),
        _("Phiên bản"),
        _("Ngày góp ý"),
        _("Tiếp thu, giải trình"),
    ]


def table(consultation: Consultation) -> list[list[str]]:
    out = []
    for i, r in enumerate(summary_rows(consultation), start=1):
        when = ""
        if r["answered_at"]:
            when = timezone.localtime(r["answered_at"]).strftime("%d/%m/%Y")
            if r["late"]:
                when += " (" + _("trễ hạn") + ")"
        text = r["text"]
        if r["files"]:
            text += ("\n" if text else "") + _("Tệp kèm: %(names)s") % {"names": ", ".join(r["files"])}
        out.append([str(i), r["party"], str(r["verdict"]), text, str(r["version"] or ""), when, r["reply"]])
    return out


def title(consultation: Consultation) -> str:
    return _("BẢNG TỔNG HỢP Ý KIẾN GÓP Ý DỰ THẢO")


def context(consultation: Consultation) -> dict[str, Any]:
    return {
        "consultation": consultation,
        "document": consultation.document,
        "title": title(consultation),
        "columns": columns(),
        "rows": table(consultation),
        "today": timezone.localdate(),
    }


def to_docx(consultation: Consultation) -> bytes:
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    ctx = context(consultation)
    doc = Docx()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(12)  # type: ignore[attr-defined]
    org = doc.add_paragraph(consultation.document.owner.name.upper())
    org.runs[0].bold = True
    heading = doc.add_paragraph(ctx["title"])
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].bold = True
    heading.runs[0].font.size = Pt(14)
    sub = doc.add_paragraph(consultation.document.subject)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.runs[0].italic = True
    t = doc.add_table(rows=1, cols=len(ctx["columns"]))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, ctx["columns"], strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in ctx["rows"]:
        for cell, text in zip(t.add_row().cells, row, strict=True):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_pdf(consultation: Consultation) -> bytes:
    """A4 landscape, Times New Roman (or its metric-compatible stand-in), through WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=render_to_string("drafting/summary_pdf.html", context(consultation))).write_pdf()


WRITERS = {"pdf": to_pdf, "docx": to_docx}
