"""Other documents a text cites by number and symbol ("Công văn số 219/TTCS-TTTQ ngày 04/4/2024")."""

from __future__ import annotations

import re

from .lines import fold_chars
from .vocabulary import TYPE_ANY_RE, TYPE_BY_FOLD

_UP = "A-ZĐÂĂÊÔƠƯ"
_CITATION = re.compile(
    # "số31-QĐ/TW": text layers glue the number to "số"
    rf"(?:(?<![\w/.-])|(?<=số))(?P<num>\d{{1,5}}[a-z]?)(?P<sep>[/-])"
    rf"(?P<sym>(?:\d{{4}}/)?[{_UP}][{_UP}a-zđ0-9.&]*(?:[-/][{_UP}0-9][{_UP}a-zđ0-9.&]*)*)"
)
_DATE_AFTER = re.compile(
    # "... ngày 04/4/2024", "..., ngày 04 tháng 4 năm 2024", "... của Chính phủ ngày 24 tháng 6 năm 2023"
    r"^[\s,(]*(?:ban hanh\s+|cua\s+[^,;.()\d]{1,40}?\s+)?ngay\s*(?:"
    r"(?P<d1>\d{1,2})\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*(?P<y1>\d{2}\s?\d{2})"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))"
)
# A hyphen or slash at a line end splits a symbol over two lines ("131/CĐ-\nTTg").
_BROKEN_SYMBOL = re.compile(rf"(?<=[{_UP}a-z0-9])[ \t]?([-/])[ \t]*\n[ \t]*(?=[{_UP}])")


# "NĐ- CP": a space typed after the hyphen inside a symbol
_SPACED_HYPHEN = re.compile(rf"(?<=\d/)([{_UP}]{{1,6}})- (?=[{_UP}]{{2}})")
# What may stand between the type's name and the number: "Báo cáo thẩm tra số", "Luật Giao dịch điện tử
# số", "Quyết định của Bộ Chính trị số": a few words, no punctuation, ending in "số".
_GAP_BEFORE_NUMBER = re.compile(r"^(?:\s*|(?:\s+[^\s,;.()]+){0,7}?\s+so:?)\s*\(?\s*$")


def _kind_before(before: str) -> str | None:
    """The type name that introduces a citation: the last one in the words just before the number."""
    folded = " ".join(fold_chars(before).split()) + " "
    last = None
    for m in TYPE_ANY_RE.finditer(folded):
        last = m
    if last is None or not _GAP_BEFORE_NUMBER.match(folded[last.end() :]):
        return None
    return TYPE_BY_FOLD[last.group(1)]


def _date(m: re.Match[str]) -> str | None:
    d, mo, y = (
        (m.group("d1"), m.group("m1"), m.group("y1"))
        if m.group("y1")
        else (
            m.group("d2"),
            m.group("m2"),
            m.group("y2"),
        )
    )
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31 and 1900 <= int(y.replace(" ", "")) <= 2100):
        return None
    y = y.replace(" ", "")  # "16/7/20 21": a stray space inside the year
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def _valid(sep: str, symbol: str) -> bool:
    if sum(c.isupper() for c in symbol) < 2:
        return False
    # Party numbering "11-NQ/TW" joins with a hyphen and always carries a slash in the symbol.
    return sep == "/" or "/" in symbol


def find_references(
    text: str, own: tuple[str | None, str | None] = (None, None)
) -> list[dict[str, str | None]]:
    """Each cited document once, in order of first citation; a later citation fills a missing date."""
    text = _BROKEN_SYMBOL.sub(r"\1", text)
    text = _SPACED_HYPHEN.sub(r"\1-", text)
    found: dict[tuple[str, str], dict[str, str | None]] = {}
    for m in _CITATION.finditer(text):
        number, symbol = m.group("num"), m.group("sym").rstrip(".")
        if not _valid(m.group("sep"), symbol) or (number, symbol) == own:
            continue
        kind = _kind_before(text[max(0, m.start() - 80) : m.start()])
        after = _DATE_AFTER.match(fold_chars(text[m.end() : m.end() + 60]))
        date = _date(after) if after else None
        key = (number, symbol.casefold())  # "07-QĐI/TW" in a capitalised title is "07-QĐi/TW"
        entry = found.get(key)
        if entry is None:
            found[key] = {"kind": kind, "number": number, "symbol": symbol, "date": date}
        else:
            entry["kind"] = entry["kind"] or kind
            entry["date"] = entry["date"] or date
    return list(found.values())
