"""The installation's Ed25519 key pair, and signing and verifying exchange messages with it.

The private key is generated at first use in ``<CONGVAN_DATA_DIR>/exchange/ed25519.key`` (mode 0600), outside
the repository; peers know the public key (``congvan exchange key``). A message's signature is detached: the
header ``X-Congvan-Signature: ed25519=<base64>`` over the exact body bytes.
"""

from __future__ import annotations

import base64
import binascii
import os
import threading
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

SIGNATURE_HEADER = "X-Congvan-Signature"
SCHEME = "ed25519="

_lock = threading.Lock()
_cache: dict[Path, Ed25519PrivateKey] = {}


def key_path() -> Path:
    # CONGVAN_EXCHANGE_KEY_FILE (settings): every web server of one installation signs with the same key.
    configured = getattr(settings, "EXCHANGE_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "exchange" / "ed25519.key"


def private_key() -> Ed25519PrivateKey:
    """This installation's key, generated and written (0600) the first time it is needed."""
    path = key_path()
    with _lock:
        key = _cache.get(path)
        if key is not None:
            return key
        if path.exists():
            loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(loaded, Ed25519PrivateKey):
                raise ValueError(f"{path} is not an Ed25519 key")
            key = loaded
        else:
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
            try:
                os.link(tmp, path)  # another process may have written one meanwhile: keep the first
            except FileExistsError:
                os.unlink(tmp)
                return private_key_from(path)
            os.unlink(tmp)
        _cache[path] = key
        return key


def private_key_from(path: Path) -> Ed25519PrivateKey:
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(loaded, Ed25519PrivateKey)
    _cache[path] = loaded
    return loaded


def public_key_text(key: Ed25519PrivateKey | None = None) -> str:
    """The public key as peers store it: the 32 raw bytes in base64."""
    raw = (
        (key or private_key())
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(raw).decode("ascii")


def sign(body: bytes, key: Ed25519PrivateKey | None = None) -> str:
    """The header value for ``body``."""
    return SCHEME + base64.b64encode((key or private_key()).sign(body)).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey | None:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        return None


def verify(body: bytes, header: str | None, public_key: str) -> bool:
    """True when ``header`` is a valid signature of ``body`` by ``public_key``."""
    if not header or not header.startswith(SCHEME):
        return False
    key = load_public_key(public_key)
    if key is None:
        return False
    try:
        signature = base64.b64decode(header[len(SCHEME) :], validate=True)
        key.verify(signature, body)
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True
