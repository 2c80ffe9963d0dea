"""The one error of the signing package: a Vietnamese message for the user and an English one for logs."""

from __future__ import annotations


class SigningError(ValueError):
    """Signing or verifying could not be done; nothing was signed.

    ``vi`` is shown to the user (the interface is Vietnamese), ``en`` goes to logs and English callers.
    """

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")
        self.vi = vi
        self.en = en
