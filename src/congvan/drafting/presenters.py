"""How a version's snapshot and a comparison are shown: labels and readable values of the fields."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Confidentiality, Urgency
from congvan.vbhc import doctypes

from . import diff
from .models import Version

LABELS = {
    "subject": _("Trích yếu"),
    "doc_type": _("Loại văn bản"),
    "urgency": _("Độ khẩn"),
    "confidentiality": _("Độ mật"),
    "due_on": _("Hạn xử lý"),
    "drafting_unit": _("Đơn vị soạn thảo"),
    "recipients": _("Kính gửi"),
    "distribution": _("Nơi nhận"),
    "references": _("Văn bản dẫn chiếu"),
    "body": _("Nội dung"),
    "attachments": _("Tệp đính kèm"),
}
HIDDEN = {"drafting_unit_id"}  # shown through its name


def show(key: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if key == "doc_type":
        return doctypes.get(value).name if value in doctypes.BY_CODE else str(value)
    if key == "urgency":
        return str(Urgency(value).label)
    if key == "confidentiality":
        return str(Confidentiality(value).label)
    if key in ("recipients", "distribution"):
        return "; ".join(r["text"] for r in value)
    if key == "references":
        return "; ".join(
            f"{r['number']}/{r['symbol']}" + (f" ({r['date']})" if r.get("date") else "") for r in value
        )
    if key == "due_on":
        y, m, d = str(value).split("-")
        return f"{d}/{m}/{y}"
    return str(value)


def field_rows(fields: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(LABELS.get(k, k)), show(k, v)) for k, v in fields.items() if k not in HIDDEN]


def change_labels(keys: list[str]) -> str:
    return ", ".join(str(LABELS.get(k, k)) for k in keys if k not in HIDDEN)


def comparison_context(a: Version, b: Version) -> dict[str, Any]:
    result = diff.compare(
        old_fields=a.fields,
        new_fields=b.fields,
        old_body=a.body,
        new_body=b.body,
        old_attachments=a.attachments,
        new_attachments=b.attachments,
    )
    return {
        "a": a,
        "b": b,
        "comparison": result,
        "field_changes": [
            (str(LABELS.get(c.key, c.key)), show(c.key, c.old), show(c.key, c.new))
            for c in result.fields
            if c.key not in HIDDEN
        ],
    }
