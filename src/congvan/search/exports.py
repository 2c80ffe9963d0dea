"""Export of search results to XLSX (openpyxl), PDF (WeasyPrint) and DOCX (python-docx), with the chosen columns."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents.models import Document

from .fields import FIELDS

EXPORT_LIMIT = 5000
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def table(docs: Sequence[Document], fields: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    header = [_("STT"), *[str(FIELDS[f].label) for f in fields]]
    rows = [[str(i), *[FIELDS[f].value(d) for f in fields]] for i, d in enumerate(docs, 1)]
    return header, rows


def to_xlsx(docs: Sequence[Document], fields: Sequence[str], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Kết quả")[:31]
    ws.append([title])
    ws["A1"].font = Font(bold=True)
    header, rows = table(docs, fields)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_docx(docs: Sequence[Document], fields: Sequence[str], title: str) -> bytes:
    from docx import Document as Docx

    doc = Docx()
    doc.add_heading(title, level=1)
    header, rows = table(docs, fields)
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_pdf(docs: Sequence[Document], fields: Sequence[str], title: str) -> bytes:
    from weasyprint import HTML

    header, rows = table(docs, fields)
    html = render_to_string(
        "search/export.html", {"title": title, "header": header, "rows": rows, "now": timezone.localtime()}
    )
    return HTML(string=html).write_pdf()


WRITERS = {"xlsx": to_xlsx, "pdf": to_pdf, "docx": to_docx}
