"""DOCX placeholder (replaced below)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def render_docx(doc: Mapping[str, Any]) -> bytes:
    raise NotImplementedError
