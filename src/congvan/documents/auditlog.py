"""The organisation's audit log as CSV or XLSX, for administrators, clerks and leaders (issue 9).

Every event: when, who (name and account), what, which document, the state change, the comment and the address
it came from. Cells that a spreadsheet would read as a formula are quoted, so an exported comment or subject
never runs anything when opened (CSV/formula injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Role

from .errors import InvalidInput, NotAllowed
from .models import Event
from .selectors import audit_log
from .services import event_record

AUDIT_ROLES = (Role.CLERK, Role.LEADER, Role.ADMIN)

EXPORT_LIMIT = 200_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def headers() -> list[str]:
    return [
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Tài khoản"),
        _("Thao tác"),
        _("Mã văn bản"),
        _("Số, ký hiệu"),
        _("Từ trạng thái"),
        _("Đến trạng thái"),
        _("Ghi chú"),
        _("Địa chỉ IP"),
    ]


def _safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def rows(events: QuerySet[Event]) -> Iterator[list[str]]:
    local = timezone.get_current_timezone()
    for e in events.iterator(chunk_size=2000):
        at: dt.datetime = e.at.astimezone(local)
        yield [
            at.strftime("%Y-%m-%d %H:%M:%S"),
            _safe(e.actor.get_full_name() if e.actor else ""),
            _safe(e.actor.get_username() if e.actor else ""),
            e.action,
            str(e.document_id or ""),
            _safe(e.document.number_symbol if e.document else ""),
            e.from_state,
            e.to_state,
            _safe(e.comment),
            e.ip or "",
        ]


def to_csv(lines: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    writer.writerows(lines)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 Vietnamese correctly


def to_xlsx(lines: Iterable[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Nhật ký"))
    sheet.append(headers())
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(events: QuerySet[Event], fmt: str) -> bytes:
    lines = rows(events.select_related("actor", "document").order_by("at", "id")[:EXPORT_LIMIT])
    return to_csv(lines) if fmt == "csv" else to_xlsx(lines)


def audit_export(*, actor: Membership, fmt: str, ip: str | None = None) -> tuple[bytes, str, str]:
    """The organisation's audit log as CSV or XLSX for a clerk, leader or administrator: (data, content type,
    file name). The export itself is an audit event."""
    if Role(actor.role) not in AUDIT_ROLES:
        raise NotAllowed(_("Chỉ văn thư, lãnh đạo và quản trị xem được nhật ký của cơ quan."))
    if fmt not in CONTENT_TYPES:
        raise InvalidInput(_("Chỉ xuất được CSV hoặc XLSX."), field="format")
    data = export(audit_log(actor), fmt)
    event_record(
        organization=actor.organization,
        action="exported",
        actor_user_id=actor.user_id,
        comment=f"audit {fmt}",
        ip=ip,
    )
    return data, CONTENT_TYPES[fmt], f"nhat-ky.{fmt}"
