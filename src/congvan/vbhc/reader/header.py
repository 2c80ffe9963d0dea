"""The header of a document: issuing body, number and symbol, place and date, type, subject, marks.

Works on prepared lines (see ``lines.py``) by classifying each line rather than trusting positions,
since the header's two columns reach us in either order or interleaved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lines import _MOTTO_RE, fold_chars
from .vocabulary import (
    AGENCY_STARTS,
    AUTHORITY_HEADING_STARTS,
    AUTHORITY_RE,
    SECRECY_BY_FOLD,
    TYPE_BY_ABBREVIATION,
    TYPE_BY_FOLD,
    TYPE_TITLE_RE,
    URGENCY_BY_FOLD,
)

HEADER_WINDOW = 45  # the header never runs past this many lines; keeps body text out of it

_NUMBER_LINE = re.compile(r"^s[o0]\s*(?:[:;]\s*|\.\s+|(?=\d|/))(?=[\d./…_\s-]*[a-z0-9đ])")
_LONE_SYMBOL = re.compile(r"^[\s.…_]*\d{0,6}\s*/\s*[A-ZĐ][\w.Đđ/-]*$")
_DRAFT_MARK = re.compile(r"^(du thao|ban sao|ban chinh|mau)\b")
_VV_RE = re.compile(r"^v\s?[/.]\s?(?:[vwy]\b|(?=\s))")  # OCR reads "V/v" as "V/w", "V/y", "V/"
_NUMBER_BODY = re.compile(
    r"^[\s.…_]*(?P<num>\d{1,6}[a-z]?)?[\s.…_]*(?P<sep>[/-])?\s*"
    r"(?P<sym>[A-Za-zĐđ0-9][\wĐđ.&]*(?:\s?[-/]\s?[\wĐđ.&()]+)*)"
)
_DATE_RE = re.compile(  # blanks are left as spaces, dots or dashes: "ngày ... tháng 4", "ngày - tháng 01"
    r",\s*ngay\b[\s.…_-]*(?P<d>\d{1,2})?[\s.…_-]*thang\b[\s.…_-]*(?P<m>\d{1,2})?[\s.…_-]*nam\b[\s.…_-]*(?P<y>\d{4})"
)
_SUBJECT_PREFIX = re.compile(r"^(?:v\s?[/.]\s?(?:[vwy]\b|(?=\s))|ve viec)\s*[:.]?\s*")


def strip_subject_prefix(text: str) -> str:
    """'V/v ...', 'Về việc : ...', 'VỀ VIỆC ...' -> '...' (matched on the folded text, cut on the original)."""
    m = _SUBJECT_PREFIX.match(fold_chars(text).lower())
    return text[m.end() :] if m else text


_DASH = re.compile(r"^[-–—•+*]\s*")


@dataclass
class Header:
    issuer: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    symbol: str | None = None
    type: str | None = None
    place: str | None = None
    date: str | None = None
    subject: str | None = None
    urgency: str | None = None
    confidentiality: str | None = None
    end: int = 0  # index of the first line after the header
    used: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=16384)
def key(line: str) -> str:
    """Folded line for matching: no diacritics, lower case, markup characters off the edges."""
    return fold_chars(line).strip(" *#_>").strip()


@lru_cache(maxsize=16384)
def is_upper(line: str) -> bool:
    """Mostly capitals (header and signature lines); tolerates an OCR-lowered letter or two."""
    upper = sum(map(str.isupper, line))
    lower = sum(map(str.islower, line))
    return upper + lower >= 2 and upper >= 0.85 * (upper + lower)


def is_motto(line: str) -> bool:
    m = _MOTTO_RE.search(key(line))
    # "Đảng Cộng sản Việt Nam" inside a title is not the party's motto line
    return m is not None and (not m.group(0).startswith("dang") or is_upper(line))


def is_date_line(line: str) -> bool:
    """'Lạng Sơn, ngày 05 tháng 4 năm 2024': a short place name, then the date."""
    m = _DATE_RE.search(key(line))
    return m is not None and m.start() <= 40 and not key(line).startswith(("can cu", "thuc hien", "theo"))


_SPLIT_SYMBOL = re.compile(r"(?<=\d/)\s+(?=[A-ZĐ]{2})|(?<=[A-ZĐ]-)\s+(?=[A-ZĐ][A-Za-z]+\b)")


def clean(text: str) -> str:
    """Schema string rules: whitespace collapsed, no leading dash, no trailing ';' '.' ','."""
    text = " ".join(text.split())
    text = _SPLIT_SYMBOL.sub("", text)  # a symbol wrapped at its slash: "2269/ QĐ-TTg" -> "2269/QĐ-TTg"
    text = _DASH.sub("", text)
    text = re.sub(r"\s*\./\.\s*$", "", text)
    return text.strip().rstrip(";.,:").strip()


def _iso_date(day: str | None, month: str | None, year: str) -> tuple[str | None, list[str]]:
    warnings = []
    if not 1900 <= int(year) <= 2100:
        return None, ["year of the date is implausible"]
    if not month or not 1 <= int(month) <= 12:
        warnings.append("month of the date left blank")
        return year, warnings + (["day of the date left blank"] if not day else [])
    if not day or not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}", ["day of the date left blank"]
    return f"{year}-{int(month):02d}-{int(day):02d}", warnings


def _read_number(header: Header, line: str) -> None:
    folded = key(line)
    m = _NUMBER_LINE.match(folded)
    if not m:
        return
    rest = line.strip(" *#_")[m.end() :]
    body = _NUMBER_BODY.match(rest)
    if not body:
        return
    number, sep, symbol = body.group("num"), body.group("sep"), body.group("sym")
    if number and not sep and not symbol:
        return
    if number and sep is None:
        # "Số: 15 QĐ-UBND" without the slash is a typo for "15/QĐ-UBND"
        sep = "/"
    header.number = number
    header.symbol = re.sub(r"\s*([-/])\s*", r"\1", symbol).rstrip(".,;:") if symbol else None
    if not number:
        header.warnings.append("number left blank")


_INNER_AGENCY = re.compile(
    r"\s(?=(?:SỞ|PHÒNG|CỤC|CHI CỤC|TỔNG CỤC|TRUNG TÂM|VĂN PHÒNG|VIỆN|TRƯỜNG|BAN QUẢN LÝ)\s)"
)
_PARENT_STARTS = ("ubnd", "uy ban nhan dan", "bo ", "tong cuc", "tinh uy", "huyen uy", "thanh uy")


def _unflatten(line: str) -> list[str]:
    """'UBND TỈNH SƠN LA SỞ GIÁO DỤC VÀ ĐÀO TẠO' -> the managing body and the issuer."""
    if not key(line).startswith(_PARENT_STARTS):
        return [line]
    parts = _INNER_AGENCY.split(line, maxsplit=1)
    if len(parts) == 2 and key(parts[0]).startswith("tong") and key(parts[1]).startswith("cuc"):
        return [line]
    return [p.strip() for p in parts if p.strip()]


def _group_issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """Split the stacked upper-case lines above "Số:" into managing body and issuer."""
    levels: list[str] = []
    for line in [part for raw in lines for part in _unflatten(raw)]:
        k = key(line)
        previous = key(levels[-1]) if levels else ""
        # A wrapped name continues: "ỦY" / "BAN NHÂN DÂN", "THƯỜNG TRỰC" / "HĐND - UBND TỈNH", "... VÀ" / "..."
        wrapped = bool(levels) and (
            re.search(r"\b(va|cua|thuoc|-)$", previous) is not None
            or (len(previous.split()) <= 2 and not (previous + " ").startswith(AGENCY_STARTS))
        )
        new_level = k.startswith(AGENCY_STARTS) and not wrapped
        if levels and not new_level:
            levels[-1] = f"{levels[-1]} {line}"
        else:
            levels.append(line)
    levels = [clean(x) for x in levels if clean(x)]
    if not levels:
        return None, None
    return levels[-1], (levels[-2] if len(levels) > 1 else None)


def _issuer_block(lines: list[str], anchor: int, skip: set[int] | None = None) -> list[int]:
    """Indices of the contiguous upper-case lines above ``anchor``, skipping motto, date and blanks."""
    skip = skip or set()
    picked: list[int] = []
    i = anchor - 1
    while i >= 0:
        line = lines[i]
        if not line or is_motto(line) or is_date_line(line) or _MOTTO_RE.search(key(line)):
            i -= 1
            continue
        k = key(line)
        if _DRAFT_MARK.match(k) or i in skip:
            i -= 1  # "DỰ THẢO" stamped above the title is not an agency
            continue
        if is_upper(line) and not re.search(r"\d", line) and not TYPE_TITLE_RE.match(k):
            picked.append(i)
            i -= 1
            continue
        break
    return sorted(picked)


def _marks(header: Header, line: str) -> bool:
    k = re.sub(r"[^a-z ]", "", key(line)).strip()
    if k in URGENCY_BY_FOLD and is_upper(line):
        header.urgency = URGENCY_BY_FOLD[k]
        return True
    if k in SECRECY_BY_FOLD and is_upper(line):
        header.confidentiality = SECRECY_BY_FOLD[k]
        return True
    return False


def _subject_lines(lines: list[str], start: int, first: str) -> tuple[list[str], int]:
    """Collect a subject that may wrap over several lines; returns the lines and the next index."""
    parts = [first] if first else []
    i = start
    while i < len(lines) and len(parts) < 8:
        line = lines[i]
        k = key(line)
        if not line:
            nxt = next((x for x in lines[i + 1 : i + 4] if x), "")
            if parts and not nxt[:1].islower():
                break
            i += 1
            continue
        if (
            is_motto(line)
            or is_date_line(line)
            or (parts and line.startswith("(") and line.endswith(")"))  # "(trình phiên họp ...)" under it
            or k.startswith(("kinh gui", "noi nhan", "can cu", "so:"))
            or _DASH.match(line)
            or AUTHORITY_RE.match(k)
            or (parts and is_upper(line) and k.startswith(AUTHORITY_HEADING_STARTS))
            or (parts and is_upper(line) != is_upper(parts[-1]) and k.startswith(("quyet dinh", "chuong")))
        ):
            break
        parts.append(line)
        i += 1
    return parts, i


def _header_elsewhere(header: Header, lines: list[str]) -> int | None:
    """A header table that a converter moved to the end: a number line next to the motto."""
    for i in range(len(lines)):
        if not _NUMBER_LINE.match(key(lines[i])):
            continue
        near = range(max(0, i - 3), min(len(lines), i + 4))
        if not any(is_motto(lines[j]) for j in near):
            continue
        _read_number(header, lines[i])
        header.used.add(i)
        for j in near:
            if is_date_line(lines[j]) and header.date is None:
                m = _DATE_RE.search(key(lines[j]))
                assert m is not None
                header.place = clean(lines[j][: m.start()].strip(" *_")) or None
                header.date, warns = _iso_date(m.group("d"), m.group("m"), m.group("y"))
                header.warnings += warns
                header.used.add(j)
        return i
    return None


def read_header(lines: list[str]) -> Header:
    """Read the header fields from the first lines of a document."""
    header = Header()
    window = min(len(lines), HEADER_WINDOW)
    number_at = date_at = title_at = vv_at = None
    body_start = window
    for i in range(window):
        line = lines[i]
        if not line:
            continue
        k = key(line)
        opener = k.lstrip("- ").startswith(("can cu ", "thuc hien ")) and not is_upper(line)
        if k.startswith(("kinh gui", "noi nhan")) or (opener and i > 2):
            body_start = i
            break
        if number_at is None and _NUMBER_LINE.match(k):
            _read_number(header, line)
            if header.symbol or header.number:
                number_at = i
                header.used.add(i)
                continue
        if number_at is None and k in ("so:", "so", "so :"):
            # "Số:" alone; its "/TTr-VPCP" a few rows down, after the other column's lines
            lone = next((j for j in range(i + 1, min(window, i + 8)) if _LONE_SYMBOL.match(lines[j])), None)
            if lone is not None:
                _read_number(header, f"Số: {lines[lone]}")
                number_at = i
                header.used.update((i, lone))
                continue
        if date_at is None and is_date_line(line):
            m = _DATE_RE.search(k)
            assert m is not None
            header.place = clean(line[: m.start()].strip(" *_")) or None
            header.date, warns = _iso_date(m.group("d"), m.group("m"), m.group("y"))
            header.warnings += warns
            date_at = i
            header.used.add(i)
            continue
        if _marks(header, line):
            header.used.add(i)
            continue
        if vv_at is None and title_at is None:
            if _VV_RE.match(k) or (k.startswith("ve viec") and number_at is not None):
                vv_at = i
            elif is_upper(line) and not k.endswith(":") and i > 0:
                m = TYPE_TITLE_RE.match(k)
                if m:
                    title_at = i
                    header.type = TYPE_BY_FOLD[m.group(1)]

    if number_at is None:
        number_at = _header_elsewhere(header, lines)
        if number_at is not None and date_at is None:
            date_at = next(
                (
                    j
                    for j in range(number_at - 3, number_at + 4)
                    if 0 <= j < len(lines) and j in header.used and j != number_at
                ),
                None,
            )

    # issuer: the upper-case block above the number line (or above the title when unnumbered)
    anchor = next((a for a in (number_at, title_at, vv_at, date_at) if a is not None), None)
    if anchor is not None:
        block = _issuer_block(lines, anchor, header.used)
        header.issuer, header.issuer_parent = _group_issuer([lines[j] for j in block])
        header.used.update(block)

    end = 0
    start = vv_at if vv_at is not None else title_at
    if start is not None:
        k = key(lines[start])
        m = TYPE_TITLE_RE.match(k) if start == title_at else None
        first = lines[start][m.end() :].strip(" :*_") if m else lines[start].strip(" *_")
        parts, end = _subject_lines(lines[:body_start], start + 1, first)
        subject = strip_subject_prefix(clean(" ".join(parts)))
        header.subject = clean(subject) or None
        header.used.update(range(start, end))
        if header.type is None and vv_at is not None:
            header.type = "Công văn"
    elif number_at is not None and number_at < window:
        # no title and no V/v (a lost line): an upper-case line right under the header is the subject
        start = next((j for j in range(max(number_at, date_at or 0) + 1, body_start) if lines[j]), None)
        if start is not None and is_upper(lines[start]) and len(lines[start]) > 20:
            k = key(lines[start])
            if not k.startswith(AUTHORITY_HEADING_STARTS) and not is_motto(lines[start]):
                parts, end = _subject_lines(lines[:body_start], start + 1, lines[start])
                header.subject = strip_subject_prefix(clean(" ".join(parts))) or None
                header.used.update(range(start, end))
    header.end = min(max([end, *(j + 1 for j in header.used if j < window)]), body_start)

    if header.type is None and header.symbol:
        for part in re.split(r"[-/]", header.symbol):
            name = TYPE_BY_ABBREVIATION.get(part.upper())
            if name:
                header.type = name
                break
    if header.issuer is None:
        header.warnings.append("issuer not found in the header")
    return header
