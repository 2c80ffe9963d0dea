"""Text widths for the DOCX layout.

Word draws a paragraph border across the paragraph's full width, so the rules of Phụ lục I (as long as
the Tiêu ngữ; 1/3-1/2 of the issuer line) are made by narrowing the paragraph to the measured text width.
"""

from __future__ import annotations

import subprocess
from functools import cache

# Average advance of Times-metric capitals and lower case, in em, for when no font file can be found.
_FALLBACK_EM_PER_CHAR = 0.62
_PT_PER_MM = 72 / 25.4


@cache
def _font_path(bold: bool) -> str | None:
    pattern = "Times New Roman:bold" if bold else "Times New Roman"
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


@cache
def _font(bold: bool):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    path = _font_path(bold)
    if path is None:
        return None
    try:
        # At 1000 units per em, lengths come back in thousandths of the point size.
        return ImageFont.truetype(path, 1000)
    except OSError:
        return None


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of one line of text in millimetres (Times New Roman metrics)."""
    font = _font(bold)
    em = font.getlength(text) / 1000 if font is not None else len(text) * _FALLBACK_EM_PER_CHAR
    return em * size_pt / _PT_PER_MM


def balanced_lines(text: str, size_pt: float, width_mm: float, *, bold: bool = False) -> list[str]:
    """Split a header line that does not fit its column into two lines of similar length.

    Phụ lục I II.2.b lets a long agency name take several lines; a balanced break ("ỦY BAN NHÂN DÂN /
    TỈNH QUẢNG NGÃI") reads as the name, where the browser's greedy wrap leaves one word alone on the last.
    """
    words = text.split()
    if len(words) < 2 or text_width_mm(text, size_pt, bold=bold) <= width_mm:
        return [text]
    best: tuple[float, list[str]] | None = None
    for cut in range(1, len(words)):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        widest = max(text_width_mm(line, size_pt, bold=bold) for line in lines)
        if best is None or widest < best[0]:
            best = (widest, lines)
    assert best is not None
    return best[1]
