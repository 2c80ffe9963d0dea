"""The columns a person may choose for the results and the exports (Phụ lục VI fields)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document


@dataclass(frozen=True)
class Field:
    label: str | Promise
    value: Callable[[Document], str]
    related: tuple[str, ...] = ()  # the relations of the document ``value`` reads


def _date(d: object) -> str:
    return d.strftime("%d/%m/%Y") if d else ""  # type: ignore[attr-defined]


FIELDS: dict[str, Field] = {
    "number_symbol": Field(_("Số, ký hiệu"), lambda d: d.number_symbol),
    "issued_on": Field(_("Ngày ban hành"), lambda d: _date(d.issued_on)),
    "doc_type": Field(_("Loại văn bản"), lambda d: d.type_name),
    "subject": Field(_("Trích yếu"), lambda d: d.subject),
    "issuer": Field(_("Cơ quan ban hành"), lambda d: d.issuer_name or d.owner.name, ("owner",)),
    "signer": Field(_("Người ký"), lambda d: d.signer_name),
    "state": Field(_("Trạng thái"), lambda d: d.state_label),
    "direction": Field(_("Chiều"), lambda d: str(d.get_direction_display())),
    "register": Field(_("Sổ đăng ký"), lambda d: str(d.register) if d.register_id else "", ("register",)),
    "unit": Field(
        _("Đơn vị soạn thảo"), lambda d: d.drafting_unit.name if d.drafting_unit else "", ("drafting_unit",)
    ),
    "arrival_number": Field(_("Số đến"), lambda d: str(d.arrival_number or "")),
    "due_on": Field(_("Hạn xử lý"), lambda d: _date(d.due_on)),
}
DEFAULT_FIELDS = ["number_symbol", "issued_on", "subject", "issuer", "state"]


def related_of(keys: list[str]) -> tuple[str, ...]:
    """The relations to fetch with the documents to show these columns."""
    return tuple(dict.fromkeys(r for k in keys for r in FIELDS[k].related))
