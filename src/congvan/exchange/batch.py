"""Several signed messages in one HTTP request between two Công Văn installations.

QCVN 102:2016 exchanges one message per request, and that is what we send to any other system. Between two
installations of ours one request per message costs more than applying the message (a connection, the HTTP
parsing, a database transaction and, on SQLite, a wait for the write lock each time), so the worker sends a
*batch* once the peer has shown it understands them (every answer of our endpoint carries ``X-Congvan-Batch:
1;max-bytes=N``, N the largest request it reads, so a batch is never refused for its size).

A batch is not a new message format: each message keeps its own bytes and its own detached signature, and the
receiver verifies and applies each exactly as if it had come alone (same receipt key, so exactly once holds
across single and batched sends). On the wire (``Content-Type: application/vnd.congvan.edxml-batch``)::

    CONGVAN-BATCH 1\\n
    <length of body 1> <signature header value 1>\\n<body 1 bytes>
    <length of body 2> <signature header value 2>\\n<body 2 bytes>
    ...

The answer is JSON, one result per message in order: ``{"results": [{"status": 200, "note": "accepted"}, …]}``.
The receiver stops at the first message it cannot accept and answers 503 for the ones after it, so a batch
keeps the order of the peer's queue exactly as one-by-one sending does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

CONTENT_TYPE = "application/vnd.congvan.edxml-batch"
CAPABILITY_HEADER = "X-Congvan-Batch"
MAGIC = b"CONGVAN-BATCH 1\n"
MAX_MESSAGES = 500
MAX_SIGNATURE = 200


def capability(max_bytes: int) -> str:
    """The header value our endpoint answers with: "1;max-bytes=N", the largest request it reads."""
    return f"1;max-bytes={max_bytes}"


def parse_capability(value: str | None) -> int:
    """The largest batch a peer takes, from its header; 0 when it takes none (another vendor's system)."""
    if not value:
        return 0
    version, _sep, rest = value.partition(";")
    if version.strip() != "1":
        return 0
    name, _eq, number = rest.partition("=")
    if name.strip() == "max-bytes" and number.strip().isdigit():
        return int(number)
    return 4 * 1024 * 1024


class BatchError(ValueError):
    """A batch whose framing is broken (the whole request is refused; nothing is applied)."""


@dataclass(frozen=True)
class Item:
    body: bytes
    signature: str


def encode(items: Sequence[tuple[bytes, str]]) -> bytes:
    parts = [MAGIC]
    for body, signature in items:
        parts.append(f"{len(body)} {signature}\n".encode("ascii"))
        parts.append(body)
    return b"".join(parts)


def decode(data: bytes, *, max_messages: int = MAX_MESSAGES) -> list[Item]:
    """The messages of a batch; ``BatchError`` for anything not framed exactly as ``encode`` writes it."""
    if not data.startswith(MAGIC):
        raise BatchError("not a batch")
    items: list[Item] = []
    view = memoryview(data)
    position = len(MAGIC)
    while position < len(data):
        if len(items) >= max_messages:
            raise BatchError(f"more than {max_messages} messages")
        end = data.find(b"\n", position, position + 32 + MAX_SIGNATURE)
        if end < 0:
            raise BatchError(f"no frame header at byte {position}")
        length_text, _space, signature = bytes(view[position:end]).partition(b" ")
        if not length_text.isdigit() or len(length_text) > 12:
            raise BatchError(f"bad length at byte {position}")
        length = int(length_text)
        start = end + 1
        if start + length > len(data):
            raise BatchError(f"message at byte {position} is cut short")
        try:
            signature_text = signature.decode("ascii")
        except UnicodeDecodeError as exc:
            raise BatchError(f"bad signature at byte {position}") from exc
        items.append(Item(bytes(view[start : start + length]), signature_text))
        position = start + length
    if not items:
        raise BatchError("empty batch")
    return items


def encode_results(results: Sequence[tuple[int, str]]) -> bytes:
    return json.dumps(
        {"results": [{"status": status, "note": note[:500]} for status, note in results]}, ensure_ascii=False
    ).encode()


def decode_results(data: bytes, count: int) -> list[tuple[int, str]]:
    """The per-message answers; ``BatchError`` if they are not one per message sent."""
    try:
        raw = json.loads(data)["results"]
        results = [(int(r["status"]), str(r.get("note", ""))) for r in raw]
    except (ValueError, KeyError, TypeError) as exc:
        raise BatchError(f"unreadable answer: {exc}") from exc
    if len(results) != count:
        raise BatchError(f"{len(results)} answers for {count} messages")
    return results
