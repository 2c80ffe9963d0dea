"""Words with positions (from a PDF text layer) back into lines, with the two columns kept apart.

A Vietnamese administrative page has two two-column zones: the header (issuer | motto and date) and
the end (Nơi nhận | signature). Reading a PDF row by row mixes them; here each visual line is cut at
wide gaps into segments, and a run of column lines is emitted left column first, then right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_OPENS_BODY = re.compile(r"^(Kính gửi|KÍNH GỬI)\b")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Segment:
    text: str
    x0: float
    x1: float


def _rows(words: Iterable[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.top), w.x0)):
        height = max(1.0, word.bottom - word.top)
        if rows and abs(rows[-1][0].top - word.top) <= height * 0.4:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _segments(row: list[Word]) -> list[Segment]:
    height = max(1.0, sorted(w.bottom - w.top for w in row)[len(row) // 2])
    segments: list[Segment] = []
    for word in row:
        # A gap wider than about two spaces' worth of the font size starts another column.
        if segments and word.x0 - segments[-1].x1 <= height * 1.2:
            last = segments[-1]
            segments[-1] = Segment(f"{last.text} {word.text}", last.x0, word.x1)
        else:
            segments.append(Segment(word.text, word.x0, word.x1))
    return segments


def lines_from_words(words: Iterable[Word], page_width: float) -> list[str]:
    """Lines of one page, with two-column zones emitted column by column."""
    mid = page_width / 2
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        out.extend(left)
        if left and right:
            out.append("")
        out.extend(right)
        left.clear()
        right.clear()

    for row in _rows(words):
        segments = _segments(row)
        if _OPENS_BODY.match(segments[0].text):
            flush()  # "Kính gửi:" sits under the header zone; the header's right column comes first
        if len(segments) == 1:
            seg = segments[0]
            centre = (seg.x0 + seg.x1) / 2
            spans_middle = seg.x0 < mid - 0.15 * page_width and seg.x1 > mid + 0.15 * page_width
            centred = abs(centre - mid) < 0.06 * page_width
            if spans_middle or centred:
                flush()
                out.append(seg.text)
            elif centre < mid:
                left.append(seg.text)
            else:
                right.append(seg.text)
            continue
        for seg in segments:
            (left if (seg.x0 + seg.x1) / 2 < mid else right).append(seg.text)
    flush()
    return out
