"""Number, symbol, date line and document identifier (Điều 15; Phụ lục I; Phụ lục VI III.1.h)."""

from __future__ import annotations

import datetime as dt

from . import doctypes


def format_number(number: int) -> str:
    """Numbers below 10 carry a leading zero (Điều 15 khoản 1)."""
    if number < 1:
        raise ValueError("document numbers start at 1")
    return f"{number:02d}"


def compose_symbol(*, type_code: str, agency_abbreviation: str, unit_code: str = "") -> str:
    """Compose the symbol (ký hiệu) after the number.

    A công văn carries the agency's abbreviation and the drafting unit's ("STTTT-TTBCXB");
    a named type carries the type's abbreviation and the agency's ("QĐ-UBND").
    """
    doc_type = doctypes.get(type_code)
    if doc_type.code == doctypes.OFFICIAL_LETTER.code:
        return f"{agency_abbreviation}-{unit_code}" if unit_code else agency_abbreviation
    return f"{doc_type.abbreviation}-{agency_abbreviation}"


def number_symbol(number: int | None, symbol: str) -> str:
    """'05/STTTT-TTBCXB'; with the number still blank, '/STTTT-TTBCXB' as on an unissued draft."""
    return f"{format_number(number) if number else ''}/{symbol}"


def date_line(place: str, day: dt.date | None, *, year: int | None = None, month: int | None = None) -> str:
    """'Lạng Sơn, ngày 05 tháng 4 năm 2024': days below 10 and months 1 and 2 take a leading zero."""
    if day is None:
        y = year if year is not None else dt.date.today().year
        m = f" {month:02d}" if month in (1, 2) else (f" {month}" if month else " ...")
        return f"{place}, ngày ... tháng{m} năm {y}"
    month_text = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month_text} năm {day.year}"


def document_identifier(organ_id: str, day: dt.date, number: int, symbol: str) -> str:
    """The exchange identifier: 'OrganId,YYYY/MM/DD,number/symbol' (QCVN 102:2016)."""
    return f"{organ_id},{day:%Y/%m/%d},{number_symbol(number, symbol)}"
