"""The registers of Phụ lục IV as tables: the same columns on the page and in the XLSX export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congvan.orgs.models import Membership, Organization
from congvan.vbhc import doctypes, numbering

from . import statements
from .listing import FixedList, fixed_list
from .models import Document, Recipient

_URGENCY = dict(Document._meta.get_field("urgency").flatchoices)  # type: ignore[union-attr]
_CONFIDENTIALITY = dict(Document._meta.get_field("confidentiality").flatchoices)  # type: ignore[union-attr]


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


def _outgoing_cells(
    *,
    number_symbol: str,
    issued_on: object,
    type_name: str,
    subject: str,
    signer_name: str,
    recipient_texts: Iterable[str],
    drafting_unit_code: str | None,
    drafter_initials: str,
    copies: int | str | None,
    urgency_label: str,
    confidentiality_label: str,
) -> list[str]:
    recipients = "; ".join(t for t in recipient_texts if not t.lower().startswith(("như trên", "lưu")))
    keeper = ", ".join(x for x in ("VT", drafting_unit_code or "", drafter_initials) if x)
    marks = ", ".join(x for x in (urgency_label, confidentiality_label) if x)
    return [
        number_symbol,
        _date(issued_on),
        f"{type_name}: {subject}",
        signer_name,
        recipients,
        keeper,
        str(copies or ""),
        _date(issued_on),
        "",
        marks,
    ]


def _lead(unit_name: str, person_name: str) -> str:
    return ", ".join(x for x in (unit_name, person_name) if x)


def _incoming_cells(
    *,
    received_at: dt.datetime | None,
    arrival_number: int | None,
    issuer_name: str,
    number_symbol: str,
    issued_on: object,
    type_name: str,
    subject: str,
    lead: str,
    due_on: object,
    confidentiality_label: str,
) -> list[str]:
    arrived = timezone.localtime(received_at) if received_at else None
    return [
        _date(arrived),
        f"{arrival_number:02d}" if arrival_number else "",
        issuer_name,
        number_symbol,
        _date(issued_on),
        f"{type_name}: {subject}",
        lead,
        _date(due_on),
        "",
        confidentiality_label,
    ]


def outgoing_row(doc: Document) -> list[str]:
    return _outgoing_cells(
        number_symbol=doc.number_symbol,
        issued_on=doc.issued_on,
        type_name=doc.type_name,
        subject=doc.subject,
        signer_name=doc.signer_name,
        recipient_texts=(r.text for r in doc.recipients.all()),
        drafting_unit_code=doc.drafting_unit.code if doc.drafting_unit else "",
        drafter_initials=doc.drafter_initials,
        copies=getattr(doc, "copies_count", ""),
        urgency_label=doc.get_urgency_display() if doc.urgency else "",
        confidentiality_label=doc.get_confidentiality_display() if doc.confidentiality else "",
    )


def incoming_row(doc: Document) -> list[str]:
    directions = list(doc.directions.all())
    lead = ""
    if directions:
        d = directions[0]
        lead = _lead(
            d.lead_unit.name if d.lead_unit else "", d.lead_person.get_full_name() if d.lead_person else ""
        )
    return _incoming_cells(
        received_at=doc.received_at,
        arrival_number=doc.arrival_number,
        issuer_name=doc.issuer_name,
        number_symbol=doc.number_symbol,
        issued_on=doc.issued_on,
        type_name=doc.type_name,
        subject=doc.subject,
        lead=lead,
        due_on=doc.due_on,
        confidentiality_label=doc.get_confidentiality_display() if doc.confidentiality else "",
    )


def rows(docs: Iterable[Document], *, direction: str) -> list[tuple[Document, list[str]]]:
    make = outgoing_row if direction == "out" else incoming_row
    return [(d, make(d)) for d in docs]


def _directions_leads(ids: list[int]) -> list[tuple[Any, ...]]:
    """``Direction.objects.filter(document_id__in=ids).order_by("document_id", "-created_at", "-id")`` with the
    lead unit's name and the lead person's names, as one fixed statement: the ORM's query cost more to build than
    to run at every page of an incoming book (issue 10; its test compares the two)."""
    from congvan.directives.models import Direction
    from congvan.orgs.models import Unit, User

    if not ids:
        return []
    one_of, params = statements.one_of('d."document_id"', ids)
    return statements.rows(
        f'SELECT d."document_id", u."name", p."full_name", p."first_name", p."last_name", p."username"'
        f' FROM "{Direction._meta.db_table}" d'
        f' LEFT OUTER JOIN "{Unit._meta.db_table}" u ON u."id" = d."lead_unit_id"'
        f' LEFT OUTER JOIN "{User._meta.db_table}" p ON p."id" = d."lead_person_id"'
        f' WHERE {one_of} ORDER BY d."document_id" ASC, d."created_at" DESC, d."id" DESC',
        params,
    )


class RegisterRows:
    """A register's entries as ``(document id, cells)`` for a ``Paginator``, read as values (issue 10): the
    same cells as ``rows`` makes from the models, without building a model object for each document, its
    drafting unit, its directions and their people. ``count()`` counts the register's documents; a slice
    reads that page's documents in one query and what their cells show of other tables in one more (the
    recipients and the copies sent of outgoing ones, the newest direction's lead of incoming ones)."""

    _OUTGOING = (
        "id",
        "number",
        "number_text",
        "symbol",
        "issued_on",
        "doc_type",
        "subject",
        "signer_name",
        "drafting_unit__code",
        "drafter_initials",
        "urgency",
        "confidentiality",
    )
    _INCOMING = (
        "id",
        "received_at",
        "arrival_number",
        "issuer_name",
        "number",
        "number_text",
        "symbol",
        "issued_on",
        "doc_type",
        "subject",
        "due_on",
        "confidentiality",
    )

    def __init__(
        self, documents: QuerySet[Document] | None, *, direction: str, fixed: FixedList | None = None
    ) -> None:
        """``documents``: read through the ORM; ``fixed``: the same documents' columns as statements compiled
        once per shape (:meth:`of`)."""
        self.direction = direction
        self._documents = documents
        self._fixed = fixed
        self._values = (
            documents.values_list(*self.columns(direction))
            if documents is not None and fixed is None
            else None
        )

    @classmethod
    def columns(cls, direction: str) -> tuple[str, ...]:
        return cls._OUTGOING if direction == "out" else cls._INCOMING

    @classmethod
    def of(cls, actor: Membership, *, direction: str, year: int) -> RegisterRows:
        """The register of ``actor``'s organisation (selectors.register_documents) read by statements compiled
        once per direction and shape of person (listing.fixed_list, issue 10): the same entries."""
        from .selectors import register_documents

        def build(a: Membership, year: int) -> QuerySet[Document]:
            return register_documents(a, direction=direction, year=year)

        fixed = fixed_list(
            "register_documents", build, actor, cls.columns(direction), (direction,), year=year
        )
        if fixed is None:
            return cls(build(actor, year), direction=direction)
        return cls(None, direction=direction, fixed=fixed)

    def count(self) -> int:
        if self._fixed is not None:
            return self._fixed.count()
        return cast(QuerySet[Document], self._documents).count()  # without the cells' joins

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, k: slice) -> list[tuple[int, list[str]]]:
        if self._fixed is not None:
            page = self._fixed.rows(k.start or 0, k.stop)
        else:
            page = list(cast(Any, self._values)[k])
        return self._outgoing(page) if self.direction == "out" else self._incoming(page)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return iter(self[:])

    @staticmethod
    def _outgoing(page: list[tuple[Any, ...]]) -> list[tuple[int, list[str]]]:
        from congvan.exchange.models import Delivery

        ids = [v[0] for v in page]
        texts: dict[int, list[str]] = {pk: [] for pk in ids}
        for doc_id, text in (
            Recipient.objects.filter(document_id__in=ids)
            .order_by("document_id", "kind", "position", "id")
            .values_list("document_id", "text")
        ):
            texts[doc_id].append(text)
        copies = dict(
            Delivery.objects.filter(outgoing_id__in=ids)
            .order_by()
            .values("outgoing_id")
            .annotate(n=Count("id"))
            .values_list("outgoing_id", "n")
        )
        out = []
        for (
            pk,
            number,
            number_text,
            symbol,
            issued_on,
            doc_type,
            subject,
            signer,
            unit,
            initials,
            urg,
            conf,
        ) in page:
            number_display = number_text or (numbering.format_number(number) if number else "")
            out.append(
                (
                    pk,
                    _outgoing_cells(
                        number_symbol=f"{number_display}/{symbol}" if symbol else number_display,
                        issued_on=issued_on,
                        type_name=doctypes.get(doc_type).name,
                        subject=subject,
                        signer_name=signer,
                        recipient_texts=texts[pk],
                        drafting_unit_code=unit,
                        drafter_initials=initials,
                        copies=copies.get(pk),
                        urgency_label=str(_URGENCY.get(urg, urg)) if urg else "",
                        confidentiality_label=str(_CONFIDENTIALITY.get(conf, conf)) if conf else "",
                    ),
                )
            )
        return out

    @staticmethod
    def _incoming(page: list[tuple[Any, ...]]) -> list[tuple[int, list[str]]]:

        ids = [v[0] for v in page]
        leads: dict[int, str] = {}
        # The newest direction of each document, as Direction's ordering puts it first.
        for doc_id, unit, full_name, first, last, username in _directions_leads(ids):
            if doc_id not in leads:
                # User.get_full_name(): the full name, else first and last name, else the username.
                person = (full_name or f"{first} {last}".strip() or username) if username is not None else ""
                leads[doc_id] = _lead(unit or "", person)
        out = []
        for (
            pk,
            received,
            arrival,
            issuer,
            number,
            number_text,
            symbol,
            issued_on,
            doc_type,
            subject,
            due,
            conf,
        ) in page:
            number_display = number_text or (numbering.format_number(number) if number else "")
            out.append(
                (
                    pk,
                    _incoming_cells(
                        received_at=received,
                        arrival_number=arrival,
                        issuer_name=issuer,
                        number_symbol=f"{number_display}/{symbol}" if symbol else number_display,
                        issued_on=issued_on,
                        type_name=doctypes.get(doc_type).name,
                        subject=subject,
                        lead=leads.get(pk, ""),
                        due_on=due,
                        confidentiality_label=str(_CONFIDENTIALITY.get(conf, conf)) if conf else "",
                    ),
                )
            )
        return out


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
