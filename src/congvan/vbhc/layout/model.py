"""The document as the layout needs it: the schema dict turned into the exact lines Phụ lục I prints.

Both renderers (PDF and DOCX) read this one model, so the wording of every line — "Số: 05/STTTT-VP",
the date line, the punctuation of the recipient lists — is decided once and the two outputs never drift.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import doctypes, numbering

# Geometry shared by both renderers: A4 less margins of 30 mm left and 15 mm right (Phụ lục I I.3); the
# header's left column takes 46 %, so that the widest usual lines, an issuer such as 'SỞ THÔNG TIN VÀ TRUYỀN
# THÔNG' (74 mm) and the Quốc hiệu (88 mm) at 12 pt, each fit one line.
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_LEFT_SHARE = 0.46
HEADER_LEFT_MM = TEXT_WIDTH_MM * HEADER_LEFT_SHARE

STATE_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Blanks on a draft: the number and the day are given at issue (Điều 15 khoản 2-3), so a draft keeps a
# little room for them instead of printing "None". Kept under two spaces' width: a wider gap reads as a
# column break to text extraction (our reader, other systems' readers) and splits "Số:" from its symbol.
BLANK_NUMBER = "\u00a0" * 3
BLANK_DAY = "\u00a0" * 2

_HEADING = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s+\S")
_ARTICLE = re.compile(r"^Điều \d+[a-zđ]?\.")
# Lines that open a block of their own: list items, numbered sections, points, articles, legal bases.
_BLOCK_START = re.compile(
    r"^(?:[-+•] |[a-zđ]\) |\d+(?:\.\d+)*\. |[IVXLC]+\.? |Điều \d+|Căn cứ |Chương |Mục )"
)
_WRAPPED_MAX = 110
_ENDS_LIKE_SENTENCE = (".", ";", ":", "!", "?", "./.")


class LayoutError(ValueError):
    """The document cannot be laid out; the message is Vietnamese then English."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: bool = False  # a numbered section title ("1. Tuyên truyền ..."): bold, as Phụ lục I II.6.đ
    bullet: bool = False  # a "- " item: keeps its dash, same first-line indent as a paragraph
    basis: bool = False  # a "Căn cứ ..." line: italic (Phụ lục I II.6.a)
    label: str = ""  # "Điều 1.": printed bold before the rest of ``text`` (Phụ lục I II.6.đ)
    centred: bool = False  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...", "QUYẾT ĐỊNH:": centred, bold (Phụ lục III)


@dataclass(frozen=True)
class Letter:
    issuer_parent: str
    issuer: str
    number_line: str  # "Số: 05/STTTT-TTBCXB"
    date_line: str  # "Lạng Sơn, ngày 05 tháng 4 năm 2024"
    is_official_letter: bool  # công văn: "V/v" under the number, no type name (Phụ lục I II.5.b)
    type_heading: str  # "QUYẾT ĐỊNH"; empty for a công văn
    subject: str
    recipients: tuple[str, ...]  # already punctuated: "- Báo Lạng Sơn;" ... "- X." or the single "X."
    body: tuple[Paragraph, ...]
    authority_lines: tuple[str, ...]
    title: str
    name: str
    distribution: tuple[str, ...]  # already punctuated: "- Như trên;" ... "- Lưu: VT, VP."
    urgency: str  # "HỎA TỐC" or ""
    confidentiality: str  # "MẬT" or ""


def _text(doc: Mapping[str, Any], key: str) -> str:
    value = doc.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LayoutError(
            f"Trường '{key}' phải là chuỗi ký tự. / Field '{key}' must be a string, got {type(value).__name__}."
        )
    return _clean(value)


def _clean(value: str) -> str:
    # NFC, because decomposed tone marks (common in text pasted from old systems) make the shaper fall
    # back to another font for those letters and the line looks patched.
    return " ".join(unicodedata.normalize("NFC", value).split())


def _list(doc: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = doc.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LayoutError(
            f"Trường '{key}' phải là danh sách chuỗi. / Field '{key}' must be a list of strings."
        )
    return tuple(_clean(v) for v in value if v.strip())


def _strip_item(item: str) -> str:
    # The schema promises items without the dash and the final punctuation, but hand-written JSON often
    # keeps them; strip so that the layout adds exactly one of each.
    return item.lstrip("-–• ").rstrip(" ;.,")


def punctuate_list(items: tuple[str, ...], *, dash: bool = True) -> tuple[str, ...]:
    """Each item on its own line, '-' first, ';' after, '.' after the last (Phụ lục I II.9.d)."""
    cleaned = [_strip_item(i) for i in items]
    prefix = "- " if dash else ""
    return tuple(f"{prefix}{item}{'.' if n == len(cleaned) - 1 else ';'}" for n, item in enumerate(cleaned))


def format_date_line(place: str, iso: str) -> str:
    """The date line from the schema's partial ISO date ('2024-04-05', '2024-04', '2024' or empty)."""
    parts = iso.split("-") if iso else []
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            return numbering.date_line(place, dt.date(*numbers))
    except ValueError:
        raise LayoutError(
            f"Ngày ban hành không hợp lệ: '{iso}'. / Invalid issue date: '{iso}' (expected YYYY-MM-DD)."
        ) from None
    year = numbers[0] if numbers else dt.date.today().year
    month = numbers[1] if len(numbers) > 1 else None
    return f"{place}, ngày {BLANK_DAY} tháng {_month_text(month)} năm {year}"


def _month_text(month: int | None) -> str:
    if month is None:
        return BLANK_DAY
    return f"{month:02d}" if month <= 2 else str(month)


def _type_heading(type_name: str) -> tuple[bool, str]:
    if not type_name or type_name.casefold() == doctypes.OFFICIAL_LETTER.name.casefold():
        return True, ""
    return False, type_name.upper()


def _hard_wrapped(lines: list[str]) -> bool:
    """Text read from a PDF or a scan keeps the source's line ends (~70-80 characters, mid-sentence);
    text typed into the system has one paragraph per line."""
    filled = [line for line in lines if line]
    if len(filled) < 3 or max(len(line) for line in filled) > _WRAPPED_MAX:
        return False
    open_ended = sum(not line.endswith(_ENDS_LIKE_SENTENCE) for line in filled)
    return open_ended >= len(filled) * 0.4


def _starts_paragraph(previous: str, line: str, short: float) -> bool:
    if previous.endswith(_ENDS_LIKE_SENTENCE) or len(previous) < short:
        return True
    return bool(_BLOCK_START.match(line))


def _logical_lines(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines back into paragraphs, so the justified layout reflows them."""
    if not _hard_wrapped(lines):
        return [line for line in lines if line]
    lengths = sorted(len(line) for line in lines if line)
    short = 0.75 * lengths[max(0, int(len(lengths) * 0.9) - 1)]  # a paragraph's last line or a heading
    out: list[str] = []
    previous: str | None = None
    for line in lines:
        if not line:
            previous = None  # a blank line always ends the paragraph
            continue
        if previous is None or _starts_paragraph(previous, line, short):
            out.append(line)
        else:
            # "131/CĐ-" + "TTg": a symbol cut at its hyphen joins without a space; "kinh tế -" keeps it.
            glue = "" if previous.endswith("-") and not previous.endswith(" -") else " "
            out[-1] += glue + line
        previous = line
    return out


def _is_centred(line: str) -> bool:
    """A line all in capitals that is not a numbered section: the issuing authority of a decision or its
    "QUYẾT ĐỊNH:" / "NGHỊ QUYẾT:", which the forms of Phụ lục III centre in bold."""
    letters = [c for c in line if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and len(line) < 120
        and not _HEADING.match(line)
        and not line.endswith((".", ";", ","))
    )


def _paragraphs(body: str) -> tuple[Paragraph, ...]:
    result: list[Paragraph] = []
    # Readers hand us Markdown-ish emphasis from the source text; the layout sets its own weights.
    lines = [
        " ".join(raw.replace("**", "").strip().lstrip("#").split())
        for raw in unicodedata.normalize("NFC", body).splitlines()
    ]
    for line in _logical_lines(lines):
        heading = (
            bool(_HEADING.match(line)) and len(line) < 160 and not line.endswith((*_ENDS_LIKE_SENTENCE, ","))
        )
        result.append(
            Paragraph(
                text=line,
                heading=heading,
                bullet=line.startswith(("- ", "+ ")),
                basis=line.startswith("Căn cứ "),
                label=label.group(0) if (label := _ARTICLE.match(line)) else "",
                centred=_is_centred(line),
            )
        )
    return tuple(result)


def letter_from_dict(doc: Mapping[str, Any]) -> Letter:
    """Validate the schema dict just enough to lay it out, and compute every printed line."""
    if not isinstance(doc, Mapping):
        raise LayoutError("Văn bản phải là một đối tượng JSON. / The document must be a JSON object.")
    symbol = _text(doc, "symbol")
    number = _text(doc, "number")
    is_letter, heading = _type_heading(_text(doc, "type"))
    signature = doc.get("signature") or {}
    if not isinstance(signature, Mapping):
        raise LayoutError("Trường 'signature' phải là đối tượng. / Field 'signature' must be an object.")
    authority = _text(signature, "authority")
    recipients = _list(doc, "recipients")
    if len(recipients) == 1:
        # One addressee sits on the "Kính gửi:" line itself, without a dash (Phụ lục I II.9.d).
        recipient_lines: tuple[str, ...] = (f"{_strip_item(recipients[0])}.",)
    else:
        recipient_lines = punctuate_list(recipients)
    return Letter(
        issuer_parent=_text(doc, "issuer_parent").upper(),
        issuer=_text(doc, "issuer").upper(),
        number_line=f"Số: {number or BLANK_NUMBER}/{symbol}",
        date_line=format_date_line(_text(doc, "place") or "....", _text(doc, "date")),
        is_official_letter=is_letter,
        type_heading=heading,
        subject=_text(doc, "subject"),
        recipients=recipient_lines,
        body=_paragraphs(doc.get("body") or ""),
        authority_lines=tuple(line.upper() for line in re.split(r"\s*/\s*", authority) if line),
        title=_text(signature, "title").upper(),
        name=_text(signature, "name"),
        distribution=punctuate_list(_list(doc, "distribution")),
        urgency=_text(doc, "urgency").upper(),
        confidentiality=_text(doc, "confidentiality").upper(),
    )
