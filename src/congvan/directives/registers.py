"""The outputs of Phụ lục VI mục V that follow up handling: the register for tracking incoming documents
(sổ theo dõi giải quyết văn bản đến, Phụ lục IV mục VIII) and the reports on the handling of incoming and
outgoing documents (V.2, V.4). Each is a ``Table``: shown as a page, exported to XLSX and to PDF."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congvan.documents.models import STATE_LABELS, Document
from congvan.exchange.models import Delivery
from congvan.orgs.models import Organization
from congvan.vbhc.workflow import State

from .models import Assignment, Direction, ProgressNote
from .selectors import Counts, progress_counts

KINDS = ("tracking", "incoming", "outgoing")


@dataclass
class Table:
    kind: str
    title: str
    organization: Organization
    year: int
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    footer: list[str] | None = None

    @property
    def slug(self) -> str:
        return {
            "tracking": "so-theo-doi-giai-quyet-van-ban-den",
            "incoming": "bao-cao-giai-quyet-van-ban-den",
            "outgoing": "bao-cao-giai-quyet-van-ban-di",
        }[self.kind] + f"-{self.year}"


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return value.strftime("%d/%m/%Y")


def _done_on(doc: Document) -> dt.date | None:
    notes = [n for n in doc.progress_notes.all() if n.done]
    return timezone.localdate(notes[-1].created_at) if notes else None


def tracking_register(organization: Organization, year: int, *, today: dt.date | None = None) -> Table:
    """Sổ theo dõi giải quyết văn bản đến: every registered incoming document of the year, who handles it,
    by when, how far it has gone and with what result. Three queries whatever the size."""
    day = today or timezone.localdate()
    docs = (
        Document.objects.filter(
            owner=organization, direction="in", arrival_number__isnull=False, received_at__year=year
        )
        .prefetch_related(
            Prefetch("directions", queryset=Direction.objects.select_related("lead_unit", "lead_person")),
            Prefetch("progress_notes", queryset=ProgressNote.objects.select_related("reply_document")),
        )
        .order_by("arrival_number")
    )
    rows = []
    for doc in docs:
        directions = list(doc.directions.all())
        d = directions[0] if directions else None
        lead = ", ".join(
            x
            for x in (
                (d.lead_unit.name if d and d.lead_unit else ""),
                (d.lead_person.get_full_name() if d and d.lead_person else ""),
            )
            if x
        )
        notes = list(doc.progress_notes.all())
        done_on = _done_on(doc)
        reply = next((n.reply_document for n in reversed(notes) if n.reply_document), None)
        due = (d.deadline if d else None) or doc.due_on
        late = due is not None and ((done_on or day) > due)
        rows.append(
            [
                f"{doc.arrival_number:02d}",
                _date(doc.received_at),
                doc.issuer_name,
                doc.number_symbol,
                f"{doc.type_name}: {doc.subject}",
                lead,
                _date(due),
                str(STATE_LABELS.get(State(doc.state), doc.state))
                + (f" ({_date(done_on)})" if done_on else ""),
                (reply.number_symbol if reply else "") or (notes[-1].text[:120] if notes else ""),
                _("Quá hạn") if late else "",
            ]
        )
    return Table(
        "tracking",
        _("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN"),
        organization,
        year,
        [
            _("Số đến"),
            _("Ngày đến"),
            _("Tác giả"),
            _("Số, ký hiệu"),
            _("Tên loại và trích yếu nội dung"),
            _("Đơn vị, người giải quyết"),
            _("Thời hạn giải quyết"),
            _("Tiến độ giải quyết"),
            _("Số, ký hiệu văn bản trả lời / kết quả"),
            _("Ghi chú"),
        ],
        rows,
    )


def incoming_report(organization: Organization, year: int, *, today: dt.date | None = None) -> Table:
    """Báo cáo tình hình giải quyết văn bản đến, by the unit that leads: one aggregate query."""
    day = today or timezone.localdate()
    done = Q(document__state=State.DONE)
    late_done = done & Q(document__updated_at__date__gt=F("deadline"))
    rows_q = (
        Direction.objects.filter(document__owner=organization, document__received_at__year=year)
        .values("lead_unit__name")
        .annotate(
            total=Count("pk"),
            on_time=Count(
                "pk",
                filter=done & (Q(deadline__isnull=True) | Q(document__updated_at__date__lte=F("deadline"))),
            ),
            late=Count("pk", filter=late_done),
            in_progress=Count("pk", filter=~done & (Q(deadline__gte=day) | Q(deadline__isnull=True))),
            overdue=Count("pk", filter=~done & Q(deadline__lt=day)),
        )
        .order_by("lead_unit__name")
    )
    undirected = Document.objects.filter(
        owner=organization,
        direction="in",
        received_at__year=year,
        state__in=(State.RECEIVED, State.REGISTERED),
    ).count()
    rows, total = [], Counter[str]()
    for r in rows_q:
        c = Counts.of(r)
        rows.append(
            [
                r["lead_unit__name"] or _("(cá nhân chủ trì)"),
                str(c.total),
                str(c.on_time),
                str(c.late),
                str(c.in_progress),
                str(c.overdue),
            ]
        )
        total.update({k: getattr(c, k) for k in ("total", "on_time", "late", "in_progress", "overdue")})
    footer = [
        _("Tổng cộng"),
        str(total["total"]),
        str(total["on_time"]),
        str(total["late"]),
        str(total["in_progress"]),
        str(total["overdue"]),
    ]
    rows.append([_("Chưa phân công giải quyết"), str(undirected), "", "", "", ""])
    return Table(
        "incoming",
        _("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN"),
        organization,
        year,
        [
            _("Đơn vị chủ trì"),
            _("Tổng số"),
            _("Đã giải quyết đúng hạn"),
            _("Đã giải quyết quá hạn"),
            _("Đang giải quyết trong hạn"),
            _("Quá hạn chưa giải quyết"),
        ],
        rows,
        footer,
    )


def outgoing_report(organization: Organization, year: int, *, today: dt.date | None = None) -> Table:
    """Báo cáo tình hình giải quyết văn bản đi: each issued document, what its recipients did with it (the
    statuses they sent back) and how the requests attached to it stand. Three queries."""
    day = today or timezone.localdate()
    docs = list(
        Document.objects.filter(
            owner=organization, direction="out", state=State.ISSUED, issued_on__year=year
        ).order_by("issued_on", "number")
    )
    ids = [d.pk for d in docs]
    statuses: dict[int, Counter[str]] = defaultdict(Counter)
    for r in (
        Delivery.objects.filter(outgoing_id__in=ids)
        .values("outgoing_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        statuses[r["outgoing_id"]][r["status"]] += r["n"]
    work = {
        r["directive__document_id"]: Counts.of(r)
        for r in Assignment.objects.filter(directive__document_id__in=ids)
        .values("directive__document_id")
        .annotate(**progress_counts(day))
        .order_by()
    }
    rows = []
    for doc in docs:
        s = statuses.get(doc.pk, Counter())
        c = work.get(doc.pk, Counts())
        rows.append(
            [
                doc.number_symbol,
                _date(doc.issued_on),
                f"{doc.type_name}: {doc.subject}",
                str(sum(s.values())),
                str(sum(n for code, n in s.items() if code != "01" and code != "02")),
                str(s.get("06", 0)),
                str(c.total or ""),
                str(c.on_time) if c.total else "",
                str(c.late) if c.total else "",
                str(c.in_progress + c.not_started) if c.total else "",
                str(c.overdue) if c.total else "",
            ]
        )
    return Table(
        "outgoing",
        _("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐI"),
        organization,
        year,
        [
            _("Số, ký hiệu"),
            _("Ngày tháng"),
            _("Tên loại và trích yếu nội dung"),
            _("Số nơi nhận"),
            _("Đã vào sổ, xử lý"),
            _("Đã hoàn thành"),
            _("Nhiệm vụ giao"),
            _("Báo cáo đúng hạn"),
            _("Báo cáo quá hạn"),
            _("Đang thực hiện"),
            _("Quá hạn chưa báo cáo"),
        ],
        rows,
    )


def build(kind: str, organization: Organization, year: int) -> Table:
    return {"tracking": tracking_register, "incoming": incoming_report, "outgoing": outgoing_report}[kind](
        organization, year
    )


def workbook(table: Table) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(table.year)
    ws.append([table.organization.name.upper()])
    year_word = _("NĂM")
    ws.append([f"{table.title} {year_word} {table.year}"])
    ws.append([])
    ws.append(table.columns)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True, size=14)
    for row in table.rows:
        ws.append(row)
    if table.footer:
        ws.append(table.footer)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    for i in range(len(table.columns)):
        ws.column_dimensions[chr(ord("A") + i)].width = 40 if "trích yếu" in table.columns[i].lower() else 16
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def pdf(table: Table) -> bytes:
    """A4 landscape, Times New Roman (or its metric-compatible stand-in), through WeasyPrint."""
    from weasyprint import HTML

    html = render_to_string("directives/report_pdf.html", {"table": table, "today": timezone.localdate()})
    return HTML(string=html).write_pdf()
