"""The one error the reader raises: a file it cannot read, said in Vietnamese and in English."""

from __future__ import annotations


class ParseError(Exception):
    """A file that cannot be read as a document; ``vi`` is for clerks, ``en`` for logs and developers."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(f"{vi} ({en})")
        self.vi = vi
        self.en = en
