"""Tokens of the search index and the parsed form of a query. Pure Python: both backends index and query
the very same tokens, so "Xoá", "Xóa" and "xoa" are one word everywhere (``congvan.vbhc.text.fold``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from congvan.vbhc.text import fold

_WORD_RE = re.compile(r"[0-9a-z]+")
# "219/TTCS-TTTQ", "15/QĐ-BNV", "11-NQ/TW", "7816/VPCP-TTĐT": a number then a symbol.
_NUMBER_SYMBOL_RE = re.compile(r"^\s*(\d{1,6})\s*[/-]\s*([\w.Đđ]+(?:[-/][\w.Đđ]+)*)\s*$")
_QUOTED_RE = re.compile(r'"([^"]*)"')

# Special tokens start with "qq", which no Vietnamese word (folded) does.
OWNER = "qqo"
OWN_CODE = "qqn"
CITED_CODE = "qqr"
ISSUER = "qqi"
SIGNER = "qqs"


def _fold_table() -> dict[int, str]:
    """``fold`` of every Latin letter and combining mark, as a ``str.translate`` table: folding a whole
    document this way is a single C-level pass, the same result as ``fold`` for what ``words`` keeps."""
    table: dict[int, str] = {}
    for start, end in ((0x00C0, 0x0250), (0x0300, 0x0370), (0x1E00, 0x1F00)):
        for code in range(start, end):
            folded = fold(chr(code))
            if folded != chr(code):
                table[code] = folded
    return table


_FOLD_TABLE = _fold_table()


def words(text: str) -> list[str]:
    """The folded words of a text (``congvan.vbhc.text.fold``): lower case ASCII letters and digits."""
    return _WORD_RE.findall(text.translate(_FOLD_TABLE).casefold())


def index_text(text: str) -> str:
    """Folded words joined by spaces: what goes into FTS5 and ``to_tsvector('simple', …)`` alike."""
    return " ".join(words(text))


def code_key(number: str | int | None, symbol: str) -> str:
    """One token for a number and symbol: ('08', 'TTCS-TTTQ') -> '8ttcstttq' (leading zeros do not count)."""
    digits = str(number or "").strip()
    digits = str(int(digits)) if digits.isdigit() else "".join(words(digits))
    return digits + "".join(words(symbol))


def tagged(prefix: str, text: str) -> str:
    return " ".join(prefix + w for w in words(text))


@dataclass(frozen=True)
class Query:
    """A parsed search box: phrases (each a list of words; a single word is a phrase of one) and
    number/symbol codes."""

    phrases: list[list[str]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.codes

    @property
    def terms(self) -> list[str]:
        """Every word to highlight."""
        return [w for p in self.phrases for w in p]


def parse_query(raw: str) -> Query:
    """'"xoá nhà tạm" 2024' -> phrase [xoa, nha, tam] and word [2024]; '219/TTCS-TTTQ' -> a code."""
    raw = raw.strip()
    match = _NUMBER_SYMBOL_RE.match(raw)
    if match and any(c.isalpha() for c in match.group(2)):
        return Query(codes=[code_key(match.group(1), match.group(2))])
    phrases: list[list[str]] = []
    codes: list[str] = []
    for quoted in _QUOTED_RE.findall(raw):
        ws = words(quoted)
        if ws:
            phrases.append(ws)
    rest = _QUOTED_RE.sub(" ", raw)
    for chunk in rest.split():
        m = _NUMBER_SYMBOL_RE.match(chunk)
        if m and any(c.isalpha() for c in m.group(2)):
            codes.append(code_key(m.group(1), m.group(2)))
            continue
        phrases.extend([w] for w in words(chunk))
    return Query(phrases=phrases, codes=codes)
