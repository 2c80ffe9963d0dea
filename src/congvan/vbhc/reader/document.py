"""``parse_text``: a document's text in, the fields of spec/parsed-document.schema.json out."""

from __future__ import annotations

import re
from typing import Any

from .header import is_upper, key, read_header
from .lines import fold_chars, prepare_lines
from .lists import read_distribution, read_recipients
from .references import find_references
from .signature import find_block_start, read_signature

RECIPIENT_WINDOW = 25  # "Kính gửi" sits right under the header, never deep in the body


def _first(lines: list[str], start: int, stop: int, prefix: str) -> int | None:
    return next((i for i in range(start, stop) if lines[i] and key(lines[i]).startswith(prefix)), None)


def parse_text(text: str, source: str, warnings: list[str] | None = None) -> dict[str, Any]:
    """Read one document's text; every schema key is present, unknown fields are None or []."""
    # The folding caches serve the many look-ups of one document's lines; emptied per document so
    # that memory stays flat over a long import and no document is read faster for resembling another.
    fold_chars.cache_clear()
    key.cache_clear()
    is_upper.cache_clear()
    lines = prepare_lines(text)
    notes = list(warnings or [])
    header = read_header(lines)
    notes += header.warnings

    recipients: list[str] = []
    body_start = header.end
    kinh_gui = _first(lines, 0, min(len(lines), header.end + RECIPIENT_WINDOW), "kinh gui")
    if kinh_gui is not None and kinh_gui not in header.used:
        recipients, body_start, run_on = read_recipients(lines, kinh_gui)
        body_start = max(body_start, header.end)
        if run_on:
            lines = [*lines[:body_start], run_on, *lines[body_start:]]

    noi_nhan = _first(lines, body_start, len(lines), "noi nhan")
    stop = noi_nhan if noi_nhan is not None else len(lines)
    sig_start = find_block_start(lines, body_start, stop)
    if noi_nhan is None and sig_start is not None:
        # the "Nơi nhận:" label lost in conversion: "- Như Điều 3;" beside the signing authority
        noi_nhan = next(
            (
                j
                for j in range(max(body_start, sig_start - 3), min(len(lines), sig_start + 3))
                if re.match(r"^[-–+•]\s*nhu\s", key(lines[j]))
            ),
            None,
        )
    if sig_start is None and noi_nhan is not None:
        sig_start = noi_nhan
    distribution: list[str] = []
    used: set[int] = set()
    if noi_nhan is not None:
        distribution, used = read_distribution(lines, noi_nhan)
    body_end = min(x for x in (sig_start, noi_nhan, len(lines)) if x is not None)
    signature = read_signature(lines, sig_start, used) if sig_start is not None else None
    if signature is None or not (signature.title or signature.name):
        notes.append("signature block not found")

    body_lines = [line for line in lines[body_start:body_end] if line]
    body = "\n".join(body_lines) or None
    cited = "\n".join(([header.subject] if header.subject else []) + body_lines)
    references = find_references(cited, own=(header.number, header.symbol))

    return {
        "source": source,
        "issuer": header.issuer,
        "issuer_parent": header.issuer_parent,
        "number": header.number,
        "symbol": header.symbol,
        "type": header.type,
        "place": header.place,
        "date": header.date,
        "subject": header.subject,
        "recipients": recipients,
        "references": references,
        "signature": {
            "authority": signature.authority if signature else None,
            "title": signature.title if signature else None,
            "name": signature.name if signature else None,
        },
        "distribution": distribution,
        "urgency": header.urgency,
        "confidentiality": header.confidentiality,
        "body": body,
        "warnings": list(dict.fromkeys(notes)),
    }
