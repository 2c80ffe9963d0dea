"""Resource limits applied before and while reading a message; generous for real traffic, fatal for attacks."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # Checked on the byte count before any parsing, so a 1 GB message never reaches the parser.
    max_message_bytes: int = 200 * MB
    # Real messages have a few hundred elements; millions of tiny ones would exhaust memory as Python objects.
    max_elements: int = 50_000
    # Zip attachments (and DOCX/XLSX, which are zips) are inspected from their central directory.
    max_unzipped_bytes: int = 1024 * MB
    max_zip_ratio: int = 200
    max_zip_entries: int = 10_000


DEFAULT_LIMITS = Limits()
