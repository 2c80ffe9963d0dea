"""The registers of Phụ lục IV as tables: the same columns on the page and in the XLSX export."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congvan.orgs.models import Organization

from .models import Document


def outgoing_columns() -> list[str]:
    """Sổ đăng ký văn bản đi (Phụ lục IV mục I.2)."""
    return [
        _("Số, ký hiệu văn bản"),
        _("Ngày tháng văn bản"),
        _("Tên loại và trích yếu nội dung văn bản"),
        _("Người ký"),
        _("Nơi nhận văn bản"),
        _("Đơn vị, người nhận bản lưu"),
        _("Số lượng bản"),
        _("Ngày chuyển"),
        _("Ký nhận"),
        _("Ghi chú"),
    ]


def incoming_columns() -> list[str]:
    """Sổ đăng ký văn bản đến (Phụ lục IV mục VI.2)."""
    return [
        _("Ngày đến"),
        _("Số đến"),
        _("Tác giả"),
        _("Số, ký hiệu"),
        _("Ngày tháng"),
        _("Tên loại và trích yếu nội dung"),
        _("Đơn vị hoặc người nhận"),
        _("Hạn giải quyết"),
        _("Ký nhận"),
        _("Ghi chú"),
    ]


def _date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if value else ""  # type: ignore[attr-defined]


def outgoing_row(doc: Document) -> list[str]:
    recipients = "; ".join(
        r.text for r in doc.recipients.all() if not r.text.lower().startswith(("như trên", "lưu"))
    )
    keeper = ", ".join(
        x for x in ("VT", doc.drafting_unit.code if doc.drafting_unit else "", doc.drafter_initials) if x
    )
    marks = ", ".join(
        x
        for x in (
            doc.get_urgency_display() if doc.urgency else "",
            doc.get_confidentiality_display() if doc.confidentiality else "",
        )
        if x
    )
    return [
        doc.number_symbol,
        _date(doc.issued_on),
        f"{doc.type_name}: {doc.subject}",
        doc.signer_name,
        recipients,
        keeper,
        str(getattr(doc, "copies_count", "") or ""),
        _date(doc.issued_on),
        "",
        marks,
    ]


def incoming_row(doc: Document) -> list[str]:
    directions = list(doc.directions.all())
    lead = ""
    if directions:
        d = directions[0]
        lead = ", ".join(
            x
            for x in (
                d.lead_unit.name if d.lead_unit else "",
                d.lead_person.get_full_name() if d.lead_person else "",
            )
            if x
        )
    arrived = timezone.localtime(doc.received_at) if doc.received_at else None
    return [
        _date(arrived),
        f"{doc.arrival_number:02d}" if doc.arrival_number else "",
        doc.issuer_name,
        doc.number_symbol,
        _date(doc.issued_on),
        f"{doc.type_name}: {doc.subject}",
        lead,
        _date(doc.due_on),
        "",
        doc.get_confidentiality_display() if doc.confidentiality else "",
    ]


def rows(docs: Iterable[Document], *, direction: str) -> list[tuple[Document, list[str]]]:
    make = outgoing_row if direction == "out" else incoming_row
    return [(d, make(d)) for d in docs]


def register_workbook(
    docs: Iterable[Document], *, direction: str, year: int, organization: Organization
) -> bytes:
    wb = Workbook()
    ws = wb.active
    title = _("SỔ ĐĂNG KÝ VĂN BẢN ĐI") if direction == "out" else _("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN")
    ws.title = str(year)
    ws.append([organization.name.upper()])
    year_word = _("NĂM")
    ws.append([f"{title} {year_word} {year}"])
    ws.append([])
    columns = outgoing_columns() if direction == "out" else incoming_columns()
    ws.append(columns)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True, size=14)
    for _doc, cells in rows(docs, direction=direction):
        ws.append(cells)
    for letter, width in zip("ABCDEFGHIJ", (18, 12, 50, 20, 40, 20, 10, 12, 10, 14), strict=True):
        ws.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
