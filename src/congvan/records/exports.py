"""A case file as one PDF and as XML (Phụ lục VI III.4.g), and the year's "mục lục hồ sơ" as PDF and XLSX.

The PDF: cover, "mục lục văn bản trong hồ sơ", then the documents in chronological order. A document's PDF
attachments (the signed issued form first) are appended page by page (qpdf through pikepdf) *and* embedded
unchanged as PDF file attachments, so the signatures can still be verified from the embedded original (appended pages lose the
signature dictionary). A document without a PDF is printed from its metadata and text, all of them in the same
WeasyPrint run. Other files (DOCX, images) are embedded as attachments. "Tờ số" counts the pages of the documents
part only: the cover and the table of contents are not numbered sheets of the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import warnings
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from congvan.documents import storage
from congvan.documents.models import Attachment, Document, Recipient

from .models import CaseFile, CaseFileEntry, FilePlan

PDF = "application/pdf"


@dataclass
class Item:
    """One document of the file, in the file's chronological order."""

    ordinal: int
    document: Document
    pdfs: list[Attachment] = field(default_factory=list)
    others: list[Attachment] = field(default_factory=list)
    first_page: int = 0  # "tờ số", from 1 over the documents part
    pages: int = 0

    @property
    def date(self) -> dt.date:
        d = self.document
        if d.issued_on:
            return d.issued_on
        moment = d.received_at or d.created_at
        return timezone.localtime(moment).date() if moment else dt.date.min

    @property
    def author(self) -> str:
        d = self.document
        return d.issuer_name or d.owner.name


def _is_pdf(a: Attachment) -> bool:
    return a.content_type == PDF or a.name.lower().endswith(".pdf")


def items_of(case_file: CaseFile) -> list[Item]:
    """The documents of a case file in chronological order (date, then the order they were filed)."""
    entries = (
        CaseFileEntry.objects.filter(case_file=case_file)
        .select_related("document__owner")
        .prefetch_related("document__attachments__stored", "document__recipients")
    )
    items = []
    for e in entries:
        atts = list(e.document.attachments.all())
        items.append(
            Item(
                ordinal=e.ordinal,
                document=e.document,
                pdfs=[a for a in atts if _is_pdf(a)],
                others=[a for a in atts if not _is_pdf(a)],
            )
        )
    items.sort(key=lambda i: (i.date, i.ordinal))
    return items


def _read(a: Attachment) -> bytes:
    with storage.open_stored(a.stored) as fh:
        return fh.read()


def _chunks(rows: list[Any], size: int = 20) -> list[list[Any]]:
    """A long table as consecutive short tables of the same fixed columns: WeasyPrint lays a table out again
    for every page it spans, so one 500-row table costs far more than 25 tables of 20 rows."""
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _html_pdf(html: str) -> Any:
    from weasyprint import HTML

    from congvan.vbhc.layout.pdf import _font_config

    return HTML(string=html).render(font_config=_font_config())


def case_file_pdf(case_file: CaseFile) -> bytes:
    import pikepdf

    items = items_of(case_file)
    printed = [i for i in items if not i.pdfs]
    # Documents without a PDF: one WeasyPrint run, each starting on a new page; their page ranges come from the
    # anchors WeasyPrint reports per page.
    sections: dict[int, tuple[int, int]] = {}
    text_pdf = None
    if printed:
        rendered = _html_pdf(render_to_string("records/pdf_documents.html", {"items": printed}))
        starts: list[tuple[int, int]] = []
        for n, page in enumerate(rendered.pages):
            for anchor in page.anchors:
                if anchor.startswith("doc-"):
                    starts.append((int(anchor[4:]), n))
        starts.sort(key=lambda s: s[1])
        total = len(rendered.pages)
        for k, (doc_id, start) in enumerate(starts):
            end = starts[k + 1][1] if k + 1 < len(starts) else total
            sections[doc_id] = (start, end)
        text_pdf = pikepdf.open(io.BytesIO(rendered.write_pdf()))

    # qpdf (through pikepdf) copies pages between files an order of magnitude faster than pure Python.
    sources: dict[int, list[tuple[Attachment, bytes, Any]]] = {}
    page = 1
    for item in items:
        if item.pdfs:
            sources[item.document.pk] = [
                (a, data := _read(a), pikepdf.open(io.BytesIO(data))) for a in item.pdfs
            ]
            item.pages = sum(len(pdf.pages) for _a, _d, pdf in sources[item.document.pk])
        else:
            start, end = sections[item.document.pk]
            item.pages = end - start
        item.first_page = page
        page += item.pages

    front = pikepdf.open(
        io.BytesIO(
            _html_pdf(
                render_to_string(
                    "records/pdf_front.html",
                    {
                        "case_file": case_file,
                        "items": items,
                        "chunks": _chunks(list(enumerate(items, 1))),
                        "page_total": page - 1,
                        "generated": timezone.localtime(),
                    },
                )
            ).write_pdf()
        )
    )
    out = pikepdf.new()
    # Signed pages are copied without their form fields on purpose: the signature widgets keep their appearance
    # (the signature and seal images) but are no longer signature fields, so no viewer reports the signatures
    # of the embedded originals as broken on the merged copy.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        return _assemble(out, front, items, sources, sections, text_pdf)


def _assemble(
    out: Any,
    front: Any,
    items: list[Item],
    sources: dict[int, list[tuple[Attachment, bytes, Any]]],
    sections: dict[int, tuple[int, int]],
    text_pdf: Any,
) -> bytes:
    import pikepdf

    out.pages.extend(front.pages)
    offset = len(out.pages)
    marks = []
    for item in items:
        d = item.document
        if item.pdfs:
            for _a, _data, pdf in sources[d.pk]:
                out.pages.extend(pdf.pages)
        else:
            start, end = sections[d.pk]
            out.pages.extend(text_pdf.pages[start:end])  # type: ignore[union-attr]
        title = f"{item.first_page}. {d.number_symbol or _('Văn bản')} — {d.subject[:80]}"
        marks.append(pikepdf.OutlineItem(title, offset + item.first_page - 1))
        # The original bytes, signatures intact (appended pages are not the signed file).
        for a, data, _pdf in sources.get(d.pk, []):
            out.attachments[f"{item.first_page:04d}-{d.pk}-{a.name}"] = pikepdf.AttachedFileSpec(
                out, data, mime_type=PDF
            )
        for a in item.others:
            out.attachments[f"{item.first_page:04d}-{d.pk}-{a.name}"] = pikepdf.AttachedFileSpec(
                out, _read(a), mime_type=a.content_type or "application/octet-stream"
            )
    with out.open_outline() as outline:
        outline.root.extend(marks)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --- XML ------------------------------------------------------------------------------------------------------


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d/%m/%Y")


def _sub(parent: etree._Element, tag: str, text: object = "") -> etree._Element:
    el = etree.SubElement(parent, tag)
    if text not in (None, ""):
        el.text = str(text)
    return el


def _file_code(parent: etree._Element, case_file: CaseFile) -> None:
    code = _sub(parent, "FileCode")
    _sub(code, "OrganId", case_file.plan.organization.code)
    _sub(code, "FileCatalog", case_file.plan.year)
    _sub(code, "FileNotation", case_file.notation)


def _pages(item: Item) -> int | None:
    import pikepdf

    if not item.pdfs:
        return None
    total = 0
    for a in item.pdfs:
        with pikepdf.open(io.BytesIO(_read(a))) as pdf:
            total += len(pdf.pages)
    return total


def case_file_xml(case_file: CaseFile) -> bytes:
    """The metadata of the case file and of each document, as Phụ lục VI Phần II Mục III names them."""
    items = items_of(case_file)
    root = etree.Element("CaseFile")
    _file_code(root, case_file)
    page_total = 0
    docs = etree.Element("Documents")
    for n, item in enumerate(items, 1):
        d = item.document
        el = _sub(docs, "Document")
        _file_code(el, case_file)
        _sub(el, "DocOrdinal", n)
        _sub(el, "TypeName", d.type_name)
        _sub(el, "CodeNumber", d.number_display)
        _sub(el, "CodeNotation", d.symbol)
        _sub(el, "IssuedDate", _date(d.issued_on))
        _sub(el, "OrganName", item.author)
        _sub(el, "Subject", d.subject)
        _sub(el, "Language", "Tiếng Việt")
        pages = _pages(item)
        page_total += pages or 0
        _sub(el, "PageAmount", pages if pages is not None else "")
        _sub(el, "Description", "")
        if d.direction == "in":
            _sub(el, "ArrivalDate", _date(d.received_at))
            _sub(el, "ArrivalNumber", d.arrival_number or "")
        signer = _sub(el, "SignerInfo")
        _sub(signer, "Position", d.signer_title)
        _sub(signer, "FullName", d.signer_name)
        if d.direction == "out":
            for line in d.recipients.all():
                if line.kind != Recipient.Kind.ACTION:
                    continue
                to = _sub(el, "To")
                _sub(to, "OrganId", "")
                _sub(to, "OrganName", line.text)
        else:
            _sub(el, "ToPlaces", "; ".join(r.text for r in d.recipients.all()))
        _sub(el, "Priority", d.urgency)
        _sub(el, "DueDate", _date(d.due_on))
        files = _sub(el, "Files")
        for a in [*item.pdfs, *item.others]:
            f = _sub(files, "File", a.name)
            f.set("sha256", a.stored.sha256)
            f.set("size", str(a.stored.size))
    _sub(root, "Title", case_file.title)
    _sub(root, "Maintenance", case_file.maintenance)
    _sub(root, "Rights", case_file.get_rights_display())
    _sub(root, "Creator", case_file.responsible.get_full_name() if case_file.responsible else "")
    _sub(root, "Language", case_file.language)
    _sub(root, "StartDate", _date(items[0].date) if items else "")
    _sub(root, "EndDate", _date(items[-1].date) if items else "")
    _sub(root, "DocTotal", len(items))
    _sub(root, "PageTotal", page_total)
    _sub(root, "Description", case_file.description)
    root.append(docs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- mục lục hồ sơ of a year ---------------------------------------------------------------------------------


@dataclass
class CatalogueRow:
    case_file: CaseFile
    documents: int
    start: dt.date | None
    end: dt.date | None


def catalogue_rows(plan: FilePlan) -> list[CatalogueRow]:
    """The rows of the year's "mục lục hồ sơ" (Phụ lục VI V.6): one per case file, in notation order."""
    from django.db.models import Count, Max, Min

    files = (
        plan.case_files.select_related("responsible", "unit", "plan__organization")
        .annotate(
            n=Count("entries"),
            first=Min("entries__document__issued_on"),
            last=Max("entries__document__issued_on"),
        )
        .order_by("notation")
    )
    return [CatalogueRow(case_file=f, documents=f.n, start=f.first, end=f.last) for f in files]  # type: ignore[attr-defined]


CATALOGUE_COLUMNS = (
    gettext_lazy("STT"),
    gettext_lazy("Số và ký hiệu hồ sơ"),
    gettext_lazy("Tiêu đề hồ sơ"),
    gettext_lazy("Thời gian bắt đầu"),
    gettext_lazy("Thời gian kết thúc"),
    gettext_lazy("Số văn bản"),
    gettext_lazy("Thời hạn bảo quản"),
    gettext_lazy("Chế độ sử dụng"),
    gettext_lazy("Người lập hồ sơ"),
    gettext_lazy("Ghi chú"),
)


def catalogue_values(rows: list[CatalogueRow]) -> list[list[object]]:
    return [
        [
            n,
            r.case_file.notation,
            r.case_file.title,
            _date(r.start),
            _date(r.end),
            r.documents,
            r.case_file.maintenance,
            r.case_file.get_rights_display(),
            r.case_file.responsible.get_full_name() if r.case_file.responsible else "",
            r.case_file.description,
        ]
        for n, r in enumerate(rows, 1)
    ]


def catalogue_pdf(plan: FilePlan) -> bytes:
    rows = catalogue_rows(plan)
    html = render_to_string(
        "records/pdf_catalogue.html",
        {"plan": plan, "columns": [str(c) for c in CATALOGUE_COLUMNS], "rows": catalogue_values(rows)},
    )
    return bytes(_html_pdf(html).write_pdf())


def catalogue_xlsx(plan: FilePlan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = str(plan.year)
    ws.append([f"{plan.organization.name}".upper()])
    ws.append([str(_("MỤC LỤC HỒ SƠ NĂM")) + f" {plan.year}"])
    ws["A2"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append([str(c) for c in CATALOGUE_COLUMNS])
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in catalogue_values(catalogue_rows(plan)):
        ws.append(row)
    for letter, width in zip("ABCDEFGHIJ", (6, 16, 50, 14, 14, 10, 14, 16, 24, 24), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_name(case_file: CaseFile, ext: str) -> str:
    digest = hashlib.sha1(case_file.file_code.encode(), usedforsecurity=False).hexdigest()[:6]
    safe = "".join(c if c.isalnum() or c in "-." else "-" for c in case_file.file_code)
    return f"ho-so-{safe}-{digest}.{ext}"
