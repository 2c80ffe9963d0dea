"""PDF through WeasyPrint (HTML/CSS paged media); fonts come from fontconfig and are embedded as subsets."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from .markup import to_html
from .model import letter_from_dict


@cache
def _font_config() -> Any:
    # Building the fontconfig view is the slow part of a first render; one per process keeps later
    # renders within the benchmark budget (bench/bench_render.py).
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(doc: Mapping[str, Any]) -> bytes:
    """Lay out a document (the parsed-document schema dict) as an A4 PDF in the form of Phụ lục I."""
    from weasyprint import HTML  # imported late: the CLI and the checks should not pay for it

    html = to_html(letter_from_dict(doc))
    pdf = HTML(string=html).write_pdf(font_config=_font_config())
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
