"""Read Vietnamese administrative documents (text, .docx, .pdf, scans) into their fields.

``parse_text`` and ``parse_file`` return the object of spec/parsed-document.schema.json.
"""

from __future__ import annotations

from .document import parse_text
from .errors import ParseError

__all__ = ["ParseError", "parse_file", "parse_text"]


def parse_file(path: str) -> dict:  # type: ignore[type-arg]
    """Read a file of any supported kind; raises ParseError for what cannot be read."""
    from .files import parse_file as _parse_file

    return _parse_file(path)
