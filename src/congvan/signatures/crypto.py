"""Encryption of stored key files and passphrases (Fernet: AES-128-CBC with HMAC-SHA256).

The key is ``CONGVAN_CERT_KEY`` (any string; kept apart from the database and its backups) or, when it is not
set, derived from ``SECRET_KEY``. Changing it makes the stored certificates unreadable: they must be uploaded
again. See docs/decisions/0005-signing-at-issue.md.
"""

from __future__ import annotations

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"congvan signing certificates v1"


def _fernet() -> Fernet:
    secret = os.environ.get("CONGVAN_CERT_KEY") or settings.SECRET_KEY
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes | memoryview) -> bytes:
    """Raises ``InvalidToken`` when the key changed since the data was stored."""
    return _fernet().decrypt(bytes(token))


__all__ = ["InvalidToken", "decrypt", "encrypt"]
