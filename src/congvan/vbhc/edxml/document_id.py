"""The document identifier edXML carries: ``OrganId,YYYY/MM/DD,number/symbol``.

Example: ``000.00.00.G22,2015/09/30,7816/VPCP-TTĐT``. The exchange layer uses it to find duplicates
(Phụ lục VI III.1.h) and to match statuses to documents, so both directions live next to the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .values import format_date

_PATTERN = re.compile(r"^\s*([^,\s]+)\s*,\s*(\d{4})/(\d{1,2})/(\d{1,2})\s*,\s*(.+?)\s*$")


@dataclass(frozen=True)
class DocumentIdParts:
    organ_id: str
    promulgation_date: date
    code: str  # "7816/VPCP-TTĐT": number and symbol as the document writes them


def make_document_id(organ_id: str, promulgation_date: date, code_number: str, code_notation: str) -> str:
    return f"{organ_id},{format_date(promulgation_date)},{code_number}/{code_notation}"


def split_document_id(text: str | None) -> DocumentIdParts | None:
    """The three parts, or ``None`` for identifiers of another shape (some vendors send a UUID)."""
    match = _PATTERN.match(text or "")
    if match is None:
        return None
    organ_id, year, month, day, code = match.groups()
    try:
        return DocumentIdParts(organ_id, date(int(year), int(month), int(day)), code)
    except ValueError:
        return None
