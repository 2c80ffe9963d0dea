"""Turn raw document text into clean lines: markup off, stamps and page numbers out, columns apart.

Text reaches the reader flattened from two-column layouts (the header, the signature block beside
"Nơi nhận"), so one line may hold a left and a right column. Splitting on the anchors that start a
right-hand column (the national motto, "<Place>, ngày ...", "KT. GIÁM ĐỐC") gives the later steps
lines that each hold one thing; they then classify lines instead of trusting positions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..text import nfc

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "d" if char in "đĐ" else unicodedata.normalize("NFD", char)[0].lower()
        if len(base) == 1 and base != char:
            table[code] = base
    return table


_FOLD = _fold_table()


@lru_cache(maxsize=16384)
def fold_chars(text: str) -> str:
    """Lower case without diacritics, one output character per input character.

    Regular expressions run on this copy and their offsets apply to the original line. A translation
    table keeps this fast: the reader folds every line several times.
    """
    return text.translate(_FOLD)


# --- markup ----------------------------------------------------------------------------------------
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPHASIS = re.compile(r"(\*\*|__)")
_MD_EDGE_ITALIC = re.compile(r"^[*_]+(?=\S)|(?<=\S)[*_]+$")
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|span|b|i|u|strong|em|td|tr|table|tbody|font)\b[^>]*>", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MARKUP_CHARS = re.compile(r"[#*_<|\\=-]")
_INNER_RULE = re.compile(r"\s[_=*]{3,}(?=\s|$)|^[_=*]{3,}\s|\*{3,}")  # "CHÍNH PHỦ _______ Số: ..."
_SEPARATOR = re.compile(r"^[\s\-_=*.…·~–—]{3,}$|^[\s*]+$")


def _unmark(line: str) -> list[str]:
    """Remove Markdown/HTML decoration; a Markdown table row becomes one line per cell."""
    if not _MARKUP_CHARS.search(line):
        return [line.strip()]  # plain text: the common case, kept fast
    if "<" in line:
        line = _MD_AUTOLINK.sub(r"\1", line)
    if _TABLE_RULE.match(line) and "|" in line:
        return []
    cells = [line]
    if line.count("|") >= 2 or line.strip().startswith("|"):
        cells = [c for c in line.split("|")]
    out = []
    for cell in cells:
        if _SEPARATOR.match(cell.strip()):
            out.append("")  # "____", "-------", "********": rules drawn under header lines
            continue
        if "#" in cell:
            cell = _MD_HEADING.sub("", cell)
        if "__" in cell or "**" in cell or "==" in cell:
            cell = _MD_EMPHASIS.sub("", _INNER_RULE.sub(" ", cell))
        cell = cell.strip().rstrip("\\").strip()
        if cell[:1] in "*_" or cell[-1:] in "*_":
            cell = _MD_EDGE_ITALIC.sub("", cell).strip()
        out.append(cell)
    return out


# --- noise -----------------------------------------------------------------------------------------
_TIMESTAMP = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}\s+\d{1,2}:\d{2}(:\d{2})?")
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–(]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–)]?$")
_STAMP_STARTS = (
    "ky boi",
    "thoi gian ky",
    "ngay ky:",
    "nguoi ky:",
    "email:",
    "ky so boi",
    "da ky so",
    "chung thu so",
)
_ARRIVAL_FIELD = re.compile(r"^(so|ngay|gio|chuyen|luu ho so so|so va ky hieu ho so)\s*(den)?\s*[:.]")


def _is_noise(folded: str) -> bool:
    if _PAGE_NUMBER.match(folded):
        return True
    if folded.startswith(_STAMP_STARTS):
        return True
    # e-signature stamps: "24.01.2025 20:06:24 +07:00", "Thời gian ký: 24/01/2025 14:23:43"
    return bool(_TIMESTAMP.search(folded)) and len(folded) < 90


def _drop_arrival_stamp(lines: list[str], folded: list[str]) -> None:
    """Blank the "CÔNG VĂN ĐẾN / ĐẾN Số: ... Ngày: ... Chuyển: ..." receipt stamp in place."""
    for i, key in enumerate(folded):
        if key.startswith("cong van den") or key in ("den", "den:") or re.match(r"^den\s+so\s*:", key):
            lines[i] = ""
            for j in range(i + 1, min(i + 6, len(lines))):
                if _ARRIVAL_FIELD.match(folded[j]) and not re.match(r"^so\s*:\s*\d*\s*/", folded[j]):
                    lines[j] = ""
        elif key.startswith(("so den:", "so den ", "ngay den:")):
            lines[i] = ""


# --- column splitting ------------------------------------------------------------------------------
_MOTTO_RE = re.compile(
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam"
    r"|doc\s*lap\s*[-–—]?\s*tu(?:\s*do)?\s*[-–—]?\s*hanh\s*phuc"
    r"|dang\s+cong\s+san\s+viet\s+nam"
)
_DATE_TAIL_RE = re.compile(r",\s*ngay\b[\s.…_]*\d{0,2}[\s.…_]*thang\b")
_AUTHORITY_INSIDE = re.compile(r"(?<=\S)\s+(?=(?:TM|KT|TL|TUQ|T/M|K/T|T/L)(?:\.\s*|\s+)[A-ZĐÀ-Ỹ]{2,})")
_NOI_NHAN_INSIDE = re.compile(r"(?<=\S)\s+(?=n[oơ]i\s+nh[aâ]n\s*:)", re.IGNORECASE)
_INNER_ANCHOR = re.compile(r"(?<=\S)\s+(?=V/v\s|Kính gửi\s*:)")
_SIGNED_MARK = re.compile(r"\[?\s*\(\s*(?:Đã ký|đã ký|Ký|ký)[^)]{0,20}\)\s*\]?")
# "UBND TỈNH BẮC GIANG Số: 172/2015/QĐ-UBND": the number line starts after the issuer's capitals.
_NUMBER_INSIDE = re.compile(r"[A-ZĐÀ-Ỹ]{2,}(?=\s+Số\s*:)")
_PLACE_JOINERS = {"phố", "xã", "trấn", "thị", "tỉnh", "huyện", "quận", "phường"}


def _split_at(line: str, positions: list[int]) -> list[str]:
    parts, last = [], 0
    for pos in sorted(set(positions)):
        if 0 < pos < len(line):
            parts.append(line[last:pos])
            last = pos
    parts.append(line[last:])
    return [p.strip() for p in parts if p.strip()]


def _place_start(line: str, comma: int) -> int:
    """Where the place name before ', ngày' starts: walk back over capitalised words."""
    words = list(re.finditer(r"\S+", line[:comma]))
    start = comma
    for word in reversed(words[-6:]):
        token = word.group(0)
        if token[:1].isupper() and not re.search(r"[\d/:]", token) or token.lower() in _PLACE_JOINERS:
            start = word.start()
            continue
        if token.rstrip(".") in ("TP", "Tp", "tp"):
            start = word.start()
            continue
        break
    return start


_NOI_NHAN_START = re.compile(r"^\s*n[oơ]i\s+nh[aâ]n\s*:", re.IGNORECASE)
_TITLE_TAIL = re.compile(r"^([-–+•].*?[;.,])\s*(?:[:;]\s*)?\s([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{3,})$")


def split_columns(line: str) -> list[str]:
    """Split a line holding two flattened columns into its parts (see module docstring)."""
    folded = fold_chars(line)
    cuts: list[int] = []
    # Each anchor is looked for only when a cheap substring test says it may be there: most lines
    # of a document are body text with none of them.
    if "cong" in folded or "doc" in folded:
        for m in _MOTTO_RE.finditer(folded):
            if m.group(0).startswith("dang") and not line[m.start() : m.end()].isupper():
                continue  # the party's name inside a sentence or title, not its motto
            cuts += [m.start(), m.end()]
    if "ngay" in folded:
        date = _DATE_TAIL_RE.search(folded)
        if date:
            cuts.append(_place_start(line, date.start()))
    if "T" in line or "K" in line:
        cuts += [m.start() for m in _AUTHORITY_INSIDE.finditer(line)]
    if "Số" in line:
        cuts += [m.end() for m in _NUMBER_INSIDE.finditer(line)]
    if "V/v" in line or "Kính" in line:
        # a whole header flattened into one line: "... Hạnh phúc V/v hướng dẫn ... Kính gửi: - ..."
        cuts += [m.start() for m in _INNER_ANCHOR.finditer(line)]
    if "(" in line:
        for m in _SIGNED_MARK.finditer(line):
            cuts += [m.start(), m.end()]
    if "nh" in folded:
        for m in _NOI_NHAN_INSIDE.finditer(line):
            cuts.append(m.end())
    label = _NOI_NHAN_START.match(line)
    if label:
        cuts.append(label.end())
    if not cuts and not line.startswith(("-", "–", "+", "•")):
        return [line]  # the common case: nothing to split
    parts = _split_at(line, cuts)
    # "- Như trên; PHÓ GIÁM ĐỐC": a distribution entry with the signer's title beside it.
    out: list[str] = []
    for part in parts:
        tail = _TITLE_TAIL.match(part) if part.startswith(("-", "–", "+", "•")) else None
        if tail and len(tail.group(2).split()) >= 2 and tail.group(2).upper() == tail.group(2):
            out += [tail.group(1), tail.group(2)]
        else:
            out.append(part)
    return out


_SHORT_PLACE = re.compile(r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]+( [A-ZĐÀ-Ỹ][a-zà-ỹđ]+)?")
_PLACE_HEAD = re.compile(r"^[^,]{1,20},")
_LONE_AUTHORITY = re.compile(r"^(tm|kt|tl|tuq|q|t/m|k/t|t/l)\s*[./]?$")
_DATE_OPEN = re.compile(r",\s*ngay\b[\s.…_\d]*$|,\s*ngay\b[\s.…_]*\d{0,2}[\s.…_]*thang\b[\s.…_\d]*$")


def _joined(first: str, second: str) -> str | None:
    """The two lines as one when a layout break cut a header element in two, else None."""
    a, b = fold_chars(first).strip(), fold_chars(second).strip()
    if a in ("so", "so:", "so :") or _LONE_AUTHORITY.match(a):
        return f"{first} {second}"
    if "ngay" in a and (b[:1].isdigit() or b.startswith(("thang", "nam"))) and _DATE_OPEN.search(a):
        return f"{first} {second}"
    # "CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": the motto wrapped by a narrow table cell
    motto_cut = (
        ("cong" in a or "doc" in a)
        and len(a) < 60
        and len(b) < 60
        and not _MOTTO_RE.search(a)
        and not _MOTTO_RE.search(b)
    )
    if motto_cut and (_MOTTO_RE.search(f"{a} {b}") or _MOTTO_RE.search(f"{a}{b}")):
        return f"{first} {second}"
    # "Tam" / "Kỳ, ngày 19 tháng 6 năm 2007": a place name wrapped before its date line
    if (
        len(first) < 20
        and _SHORT_PLACE.fullmatch(first.strip())
        and _DATE_TAIL_RE.search(b)
        and _PLACE_HEAD.match(b)
        and len(b.split(",")[0].split()) <= 2
    ):
        return f"{first} {second}"
    return None


def _join_broken(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line:
            merged = _joined(out[-1], line)
            if merged is not None:
                out[-1] = merged
                continue
        elif line and len(out) >= 2 and not out[-1]:
            # "Hà Nội, ngày" / "" / "tháng" / "" / "năm 2016": a date line spread over table rows
            last = next((j for j in range(len(out) - 1, max(-1, len(out) - 4), -1) if out[j]), None)
            folded = fold_chars(line).strip()
            continues_date = folded[:1].isdigit() or folded.startswith(("thang", "nam"))
            if continues_date and last is not None and _DATE_OPEN.search(fold_chars(out[last]).strip()):
                out[last] = f"{out[last]} {line}"
                del out[last + 1 :]
                continue
        out.append(line)
    return out


def prepare_lines(text: str) -> list[str]:
    """Clean lines of a document; blank lines ("") are kept as paragraph boundaries."""
    text = nfc(text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_TAG.sub("", text)
    text = _SPACES.sub(" ", text)
    raw: list[str] = []
    for line in text.split("\n"):
        for cell in _unmark(line):
            raw.append("" if _SEPARATOR.match(cell) else cell)
    raw = _join_broken(raw)
    folded = [fold_chars(line) for line in raw]
    _drop_arrival_stamp(raw, folded)
    out: list[str] = []
    for line, key in zip(raw, folded, strict=True):
        if not line:
            out.append("")
        elif not _is_noise(key.strip()):
            out.extend(split_columns(line))
    return out
