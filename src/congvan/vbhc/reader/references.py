"""Other documents a text cites by number and symbol ("Công văn số 219/TTCS-TTTQ ngày 04/4/2024")."""

from __future__ import annotations

import re

from .lines import fold_chars
from .vocabulary import TYPE_BY_FOLD, TYPE_CITE_RE

_UP = "A-ZĐÂĂÊÔƠƯ"
_CITATION = re.compile(
    rf"(?<![\w/.-])(?P<num>\d{{1,5}}[a-z]?)(?P<sep>[/-])"
    rf"(?P<sym>(?:\d{{4}}/)?[{_UP}][{_UP}a-zđ0-9.]*(?:[-/][{_UP}0-9][{_UP}a-zđ0-9.]*)*)"
)
_DATE_AFTER = re.compile(
    r"^[\s,(]*(?:ban hanh\s+)?ngay\s*(?:"
    r"(?P<d1>\d{1,2})\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))"
)
# A hyphen or slash at a line end splits a symbol over two lines ("131/CĐ-\nTTg").
_BROKEN_SYMBOL = re.compile(rf"(?<=[{_UP}a-z0-9])([-/])[ \t]*\n[ \t]*(?=[{_UP}])")


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
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31 and 1900 <= int(y) <= 2100):
        return None
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
    found: dict[tuple[str, str], dict[str, str | None]] = {}
    for m in _CITATION.finditer(text):
        number, symbol = m.group("num"), m.group("sym").rstrip(".")
        if not _valid(m.group("sep"), symbol) or (number, symbol) == own:
            continue
        before = " ".join(fold_chars(text[max(0, m.start() - 60) : m.start()]).split())
        kind_match = TYPE_CITE_RE.search(before + " ")
        kind = TYPE_BY_FOLD[kind_match.group(1)] if kind_match else None
        after = _DATE_AFTER.match(fold_chars(text[m.end() : m.end() + 60]))
        date = _date(after) if after else None
        entry = found.get((number, symbol))
        if entry is None:
            found[(number, symbol)] = {"kind": kind, "number": number, "symbol": symbol, "date": date}
        else:
            entry["kind"] = entry["kind"] or kind
            entry["date"] = entry["date"] or date
    return list(found.values())
