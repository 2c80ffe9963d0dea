"""Words the reader recognises: document type names, signing authorities, urgency and secrecy marks.

Keys are folded (no diacritics, lower case) so that OCR output and old tone placement still match;
values are the canonical spelling the parsed-document schema asks for.
"""

from __future__ import annotations

import re

from .. import doctypes
from ..text import fold

# Canonical type names: Phụ lục III of Decree 30 plus the legal-normative types documents cite.
_EXTRA_TYPES = (
    "Thông tư liên tịch",
    "Thông tư",
    "Nghị định",
    "Luật",
    "Bộ luật",
    "Pháp lệnh",
    "Lệnh",
    "Hiến pháp",
    "Kết luận",
    "Quy định",
    "Chỉ thị",
    "Nghị quyết liên tịch",
    "Văn bản hợp nhất",
    "Thông tri",
)
TYPE_NAMES: tuple[str, ...] = tuple(
    sorted({t.name for t in doctypes.DOC_TYPES} | set(_EXTRA_TYPES), key=len, reverse=True)
)
TYPE_BY_FOLD: dict[str, str] = {fold(name): name for name in TYPE_NAMES}
# A header title such as "QUYẾT ĐỊNH" or "BÁO CÁO TÌNH HÌNH ..."; longest names first so that
# "THÔNG TƯ LIÊN TỊCH" is not read as "THÔNG TƯ".
TYPE_TITLE_RE = re.compile(r"^(" + "|".join(re.escape(fold(n)) for n in TYPE_NAMES) + r")\b")
# Any type name in running text, longest first ("thong tu lien tich" before "thong tu").
TYPE_ANY_RE = re.compile(r"\b(" + "|".join(re.escape(fold(n)) for n in TYPE_NAMES) + r")\b")

# Symbol prefixes that name the type ("QĐ-UBND" is a Quyết định); công văn has none.
TYPE_BY_ABBREVIATION: dict[str, str] = {
    t.abbreviation.upper(): t.name for t in doctypes.DOC_TYPES if t.abbreviation
} | {"NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "KL": "Kết luận", "L": "Lệnh"}

URGENCY_BY_FOLD = {"khan": "Khẩn", "thuong khan": "Thượng khẩn", "hoa toc": "Hỏa tốc"}
SECRECY_BY_FOLD = {"mat": "Mật", "toi mat": "Tối mật", "tuyet mat": "Tuyệt mật"}

# Signing authority prefixes (Điều 13): modern spelling and the old slash forms, folded.
AUTHORITY_RE = re.compile(r"^(tm|kt|tl|tuq|q|t/m|k/t|t/l|t\.m|k\.t|t\.l)(?:\s*[./]\s*|\s+)(?=\S)")
AUTHORITY_CANONICAL = {"t/m": "TM", "k/t": "KT", "t/l": "TL", "t.m": "TM", "k.t": "KT", "t.l": "TL"}

# Words that start a new organisation level in the header ("SỞ ...", "PHÒNG ..."), as opposed to
# the second line of a name that wrapped ("TỈNH QUẢNG NGÃI" under "ỦY BAN NHÂN DÂN").
AGENCY_STARTS = (
    "so ",
    "bo ",
    "cuc ",
    "vu ",
    "vien ",
    "truong ",
    "phong ",
    "ban ",
    "trung tam",
    "van phong",
    "uy ban",
    "ubnd",
    "hoi dong",
    "hdnd",
    "tong cuc",
    "chi cuc",
    "cong an",
    "bo chi huy",
    "bo tu lenh",
    "dang uy",
    "dang bo",
    "chi bo",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "quan uy",
    "thi uy",
    "dang doan",
    "ban can su",
    "kho bac",
    "benh vien",
    "toa an",
    "vien kiem sat",
    "doan ",
    "hoi ",
    "lien doan",
    "mat tran",
    "cong ty",
    "tap doan",
    "tong cong ty",
    "dai ",
    "bao ",
    "thanh tra",
    "chinh phu",
    "quoc hoi",
    "thu tuong",
    "chu tich",
    "bch ",
    "ban chap hanh",
    "ban thuong vu",
    "ban chi dao",
)

# Position words of a signer's title line ("PHÓ GIÁM ĐỐC"); used to tell the title from headings.
TITLE_WORDS = re.compile(
    r"\b(giam doc|chu tich|truong|pho|bi thu|thu truong|chanh|tong|thu tuong|chu nhiem|uy vien|"
    r"ke toan|hieu truong|vien truong|cuc truong|bo truong|tong giam doc|tong bien tap|chi huy|"
    r"tu lenh|chinh uy|thu ky|giam thi|dieu hanh|dai dien|nguoi|can bo|chuyen vien|ky thay|quyen)\b"
)

# QĐ/NQ headers name the signing authority on a line of its own before "Căn cứ ...".
AUTHORITY_HEADING_STARTS = (
    "chu tich",
    "giam doc",
    "bo truong",
    "thu tuong",
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "ban thuong vu",
    "ban chap hanh",
    "truong ban",
    "chanh van phong",
    "cuc truong",
    "tong cuc truong",
    "vien truong",
    "hieu truong",
    "chinh phu",
    "thuong truc",
    "ban bi thu",
    "bo chinh tri",
    "tong giam doc",
    "hoi dong",
    "quoc hoi",
    "chu nhiem",
)

BODY_OPENERS = (
    "can cu",
    "thuc hien",
    "theo ",
    "xet ",
    "tiep nhan",
    "ngay ",
    "nham ",
    "de ",
    "trong ",
    "vua qua",
    "sau khi",
    "trien khai",
    "ngay ",
)
