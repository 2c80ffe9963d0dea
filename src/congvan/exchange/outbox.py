"""The outbox: edXML messages for other installations, written in the transaction of the change that causes
them, and the worker that delivers them over HTTP(S) with retries and exponential backoff.

Messages to one peer leave in the order they were written (the oldest undelivered one goes first and a
failure stops that peer's queue until its next attempt), so a recall never overtakes the document it recalls.
The receiver is idempotent, so a message whose answer was lost is simply sent again.
"""

from __future__ import annotations

import datetime as dt
import http.client
import logging
import os
import random
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction
from django.db.models import F, Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tasks import task

from congvan.documents import storage
from congvan.documents.models import Document
from congvan.orgs.models import Organization
from congvan.vbhc.edxml import EdocMessage, StatusMessage, write_edoc, write_status

from . import batch, keys
from .models import OutboxMessage, Peer

log = logging.getLogger(__name__)

ENDPOINT_PATH = "/exchange/v1/messages"
CONTENT_TYPE = "application/xml"
LEASE_SECONDS = 120
INLINE_BYTES = 256 * 1024
# A batch (batch.py) carries at most this many messages and bytes; a bigger message travels alone.
BATCH_MESSAGES = 100
BATCH_BYTES = 4 * 1024 * 1024


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def backoff_seconds(
    attempts: int, *, base: float | None = None, cap: float | None = None, jitter: float = 0.25
) -> float:
    """Delay before the next try after ``attempts`` failed ones: base · 2^(attempts−1), capped, ±jitter."""
    base = _env_float("CONGVAN_EXCHANGE_RETRY_BASE", 2.0) if base is None else base
    cap = _env_float("CONGVAN_EXCHANGE_RETRY_CAP", 3600.0) if cap is None else cap
    delay = min(cap, base * (2 ** max(0, attempts - 1)))
    return delay * (1 + random.uniform(-jitter, jitter))


_peer_cache: tuple[float, dict[str, Peer]] | None = None


def peers_by_organ() -> dict[str, Peer]:
    """Every organ id served by an active peer, with that peer. Kept for ``CONGVAN_EXCHANGE_PEER_CACHE``
    seconds (default 2) per process and forgotten when a peer is saved or deleted here: every arriving message
    needs it, and peers change rarely (another process sees a change within those seconds)."""
    global _peer_cache
    now = time.monotonic()
    if _peer_cache is not None and now - _peer_cache[0] < _env_float("CONGVAN_EXCHANGE_PEER_CACHE", 2.0):
        return _peer_cache[1]
    result: dict[str, Peer] = {}
    for peer in Peer.objects.filter(is_active=True).order_by("pk"):
        for organ_id in peer.organ_id_list:
            result.setdefault(organ_id, peer)
    _peer_cache = (now, result)
    return result


def forget_peers(**_kwargs: object) -> None:
    global _peer_cache
    _peer_cache = None


post_save.connect(forget_peers, sender=Peer, dispatch_uid="exchange-forget-peers-save")
post_delete.connect(forget_peers, sender=Peer, dispatch_uid="exchange-forget-peers-delete")


# -- writing (inside the caller's transaction) --------------------------------------------------------------


def _enqueue_worker() -> None:
    """Ask the task worker to drain the outbox once the transaction has committed."""
    if os.environ.get("CONGVAN_EXCHANGE_ENQUEUE", "1") == "0":
        return

    def enqueue() -> None:
        try:
            deliver_outbox.enqueue()
        except Exception:  # the periodic worker will pick the message up anyway
            log.exception("could not enqueue the outbox task")

    transaction.on_commit(enqueue)


def put_edoc(
    *, peer: Peer, message: EdocMessage, document: Document | None, summary: str = "", barrier: bool = False
) -> OutboxMessage:
    """Queue an edoc in the caller's transaction."""
    data = write_edoc(message)
    # Small messages stay in the row; big ones (attachments) go to the file store, written before the row.
    stored = storage.store(data, max_bytes=max(len(data), 1)) if len(data) > INLINE_BYTES else None
    now = timezone.now()
    row = OutboxMessage.objects.create(
        peer=peer,
        kind=OutboxMessage.Kind.EDOC,
        document=document,
        payload=b"" if stored else data,
        stored=stored,
        summary=(summary or message.document_id or "")[:300],
        barrier=barrier,
        created_at=now,
        next_attempt_at=now,
    )
    _enqueue_worker()
    return row


def put_statuses(items: Sequence[tuple[Peer, StatusMessage, Document | None]]) -> list[OutboxMessage]:
    """Queue status messages (small: the bytes are kept in the row), one insert for all."""
    if not items:
        return []
    now = timezone.now()
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            peer=peer,
            kind=OutboxMessage.Kind.STATUS,
            document=document,
            payload=write_status(message),
            summary=f"{message.status_code} {message.response_for.document_id if message.response_for else ''}"[
                :300
            ],
            created_at=now,
            next_attempt_at=now,
        )
        for peer, message, document in items
    )
    _enqueue_worker()
    return rows


def group_by_peer(orgs: Iterable[Organization], peers: dict[str, Peer]) -> dict[Peer, list[Organization]]:
    groups: dict[Peer, list[Organization]] = {}
    for org in orgs:
        groups.setdefault(peers[org.code], []).append(org)
    return groups


# -- sending ------------------------------------------------------------------------------------------------


@dataclass
class SendResult:
    ok: bool
    error: str = ""


class Poster(Protocol):
    """What the delivery loop needs of a sender (tests give it a scripted one)."""

    def post(self, peer: Peer, body: bytes) -> SendResult: ...


# Peer URLs whose endpoint said it takes batches, with the largest request it takes (the X-Congvan-Batch
# header on its answers), per process.
_batch_urls: dict[str, int] = {}


class Sender:
    """Sends with up to ``parallel`` requests at once, each thread keeping its HTTP(S) connection alive; to
    a peer that takes batches (another Công Văn), up to ``batch_messages`` messages in one request."""

    def __init__(self, timeout: float = 15.0, parallel: int | None = None) -> None:
        self.timeout = timeout
        self.parallel = parallel or int(_env_float("CONGVAN_EXCHANGE_PARALLEL", 8))
        self.batch_messages = int(_env_float("CONGVAN_EXCHANGE_BATCH", BATCH_MESSAGES))
        self.batch_bytes = BATCH_BYTES
        self._pool: ThreadPoolExecutor | None = None
        self._local = threading.local()
        self._all: list[Sender] = []
        self._all_lock = threading.Lock()
        self._connections: dict[str, http.client.HTTPConnection] = {}

    def _thread_sender(self) -> Sender:
        own = getattr(self._local, "sender", None)
        if own is None:
            own = Sender(self.timeout, parallel=1)
            self._local.sender = own
            with self._all_lock:
                self._all.append(own)
        return own

    def post_many(self, peer: Peer, bodies: Sequence[bytes]) -> list[SendResult]:
        if len(bodies) <= 1 or self.parallel <= 1:
            return [self.post(peer, body) for body in bodies]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="exchange-send")
        return list(self._pool.map(lambda body: self._thread_sender().post(peer, body), bodies))

    def _connection(self, url: urllib.parse.SplitResult) -> http.client.HTTPConnection:
        key = f"{url.scheme}://{url.netloc}"
        conn = self._connections.get(key)
        if conn is None:
            cls = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
            conn = cls(url.hostname or "", url.port, timeout=self.timeout)
            self._connections[key] = conn
        return conn

    def supports_batch(self, peer: Peer) -> bool:
        return self.batch_messages > 1 and peer.url in _batch_urls

    def batch_limit(self, peer: Peer) -> int:
        """Bytes of messages one batch may carry to ``peer``: ours, and below what its endpoint accepts."""
        return min(self.batch_bytes, _batch_urls.get(peer.url, self.batch_bytes) - 64 * 1024)

    def _request(
        self, peer: Peer, body: bytes, content_type: str, extra: dict[str, str], limit: int
    ) -> tuple[int, bytes] | SendResult:
        """POST ``body``; (HTTP status, answer) or a failed SendResult when no answer came."""
        url = urllib.parse.urlsplit(peer.url)
        headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **extra}
        path = url.path or ENDPOINT_PATH
        for fresh_connection in (False, True):
            conn = self._connection(url)
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                answer = response.read(limit)
                if response.getheader("Connection", "").lower() == "close":
                    self.close_one(url)
            except (OSError, http.client.HTTPException) as exc:
                self.close_one(url)
                if not fresh_connection and isinstance(exc, http.client.RemoteDisconnected | BrokenPipeError):
                    continue  # a kept-alive connection the server had closed: try once on a new one
                return SendResult(False, f"{type(exc).__name__}: {exc}")
            limit = batch.parse_capability(response.getheader(batch.CAPABILITY_HEADER))
            if limit:
                _batch_urls[peer.url] = limit
            else:
                _batch_urls.pop(peer.url, None)
            return response.status, answer
        return SendResult(False, "unreachable")

    def post(self, peer: Peer, body: bytes) -> SendResult:
        got = self._request(peer, body, CONTENT_TYPE, {keys.SIGNATURE_HEADER: keys.sign(body)}, 4096)
        if isinstance(got, SendResult):
            return got
        status, answer = got
        if 200 <= status < 300:
            return SendResult(True)
        return SendResult(False, f"HTTP {status}: {answer[:300].decode('utf-8', 'replace')}")

    def post_batch(self, peer: Peer, bodies: Sequence[bytes]) -> list[SendResult]:
        """One request for ``bodies`` (each signed on its own); one result per message."""
        data = batch.encode([(body, keys.sign(body)) for body in bodies])
        got = self._request(peer, data, batch.CONTENT_TYPE, {}, 1024 * 1024)
        if isinstance(got, SendResult):
            return [got] * len(bodies)
        status, answer = got
        if status != 200:
            _batch_urls.pop(peer.url, None)  # an older receiver, say: the next attempt goes one by one
            failed = SendResult(False, f"HTTP {status}: {answer[:300].decode('utf-8', 'replace')}")
            return [failed] * len(bodies)
        try:
            results = batch.decode_results(answer, len(bodies))
        except batch.BatchError as exc:
            return [SendResult(False, str(exc))] * len(bodies)
        return [
            SendResult(True) if 200 <= code < 300 else SendResult(False, f"HTTP {code}: {note[:300]}")
            for code, note in results
        ]

    def close_one(self, url: urllib.parse.SplitResult) -> None:
        conn = self._connections.pop(f"{url.scheme}://{url.netloc}", None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        for conn in self._connections.values():
            conn.close()
        self._connections.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        for other in self._all:
            other.close()
        self._all.clear()


def _body(row: OutboxMessage) -> bytes:
    if row.stored is not None:
        with storage.open_stored(row.stored) as handle:
            return handle.read()
    return bytes(row.payload)


def _claim(peer: Peer, now: dt.datetime) -> bool:
    return bool(
        Peer.objects.filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now), pk=peer.pk).update(
            lease_until=now + dt.timedelta(seconds=LEASE_SECONDS)
        )
    )


def _release(peer: Peer) -> None:
    Peer.objects.filter(pk=peer.pk).update(lease_until=None)


def _size(row: OutboxMessage) -> int:
    return row.stored.size if row.stored is not None else len(row.payload)


def _window(
    rows: Sequence[OutboxMessage], now: dt.datetime, size: int, max_bytes: int | None = None
) -> list[OutboxMessage]:
    """The next messages that may travel together: due, at most ``size`` (and ``max_bytes``, though the first
    always goes), and a barrier message alone."""
    window: list[OutboxMessage] = []
    total = 0
    for row in rows[:size]:
        if row.next_attempt_at > now or (row.barrier and window):
            break
        total += _size(row)
        if max_bytes is not None and window and total > max_bytes:
            break
        window.append(row)
        if row.barrier:
            break
    return window


def _post_all(sender: Poster, peer: Peer, bodies: list[bytes], batched: bool = False) -> list[SendResult]:
    if batched and len(bodies) > 1:
        return list(sender.post_batch(peer, bodies))  # type: ignore[attr-defined]
    post_many = getattr(sender, "post_many", None)
    if post_many is not None:
        return list(post_many(peer, bodies))
    return [sender.post(peer, body) for body in bodies]


def deliver_peer(
    peer: Peer, *, sender: Poster, rows_at_once: int = 200, budget_seconds: float = 30.0
) -> int | None:
    """Send this peer's due messages oldest first, a window at a time; stop at the first failure.

    Returns how many were delivered, or ``None`` when another worker holds the peer. Nothing is sent while an
    older message waits for its next attempt; a barrier message (recall, update, replacement) goes alone once
    everything before it was delivered, so it never overtakes the document it concerns.
    """
    now = timezone.now()
    if not _claim(peer, now):
        return None
    delivered = 0
    started = time.monotonic()
    supports_batch = getattr(sender, "supports_batch", None)
    try:
        while time.monotonic() - started < budget_seconds:
            rows = list(
                OutboxMessage.objects.filter(peer=peer, delivered_at__isnull=True)
                .select_related("stored")
                .order_by("id")[:rows_at_once]
            )
            if not rows:
                return delivered
            position = 0
            while position < len(rows):
                # Decided per window: the first answer of a Công Văn peer says it takes batches.
                batched = bool(supports_batch and supports_batch(peer))
                if batched:
                    size = max(1, getattr(sender, "batch_messages", BATCH_MESSAGES))
                    limit = getattr(sender, "batch_limit", None)
                    max_bytes = limit(peer) if limit else BATCH_BYTES
                else:
                    size, max_bytes = max(1, getattr(sender, "parallel", 1)), None
                window = _window(rows[position:], timezone.now(), size, max_bytes)
                if not window:
                    return delivered  # the head of the queue waits for its next attempt: keep the order
                results = _post_all(sender, peer, [_body(row) for row in window], batched)
                now = timezone.now()
                ok = [row.pk for row, result in zip(window, results, strict=True) if result.ok]
                if ok:
                    OutboxMessage.objects.filter(pk__in=ok).update(
                        delivered_at=now, attempts=F("attempts") + 1, last_error=""
                    )
                    delivered += len(ok)
                failed = [(row, result) for row, result in zip(window, results, strict=True) if not result.ok]
                # One statement per (attempts, error): a dropped batch is a hundred rows with the same story.
                groups: dict[tuple[int, str], list[int]] = {}
                for row, result in failed:
                    groups.setdefault((row.attempts + 1, result.error[:2000]), []).append(row.pk)
                for (attempts, error), pks in groups.items():
                    OutboxMessage.objects.filter(pk__in=pks).update(
                        attempts=attempts,
                        next_attempt_at=now + dt.timedelta(seconds=backoff_seconds(attempts)),
                        last_error=error,
                    )
                    log.info(
                        "exchange: %d message(s) to %s failed (%s), attempt %d",
                        len(pks),
                        peer,
                        error,
                        attempts,
                    )
                if failed:
                    return delivered
                position += len(window)
        return delivered
    finally:
        _release(peer)


@dataclass
class Pass:
    delivered: int = 0
    held: int = 0  # peers another worker was sending to


def deliver_pass(*, sender: Poster | None = None) -> Pass:
    """One pass over every peer with a due message."""
    own = Sender() if sender is None else None
    sender = own or sender
    assert sender is not None
    result = Pass()
    try:
        due_peers = (
            OutboxMessage.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=timezone.now())
            .values_list("peer_id", flat=True)
            .distinct()
        )
        for peer in Peer.objects.filter(pk__in=list(due_peers)):
            count = deliver_peer(peer, sender=sender)
            if count is None:
                result.held += 1
            else:
                result.delivered += count
        return result
    finally:
        if own is not None:
            own.close()


def deliver_due(*, sender: Poster | None = None) -> int:
    """One pass; how many messages were delivered."""
    return deliver_pass(sender=sender).delivered


def next_due() -> dt.datetime | None:
    """When the next message can leave: the earliest next attempt among the peers' oldest waiting messages
    (a message behind a failed one waits for that one, whatever its own time)."""
    heads = (
        OutboxMessage.objects.filter(delivered_at__isnull=True)
        .values("peer_id")
        .annotate(first=Min("id"))
        .values_list("first", flat=True)
    )
    return OutboxMessage.objects.filter(pk__in=list(heads)).aggregate(at=Min("next_attempt_at"))["at"]


def deliver_outbox_run() -> int:
    """What the task does: one pass; when messages still wait, enqueue the task for the earliest next attempt.
    A run that found a peer held by another worker does not (that worker's run does)."""
    result = deliver_pass()
    at = next_due()
    if at is not None and not result.held:
        deliver_outbox.using(run_after=max(at, timezone.now())).enqueue()
    return result.delivered


@task()
def deliver_outbox() -> int:
    """The task the worker (``congvan worker``) runs after each change that wrote to the outbox."""
    return deliver_outbox_run()


def run_loop(*, interval: float = 0.2, stop_after: float | None = None) -> None:
    """The periodic mode (``congvan exchange-worker``): drain the outbox, sleep, repeat."""
    sender = Sender()
    started = time.monotonic()
    try:
        while stop_after is None or time.monotonic() - started < stop_after:
            try:
                sent = deliver_due(sender=sender)
            except (OSError, socket.error) as exc:  # noqa: UP024
                log.warning("exchange worker: %s", exc)
                sent = 0
            if not sent:
                time.sleep(interval)
    finally:
        sender.close()
