"""Reading and writing the scalar values of a message: text, dates, timestamps, integers, booleans.

Readers are lenient: each returns ``None`` for what is absent or empty and reports, through the ``notes``
list, what was present but unreadable, so that one odd field never costs the whole message.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_DATE_YMD = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?$")


def clean(text: str | None) -> str | None:
    """Trimmed NFC text, ``None`` when nothing is left; vendors mix NFD and NFC Vietnamese."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text).strip()
    return text or None


def parse_date(text: str | None, what: str, notes: list[str]) -> date | None:
    """``2019/01/16`` as the standard writes it; also ``2019-01-16`` and ``16/01/2019`` from other systems."""
    text = clean(text)
    if text is None:
        return None
    day_part = re.split(r"[ T]", text, maxsplit=1)[0]
    for pattern, order in ((_DATE_YMD, (0, 1, 2)), (_DATE_DMY, (2, 1, 0))):
        match = pattern.match(day_part)
        if match:
            groups = match.groups()
            try:
                return date(int(groups[order[0]]), int(groups[order[1]]), int(groups[order[2]]))
            except ValueError:
                break
    notes.append(f"{what}: '{text}' không phải ngày hợp lệ / is not a valid date")
    return None


def parse_timestamp(text: str | None, what: str, notes: list[str]) -> datetime | None:
    """``2015/09/20 11:08:36`` as written, or ISO 8601 with ``T`` and an optional zone."""
    text = clean(text)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        pass
    parts = text.split()
    day = parse_date(parts[0], what, [])
    if day is not None:
        if len(parts) == 1:
            return datetime(day.year, day.month, day.day)
        match = _TIME.match(parts[1]) if len(parts) == 2 else None
        if match:
            hour, minute, second = (int(g) if g else 0 for g in match.groups())
            try:
                return datetime(day.year, day.month, day.day, hour, minute, second)
            except ValueError:
                pass
    notes.append(f"{what}: '{text}' không phải thời điểm hợp lệ / is not a valid timestamp")
    return None


def parse_int(text: str | None, what: str, notes: list[str]) -> int | None:
    text = clean(text)
    if text is None:
        return None
    if re.fullmatch(r"[+-]?\d{1,9}", text):
        return int(text)
    notes.append(f"{what}: '{text}' không phải số nguyên / is not an integer")
    return None


def parse_bool(text: str | None, what: str, notes: list[str]) -> bool | None:
    text = clean(text)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    notes.append(f"{what}: '{text}' không phải true/false / is not a boolean")
    return None


def format_date(value: date) -> str:
    # Not strftime: glibc does not pad years below 1000, and the standard's format is fixed-width.
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def format_timestamp(value: datetime) -> str:
    return f"{format_date(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"
