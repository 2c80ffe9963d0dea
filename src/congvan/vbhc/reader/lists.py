"""The two address lists of a document: "Kính gửi:" (recipients) and "Nơi nhận:" (distribution).

Both come as one line ("Kính gửi: Sở Tài chính") or as a dash list whose entries may wrap; the
distribution list may be interleaved with the signature block beside it, whose lines are left for
``signature.py``.
"""

from __future__ import annotations

import re

from .header import clean, is_upper, key
from .vocabulary import AUTHORITY_RE

# a list dash; OCR reads it as ":", ";", "." or "_" at times
_DASH = re.compile(r"^[-–—•+*·~]\s*|^[:;.,_]\s+(?=[A-ZĐÀ-Ỹ])")
_INLINE_ITEMS = re.compile(r"[;,]\s*[-–—•+]\s+")
_LABEL = re.compile(r"^(k[ií]nh\s+g[uử]i|n[oơ]i\s+nh[aậâ]n)\s*[:.]?\s*", re.IGNORECASE)
_GLUED_NHU_TREN = re.compile(r"^Như(?=trên\b)")
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\.?$")


def looks_like_name(line: str) -> bool:
    """'Lê Hải Yến': two to six capitalised words, nothing else."""
    words = line.split()
    if not 2 <= len(words) <= 6 or re.search(r"[\d;:,()/]", line):
        return False
    return all(_NAME_WORD.match(w) for w in words) or (
        is_upper(line) and len(line) <= 40 and all(w.isalpha() for w in words)
    )


def _split_inline(text: str) -> list[str]:
    """'- UBND tỉnh; - Bộ GDĐT.' on one line -> two entries."""
    text = _DASH.sub("", text.strip())
    return [p for p in _INLINE_ITEMS.split(text) if p.strip()]


def _finish(items: list[str]) -> list[str]:
    out = []
    for item in items:
        item = re.sub(r"[\s,;]+-\s*$", "", item)  # OCR leaves a stray dash at the end: "Chính phủ, -"
        item = _GLUED_NHU_TREN.sub("Như ", clean(item))  # OCR glues "Như trên" into "Nhưtrên"
        if item:
            out.append(item)
    return out


def _is_signature_line(line: str) -> bool:
    k = key(line)
    return bool(AUTHORITY_RE.match(k)) or (
        is_upper(line) and not _DASH.match(line) and not k.startswith("luu")
    )


_RUN_ON = re.compile(r"[;.]\s+(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s)")


def _continues(item: str, line: str) -> bool:
    """Whether ``line`` carries on the list entry ``item`` ("... TGĐ" / "Cổng TTĐT, VPBCSĐCP;")."""
    if _is_signature_line(line) or looks_like_name(line):
        return False
    unfinished = not item.rstrip().endswith((";", ".", ":"))
    return unfinished and (line[:1].islower() or line[:1] in ",;)" or not line.startswith(("Nơi", "NƠI")))


def _join(item: str, line: str) -> str:
    return f"{item}{line}" if line[:1] in ",;)" else f"{item} {line}"


def read_recipients(lines: list[str], start: int) -> tuple[list[str], int, str]:
    """Entries after the "Kính gửi" line at ``start``: the entries, the index after the list, and any
    body text that ran on into the same line (a flattened page: "...; - Các đơn vị; Căn cứ ...")."""
    items: list[str] = []
    run_on = ""
    rest = _LABEL.sub("", lines[start].strip(" *_"), count=1)
    dashed = bool(_DASH.match(rest))  # a dash list: an entry without ';' continues on the next line
    if rest:
        items += _split_inline(rest)
        if len(items) > 1 and len(items[-1]) > 80:
            m = _RUN_ON.search(items[-1])
            if m:
                items[-1], run_on = items[-1][: m.start()], items[-1][m.end() :]
                return _finish(items), start + 1, run_on
    i = start + 1
    if items and items[-1].rstrip().endswith(".") and not (i < len(lines) and lines[i][:1].islower()):
        return _finish(items), i, run_on
    while i < len(lines):
        line = lines[i]
        if not line:
            nxt = next((x for x in lines[i + 1 : i + 3] if x), "")
            if items and not _DASH.match(nxt):
                break
            i += 1
            continue
        unfinished = dashed and items and not items[-1].rstrip().endswith((";", ".", ":"))
        if _DASH.match(line):
            dashed = True
            items += _split_inline(line)
        elif items and (
            line[:1].islower()
            or unfinished  # "- ... cơ quan thuộc" / "Chính phủ;": a dash entry wrapped onto the next line
            or (line.startswith("(") and len(line) < 30 and ":" not in line)
        ):
            items[-1] = f"{items[-1]} {line}"  # a wrapped entry: "... Distribution" / "(Việt Nam)"
        elif not items:
            items += _split_inline(line)
        else:
            break
        i += 1
        if items and items[-1].rstrip().endswith(".") and not (i < len(lines) and lines[i][:1].islower()):
            break
    return _finish(items), i, run_on


def read_distribution(lines: list[str], start: int) -> tuple[list[str], set[int]]:
    """Entries after the "Nơi nhận" line at ``start``, and the indices of the lines they used."""
    items: list[str] = []
    used = {start}
    rest = _LABEL.sub("", lines[start].strip(" *_"), count=1)
    if rest and not _is_signature_line(rest):
        items += _split_inline(rest)
    closed = False  # after "Lưu: ..." only wrapped text of that entry may follow
    for i in range(start + 1, min(len(lines), start + 60)):
        line = lines[i]
        if not line:
            continue
        k = key(line)
        if _DASH.match(line) and not closed:
            items += _split_inline(line)
            used.add(i)
            closed = key(items[-1]).startswith("luu")
        elif items and _continues(items[-1], line):
            items[-1] = _join(items[-1], line)
            used.add(i)
        elif _is_signature_line(line) or looks_like_name(line) or k.startswith(("(da ky", "da ky", "(ky")):
            continue  # the signature block beside the list
        elif not closed and line.rstrip().endswith((";", ".")) and len(line) < 120:
            items.append(line)  # undashed entries: "Như trên;"
            used.add(i)
            closed = k.startswith("luu")
        elif len(line) > 120 or i - max(used) > 8:
            break  # body text or an appendix, far from the list
        # else: a stray line (OCR noise, a stamp) inside the block: skip it
    return _finish(items), used
