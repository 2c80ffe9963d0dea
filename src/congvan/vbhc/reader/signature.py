"""The signature block: signing authority lines, the signer's title and name (Điều 13)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .header import is_upper, key
from .lists import looks_like_name
from .vocabulary import AUTHORITY_CANONICAL, AUTHORITY_RE, TITLE_WORDS

# Lines printed in the block that are neither title nor name.
_SIGN_NOTES = re.compile(r"^\(?\s*(da ky|ky|ky ten|ky,|chu ky|dong dau|\[?daky|ky so|ky thay)")
_NAME_PART = re.compile(r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]+")
_NUMBERED = re.compile(r"^([ivxlc]+|\d+|[a-z])[.)]\s")


@dataclass
class Signature:
    authority: str | None = None
    title: str | None = None
    name: str | None = None
    start: int | None = None  # index of the block's first line


# Position titles that may trail an authority line flattened with it: "TM. CHÍNH PHỦ THỦ TƯỚNG".
_TRAILING_TITLE = re.compile(
    r"\s((?:PHÓ |Q\. )?(?:THỦ TƯỚNG|CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|BÍ THƯ|CHÁNH VĂN PHÒNG|"
    r"TRƯỞNG BAN|CỤC TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|TỔNG GIÁM ĐỐC|CHỦ NHIỆM|TRƯỞNG PHÒNG)"
    r"(?: THƯỜNG TRỰC)?)$"
)


def split_trailing_title(authority: str) -> tuple[str, str | None]:
    """'TM. CHÍNH PHỦ THỦ TƯỚNG' -> ('TM. CHÍNH PHỦ', 'THỦ TƯỚNG'); unchanged when nothing trails."""
    m = _TRAILING_TITLE.search(authority)
    # "KT. BỘ TRƯỞNG, CHỦ NHIỆM" is one double position, not an authority and a title
    if not m or len(authority[: m.start()].split()) < 2 or authority[: m.start()].endswith(","):
        return authority, None
    return authority[: m.start()], m.group(1)


def authority_line(line: str) -> str | None:
    """'K/T GIÁM ĐỐC', 'KT.GIÁM ĐỐC' -> 'KT. GIÁM ĐỐC'; None when the line is not an authority line."""
    text = line.strip(" *_")
    m = AUTHORITY_RE.match(key(text))
    if not m:
        return None
    rest = text[m.end() :].strip(" .")
    if not rest or not is_upper(rest):
        return None
    prefix = AUTHORITY_CANONICAL.get(m.group(1), m.group(1)).upper()
    return f"{prefix}. {' '.join(rest.split())}"


def is_title_line(line: str) -> bool:
    k = key(line)
    return (
        is_upper(line)
        and len(line) <= 80
        and not re.search(r"\d", line)
        and not _NUMBERED.match(k)
        and not k.endswith(":")
    )


def find_block_start(lines: list[str], start: int, stop: int) -> int | None:
    """First authority line in [start, stop); else the title above the last name-like line."""
    for i in range(start, stop):
        if lines[i] and authority_line(lines[i]):
            return i
    for i in range(stop - 1, start - 1, -1):
        if lines[i] and looks_like_name(lines[i]) and not is_upper(lines[i]):
            j = i - 1
            while j >= start and (not lines[j] or _SIGN_NOTES.match(key(lines[j]))):
                j -= 1
            if j >= start and is_title_line(lines[j]) and TITLE_WORDS.search(key(lines[j])):
                while j - 1 >= start and lines[j - 1] and authority_line(lines[j - 1]):
                    j -= 1
                return j
            return None
    return None


def read_signature(lines: list[str], start: int, skip: set[int]) -> Signature:
    """Read authority, title and name from ``start`` on, ignoring the distribution lines in ``skip``."""
    sig = Signature(start=start)
    authorities: list[str] = []
    titles: list[str] = []
    for i in range(start, len(lines)):
        line = lines[i].strip(" *_")
        if i in skip or not line:
            continue
        following = next((x.strip() for x in lines[i + 1 : i + 3] if x.strip()), "")
        if _NAME_PART.fullmatch(line) and looks_like_name(f"{line} {following}") and (authorities or titles):
            sig.name = f"{line} {following}"  # a name wrapped after its family name: "Nguyễn" / "Khắc Định"
            break
        k = key(line)
        if _SIGN_NOTES.match(k) or k.startswith(("noi nhan", "luu")):
            continue
        auth = authority_line(line)
        if auth and not titles:
            auth, trailing = split_trailing_title(auth)
            authorities.append(auth)
            if trailing:
                titles.append(trailing)
            continue
        # a title line names a position ("PHÓ GIÁM ĐỐC"); an appendix heading after the block does not
        if is_title_line(line) and TITLE_WORDS.search(k) and len(line) <= 60:
            titles.append(" ".join(line.split()))
            continue
        if looks_like_name(line) and (authorities or titles):
            sig.name = " ".join(line.split())
            break
        if authorities or titles:
            if len(line) > 60:
                break  # ran into text after the block (an appendix); stop looking for a name
            continue
    if titles and looks_like_name(titles[-1]) and not TITLE_WORDS.search(key(titles[-1])) and not sig.name:
        sig.name = titles.pop()  # a name typed in capitals
    sig.authority = " / ".join(authorities) or None
    sig.title = " ".join(titles) or None
    return sig
