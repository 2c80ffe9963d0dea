"""The one exception the edXML package lets escape when a message cannot be read or written."""

from __future__ import annotations


class EdxmlError(ValueError):
    """A message that is not well-formed, unsafe, too large, or not edXML.

    Carries the reason twice, Vietnamese first because the clerk reads it, English for the logs and for
    other vendors' support desks; ``line`` is set when the XML parser knew where it stopped, ``where``
    names the element (``/edXML/AttachmentEncoded/Attachment[1]``) for problems found after parsing.
    """

    def __init__(self, vi: str, en: str, *, line: int | None = None, where: str | None = None) -> None:
        self.vi = vi
        self.en = en
        self.line = line
        self.where = where
        super().__init__(self._render())

    def _render(self) -> str:
        place_vi = place_en = ""
        if self.line is not None:
            place_vi, place_en = f"dòng {self.line}: ", f"line {self.line}: "
        elif self.where:
            place_vi = place_en = f"{self.where}: "
        return f"{place_vi}{self.vi} / {place_en}{self.en}"
