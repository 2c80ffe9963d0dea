"""Document types and their abbreviations (Nghị định 30/2020/NĐ-CP, Phụ lục III, mục I)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocType:
    code: str  # stable identifier used in the database and the API
    name: str  # canonical Vietnamese name, as written in a document's header
    abbreviation: str  # used in the symbol (ký hiệu); empty for công văn


# Order follows Phụ lục III so that pick lists read like the decree.
DOC_TYPES: tuple[DocType, ...] = (
    DocType("CV", "Công văn", ""),
    DocType("NQ", "Nghị quyết", "NQ"),
    DocType("QD", "Quyết định", "QĐ"),
    DocType("CT", "Chỉ thị", "CT"),
    DocType("QC", "Quy chế", "QC"),
    DocType("QYD", "Quy định", "QyĐ"),
    DocType("TC", "Thông cáo", "TC"),
    DocType("TB", "Thông báo", "TB"),
    DocType("HD", "Hướng dẫn", "HD"),
    DocType("CTR", "Chương trình", "CTr"),
    DocType("KH", "Kế hoạch", "KH"),
    DocType("PA", "Phương án", "PA"),
    DocType("DEA", "Đề án", "ĐA"),
    DocType("DA", "Dự án", "DA"),
    DocType("BC", "Báo cáo", "BC"),
    DocType("BB", "Biên bản", "BB"),
    DocType("TTR", "Tờ trình", "TTr"),
    DocType("HDONG", "Hợp đồng", "HĐ"),
    DocType("CD", "Công điện", "CĐ"),
    DocType("BGN", "Bản ghi nhớ", "BGN"),
    DocType("BTT", "Bản thỏa thuận", "BTT"),
    DocType("GUQ", "Giấy ủy quyền", "GUQ"),
    DocType("GM", "Giấy mời", "GM"),
    DocType("GGT", "Giấy giới thiệu", "GGT"),
    DocType("GNP", "Giấy nghỉ phép", "GNP"),
    DocType("PG", "Phiếu gửi", "PG"),
    DocType("PC", "Phiếu chuyển", "PC"),
    DocType("PB", "Phiếu báo", "PB"),
    DocType("SY", "Bản sao y", "SY"),
    DocType("TS", "Bản trích sao", "TS"),
    DocType("SL", "Bản sao lục", "SL"),
    # Legal documents an agency receives (Luật Ban hành văn bản quy phạm pháp luật); it does not issue them
    # through this system, but registers them as incoming.
    DocType("LUAT", "Luật", ""),
    DocType("PL", "Pháp lệnh", "PL"),
    DocType("ND", "Nghị định", "NĐ"),
    DocType("TT", "Thông tư", "TT"),
    DocType("TTLT", "Thông tư liên tịch", "TTLT"),
    DocType("VB", "Văn bản khác", ""),
)

BY_CODE: dict[str, DocType] = {t.code: t for t in DOC_TYPES}
BY_ABBREVIATION: dict[str, DocType] = {t.abbreviation: t for t in DOC_TYPES if t.abbreviation}
OFFICIAL_LETTER = BY_CODE["CV"]


def by_name(name: str | None) -> DocType | None:
    """The type whose canonical name matches, ignoring case and old/new tone placement ('thoả' = 'thỏa')."""
    if not name:
        return None
    from .text import tone_key

    wanted = tone_key(name).casefold().strip()
    for doc_type in DOC_TYPES:
        if tone_key(doc_type.name).casefold() == wanted:
            return doc_type
    return None


def get(code: str) -> DocType:
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown document type code: {code!r}") from None
