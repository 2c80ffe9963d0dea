"""Does DocumentType/Type agree with TypeName? Vendors often send Type 1 for every document.

In QCVN 102:2016 ``Type`` is the kind of document: 1 administrative (văn bản hành chính), 2 legal normative
(văn bản quy phạm pháp luật). TypeName is what a person wrote, so it wins; a disagreement is reported, not fatal.
Names are compared with diacritics folded because some systems send "Thong tu".
"""

from __future__ import annotations

import unicodedata

ADMINISTRATIVE, LEGAL = "1", "2"

# Only the types that belong to one kind alone; Nghị quyết, Quyết định and Chỉ thị can be either.
_LEGAL_ONLY = {
    "hien phap",
    "bo luat",
    "luat",
    "phap lenh",
    "lenh",
    "nghi dinh",
    "thong tu",
    "thong tu lien tich",
}
_ADMINISTRATIVE_ONLY = {
    "cong van", "thong bao", "to trinh", "ke hoach", "bao cao", "huong dan", "chuong trinh", "phuong an",
    "de an", "du an", "bien ban", "hop dong", "cong dien", "ban ghi nho", "ban thoa thuan", "giay uy quyen",
    "giay moi", "giay gioi thieu", "giay nghi phep", "phieu gui", "phieu chuyen", "phieu bao", "thong cao",
    "quy che", "quy dinh",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower-case ASCII skeleton of Vietnamese text: 'Thông tư' -> 'thong tu'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def type_name_disagreement(type_code: str | None, type_name: str | None) -> str | None:
    """A note (Vietnamese / English) when the code and the name say different kinds, else ``None``."""
    if not type_code or not type_name:
        return None
    name = fold(type_name)
    expected = LEGAL if name in _LEGAL_ONLY else ADMINISTRATIVE if name in _ADMINISTRATIVE_ONLY else None
    if expected is None or type_code.strip() == expected:
        return None
    return (
        f"DocumentType: Type {type_code} không khớp TypeName '{type_name}' (lẽ ra {expected}), theo TypeName"
        f" / Type {type_code} disagrees with TypeName '{type_name}' (expected {expected}); TypeName wins"
    )
