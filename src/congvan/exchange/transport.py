"""edXML between installations: what leaves (an issued document for organisations served by a peer) and what
arrives at ``POST /exchange/v1/messages`` (signed edoc and status messages).

Arrival is idempotent: an ``InboxReceipt`` with a unique key — (document id, business type, sender) for an
edoc, the status's own identity for a status — is written in the transaction that applies the message, so the
same message twice makes one incoming copy, and a message whose answer was lost can safely be sent again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents.errors import InvalidInput
from congvan.documents.models import Document, Event
from congvan.orgs.models import Organization
from congvan.vbhc.edxml import (
    BUSINESS_NEW,
    BUSINESS_RECALL,
    BUSINESS_REPLACE,
    BUSINESS_UPDATE,
    EdocMessage,
    EdxmlError,
    StatusMessage,
    read_message,
    write_status,
)
from congvan.vbhc.edxml import Organization as EdxmlOrganization
from congvan.vbhc.edxml.values import format_timestamp

from . import keys
from .changes import receive_change
from .edxml_mapping import (
    business_of,
    document_id_of,
    edoc_of,
    envelope_of_edoc,
    envelopes_of_edocs,
    status_of,
)
from .models import Delivery, InboxReceipt, IncomingOrigin, Peer, Status
from .outbox import group_by_peer, put_edoc, put_statuses
from .services import receive, receive_many
from .statuses import StatusArrival, apply_incoming_status, apply_incoming_statuses

log = logging.getLogger(__name__)


# -- leaving ------------------------------------------------------------------------------------------------


def send_document(
    *,
    document: Document,
    recipients: Sequence[Organization],
    peers: dict[str, Peer],
    business: int = BUSINESS_NEW,
) -> list[Delivery]:
    """One edoc per peer (To: the peer's organisations among ``recipients``) into the outbox, and a delivery
    row per organisation, waiting for its 01 (must run in the caller's transaction)."""
    now = timezone.now()
    deliveries = []
    for peer, orgs in group_by_peer(recipients, peers).items():
        message = edoc_of(
            document, recipients=orgs, business=business_of(business, document_id=document.document_id)
        )
        put_edoc(peer=peer, message=message, document=document)
        deliveries += Delivery.objects.bulk_create(
            Delivery(outgoing=document, recipient=org, peer=peer, status="", status_at=now) for org in orgs
        )
    return deliveries


# -- arriving -----------------------------------------------------------------------------------------------


@dataclass
class Answer:
    """What the endpoint answers: an HTTP status and a body (a status message, or a short text)."""

    http_status: int
    body: bytes
    content_type: str = "application/xml"
    note: str = ""


def edoc_key(msg: EdocMessage) -> str:
    kind = (
        msg.business.bussiness_doc_type if msg.business and msg.business.bussiness_doc_type else BUSINESS_NEW
    )
    return f"edoc|{document_id_of(msg)}|{kind}|{msg.sender.organ_id or ''}"


def status_key(msg: StatusMessage) -> str:
    resp = msg.response_for
    stamp = format_timestamp(msg.timestamp) if msg.timestamp else ""
    said = hashlib.sha256((msg.description or "").encode()).hexdigest()[:16]
    return f"status|{resp.document_id if resp else ''}|{msg.sender.organ_id or ''}|{msg.status_code}|{stamp}|{said}"


def _local_recipients(msg: EdocMessage, peers: dict[str, Peer]) -> list[Organization]:
    codes = [o.organ_id for o in msg.recipients if o.organ_id and o.organ_id not in peers]
    return list(Organization.objects.filter(code__in=codes, is_active=True).order_by("pk"))


def _refusal(reason: str, *, http_status: int, to_organ_id: str | None, about: str | None) -> Answer:
    """A signed status 02 telling the sender why its message was refused."""
    from congvan.vbhc.edxml import ResponseFor

    message = StatusMessage(
        sender=EdxmlOrganization(organ_id=to_organ_id or "unknown"),
        status_code=Status.REFUSED,
        response_for=ResponseFor(document_id=about) if about else None,
        description=reason,
        timestamp=timezone.now(),
    )
    return Answer(http_status, write_status(message), note=reason)


def _log_refusal(orgs: Sequence[Organization], reason: str, ip: str | None) -> None:
    now = timezone.now()
    Event.objects.bulk_create(
        Event(organization=o, action="exchange_refused", comment=reason[:4000], at=now, ip=ip) for o in orgs
    )
    log.warning("exchange: refused a message: %s", reason)


def accept(body: bytes, signature: str | None, *, ip: str | None = None) -> Answer:
    """Verify, read and apply one message from another installation."""
    try:
        msg = read_message(body)
    except EdxmlError as exc:
        return _refusal(str(exc), http_status=400, to_organ_id=None, about=None)
    return _accept_read(msg, body, signature, ip=ip)


def _accept_read(
    msg: EdocMessage | StatusMessage, body: bytes, signature: str | None, *, ip: str | None
) -> Answer:
    peers = _peers()
    sender_id = msg.sender.organ_id or ""
    peer = peers.get(sender_id)
    about = (
        document_id_of(msg)
        if isinstance(msg, EdocMessage)
        else (msg.response_for.document_id if msg.response_for else None)
    )
    if peer is None or not keys.verify(body, signature, peer.public_key):
        reason = (
            _("Chữ ký của thông điệp không đúng (nơi gửi %(s)s).")
            if peer is not None
            else _("Nơi gửi %(s)s không có trong danh sách hệ thống liên thông.")
        ) % {"s": sender_id or "?"}
        if isinstance(msg, EdocMessage):
            orgs = _local_recipients(msg, peers)
        else:
            orgs = list(
                Organization.objects.filter(code=(msg.response_for.organ_id if msg.response_for else ""))
            )
        _log_refusal(orgs, f"{reason} {about or ''}".strip(), ip)
        return _refusal(reason, http_status=403, to_organ_id=orgs[0].code if orgs else None, about=about)
    if isinstance(msg, StatusMessage):
        return _accept_status(msg, peer)
    return _accept_edoc(msg, peer, peers)


def accept_batch(items: Sequence[tuple[bytes, str | None]], *, ip: str | None = None) -> list[Answer]:
    """Several messages of one request (``batch.py``), applied in order in one transaction, each exactly as
    ``accept`` applies a message that came alone. The first message that is not accepted stops the batch: the
    ones after it are answered 503 and not applied, so nothing overtakes it.

    One transaction for the batch is what makes it cheap (one commit, on SQLite one wait for the write lock);
    a receiver killed in the middle commits none of it, and the sender sends it all again. Runs of plain new
    documents and of status messages, the bulk of the traffic, are applied with a few statements per run
    (``_accept_new_edocs``, ``_accept_statuses``); anything else, and a run that meets a concurrent receipt,
    goes through ``accept`` one message at a time."""
    parsed: list[EdocMessage | StatusMessage | EdxmlError] = []
    for body, _signature in items:
        try:
            parsed.append(read_message(body))
        except EdxmlError as exc:
            parsed.append(exc)
    answers: list[Answer] = []
    with transaction.atomic():
        peers = _peers()
        orgs_by_code = _local_orgs_by_code(
            [m for m in parsed if isinstance(m, EdocMessage)],
            peers,
        )
        position = 0
        while position < len(items):
            run = _fast_run(parsed, items, position, peers, orgs_by_code)
            if len(run) > 1:
                applied = _apply_run(run)
                if applied is not None:
                    answers += applied
                    position += len(run)
                    continue
            answer = _accept_one(parsed[position], *items[position], ip=ip)
            answers.append(answer)
            position += 1
            if not 200 <= answer.http_status < 300:
                break
    skipped = Answer(503, b"", "text/plain", note="not applied: an earlier message of the batch was not")
    return answers + [skipped] * (len(items) - len(answers))


def _accept_one(
    msg: EdocMessage | StatusMessage | EdxmlError, body: bytes, signature: str | None, *, ip: str | None
) -> Answer:
    if isinstance(msg, EdxmlError):
        return _refusal(str(msg), http_status=400, to_organ_id=None, about=None)
    try:
        with transaction.atomic():
            return _accept_read(msg, body, signature, ip=ip)
    except Exception as exc:  # noqa: BLE001 (one bad message must not lose the ones before it)
        log.exception("exchange: a message of a batch failed")
        return Answer(500, b"error", "text/plain", note=type(exc).__name__)


@dataclass
class _Plain:
    """A message of a batch that may be applied in bulk: signature checked, addressed here."""

    msg: EdocMessage | StatusMessage
    peer: Peer
    key: str
    orgs: list[Organization]


def _local_orgs_by_code(msgs: Sequence[EdocMessage], peers: dict[str, Peer]) -> dict[str, Organization]:
    codes = {o.organ_id for m in msgs for o in m.recipients if o.organ_id and o.organ_id not in peers}
    if not codes:
        return {}
    return {o.code: o for o in Organization.objects.filter(code__in=codes, is_active=True)}


def _plain(
    msg: EdocMessage | StatusMessage | EdxmlError,
    body: bytes,
    signature: str | None,
    peers: dict[str, Peer],
    orgs_by_code: dict[str, Organization],
) -> _Plain | None:
    """The message as a plain arrival or status, or None when it needs the one-by-one path."""
    if isinstance(msg, EdxmlError):
        return None
    peer = peers.get(msg.sender.organ_id or "")
    if peer is None or not keys.verify(body, signature, peer.public_key):
        return None
    if isinstance(msg, StatusMessage):
        if msg.response_for is None or not msg.response_for.document_id:
            return None
        return _Plain(msg, peer, status_key(msg)[:600], [])
    if msg.business and msg.business.bussiness_doc_type not in (None, BUSINESS_NEW):
        return None
    if not document_id_of(msg):
        return None
    codes = {o.organ_id for o in msg.recipients if o.organ_id and o.organ_id not in peers}
    orgs = sorted((orgs_by_code[c] for c in codes if c in orgs_by_code), key=lambda o: o.pk)
    if not orgs:
        return None
    return _Plain(msg, peer, edoc_key(msg)[:600], orgs)


def _fast_run(
    parsed: Sequence[EdocMessage | StatusMessage | EdxmlError],
    items: Sequence[tuple[bytes, str | None]],
    start: int,
    peers: dict[str, Peer],
    orgs_by_code: dict[str, Organization],
) -> list[_Plain]:
    """The longest run from ``start`` of plain messages of one kind (all arrivals or all statuses)."""
    run: list[_Plain] = []
    for position in range(start, len(items)):
        plain = _plain(parsed[position], *items[position], peers, orgs_by_code)
        if plain is None or (run and type(plain.msg) is not type(run[0].msg)):
            break
        run.append(plain)
    return run


def _apply_run(run: list[_Plain]) -> list[Answer] | None:
    """Apply a run in bulk inside a savepoint; None when a receipt collided with a concurrent request (the
    savepoint is rolled back and the caller goes one by one, which answers those as duplicates)."""
    existing = set(InboxReceipt.objects.filter(key__in=[p.key for p in run]).values_list("key", flat=True))
    fresh: list[_Plain] = []
    answers: list[Answer] = []
    for plain in run:
        if plain.key in existing:
            answers.append(DUPLICATE)
        else:
            existing.add(plain.key)  # the same message twice in one batch is a duplicate too
            fresh.append(plain)
            answers.append(OK)
    if not fresh:
        return answers
    now = timezone.now()
    kind = "status" if isinstance(fresh[0].msg, StatusMessage) else "edoc"
    try:
        with transaction.atomic():
            InboxReceipt.objects.bulk_create(
                InboxReceipt(key=p.key, kind=kind, peer=p.peer, received_at=now) for p in fresh
            )
            if kind == "status":
                _accept_statuses(fresh)
            else:
                _accept_new_edocs(fresh)
    except IntegrityError:
        return None
    return answers


def _accept_new_edocs(run: list[_Plain]) -> None:
    """New documents: the copies through ``receive`` (one bulk write per table for the whole run), their
    origin, and the 01s back."""
    msgs = [plain.msg for plain in run]
    assert all(isinstance(m, EdocMessage) for m in msgs)
    entries = list(zip(run, envelopes_of_edocs(msgs), strict=True))  # type: ignore[arg-type]
    copies = receive_many(
        items=[(envelope, org) for plain, envelope in entries for org in plain.orgs], channel="edxml"
    )
    sources = [(plain, envelope, org) for plain, envelope in entries for org in plain.orgs]
    IncomingOrigin.objects.bulk_create(
        IncomingOrigin(
            incoming=copy,
            peer=plain.peer,
            sender_organ_id=(plain.msg.sender.organ_id or "")[:32],
            sender_name=(plain.msg.sender.organ_name or "")[:255],
        )
        for copy, (plain, _envelope, _org) in zip(copies, sources, strict=True)
    )
    put_statuses(
        [
            (
                plain.peer,
                status_of(
                    sender=org,
                    code=Status.DELIVERED,
                    document_id=envelope.document_id,
                    original_organ_id=envelope.issuer_code,
                ),
                copy,
            )
            for copy, (plain, envelope, org) in zip(copies, sources, strict=True)
        ]
    )


def _accept_statuses(run: list[_Plain]) -> None:
    entries = []
    for plain in run:
        msg = plain.msg
        assert isinstance(msg, StatusMessage) and msg.response_for is not None
        entries.append(
            StatusArrival(
                sender_organ_id=msg.sender.organ_id or "",
                document_id=msg.response_for.document_id or "",
                code=msg.status_code,
                description=msg.description or "",
            )
        )
    apply_incoming_statuses(entries)


def _peers() -> dict[str, Peer]:
    from .outbox import peers_by_organ

    return peers_by_organ()


def _claim_receipt(key: str, kind: str, peer: Peer) -> bool:
    """Write the receipt; False when the message was already accepted (the caller's transaction goes on)."""
    try:
        with transaction.atomic():
            InboxReceipt.objects.create(key=key[:600], kind=kind, peer=peer, received_at=timezone.now())
    except IntegrityError:
        return False
    return True


OK = Answer(200, b"accepted", "text/plain")
DUPLICATE = Answer(200, b"duplicate", "text/plain", note="duplicate")


def _accept_status(msg: StatusMessage, peer: Peer) -> Answer:
    resp = msg.response_for
    if resp is None or not resp.document_id:
        return _refusal(
            _("Thông điệp trạng thái thiếu mã định danh văn bản."),
            http_status=400,
            to_organ_id=None,
            about=None,
        )
    with transaction.atomic():
        if not _claim_receipt(status_key(msg), "status", peer):
            return DUPLICATE
        apply_incoming_status(
            sender_organ_id=msg.sender.organ_id or "",
            document_id=resp.document_id,
            code=msg.status_code,
            description=msg.description or "",
            at=msg.timestamp,
        )
    return OK


def _accept_edoc(msg: EdocMessage, peer: Peer, peers: dict[str, Peer]) -> Answer:
    orgs = _local_recipients(msg, peers)
    document_id = document_id_of(msg)
    if not orgs:
        return _refusal(
            _("Không có cơ quan nhận nào thuộc hệ thống này."),
            http_status=422,
            to_organ_id=None,
            about=document_id,
        )
    if not document_id:
        return _refusal(
            _("Văn bản thiếu mã định danh."), http_status=400, to_organ_id=orgs[0].code, about=None
        )
    kind = (
        msg.business.bussiness_doc_type if msg.business and msg.business.bussiness_doc_type else BUSINESS_NEW
    )
    if InboxReceipt.objects.filter(key=edoc_key(msg)[:600]).exists():
        return DUPLICATE  # answered before writing the attachments again
    envelope = envelope_of_edoc(msg) if kind in (BUSINESS_NEW, BUSINESS_UPDATE, BUSINESS_REPLACE) else None
    sender_code = msg.sender.organ_id or ""
    reason = (msg.business.bussiness_doc_reason if msg.business else None) or ""
    with transaction.atomic():
        if not _claim_receipt(edoc_key(msg), "edoc", peer):
            return DUPLICATE
        if kind == BUSINESS_NEW:
            assert envelope is not None
            _receive_copies(envelope, orgs, peer, msg)
        elif kind == BUSINESS_RECALL:
            target = (msg.business.document_id if msg.business else None) or document_id
            receive_change(
                kind=BUSINESS_RECALL,
                document_id=target,
                issuer_code=sender_code,
                recipients=orgs,
                reason=reason,
                peer=peer,
            )
        elif kind == BUSINESS_UPDATE:
            assert envelope is not None
            info = msg.business.document_info if msg.business else None
            listed = {r.organ_id for r in info.receivers} if info and info.receivers else None
            removed = [o for o in orgs if listed is not None and o.code not in listed]
            kept = [o for o in orgs if o not in removed]
            have = set(
                Document.objects.filter(
                    direction="in", document_id=document_id, issuer_code=sender_code, owner__in=kept
                ).values_list("owner_id", flat=True)
            )
            new = [o for o in kept if o.pk not in have]
            if new:
                _receive_copies(envelope, new, peer, msg)
            if removed:
                receive_change(
                    kind=BUSINESS_UPDATE,
                    document_id=document_id,
                    issuer_code=sender_code,
                    recipients=removed,
                    reason=reason,
                    changes={"removed": True},
                    peer=peer,
                )
            changed = [o for o in kept if o.pk in have]
            if changed:
                receive_change(
                    kind=BUSINESS_UPDATE,
                    document_id=document_id,
                    issuer_code=sender_code,
                    recipients=changed,
                    reason=reason,
                    peer=peer,
                    changes={
                        "subject": envelope.subject,
                        "body": envelope.body,
                        "due_on": envelope.due_on.isoformat() if envelope.due_on else None,
                        "urgency": envelope.urgency,
                    },
                )
        elif kind == BUSINESS_REPLACE:
            assert envelope is not None and msg.business is not None
            have = set(
                Document.objects.filter(
                    direction="in", document_id=document_id, issuer_code=sender_code, owner__in=orgs
                ).values_list("owner_id", flat=True)
            )
            new = [o for o in orgs if o.pk not in have]
            if new:
                _receive_copies(envelope, new, peer, msg)
            for replaced in msg.business.replacements:
                if replaced.document_id:
                    receive_change(
                        kind=BUSINESS_REPLACE,
                        document_id=replaced.document_id,
                        issuer_code=sender_code,
                        recipients=orgs,
                        reason=reason,
                        peer=peer,
                        replacement_document_id=document_id,
                    )
        else:
            transaction.set_rollback(True)
            return _refusal(
                _("Loại nghiệp vụ không được hỗ trợ."),
                http_status=400,
                to_organ_id=orgs[0].code,
                about=document_id,
            )
    return OK


def _receive_copies(envelope, orgs: list[Organization], peer: Peer, msg: EdocMessage) -> list[Document]:  # type: ignore[no-untyped-def]
    """The incoming copies, through the one receiving path; where they came from; status 01 back at once."""
    copies = receive(envelope=envelope, recipients=orgs, channel="edxml")
    IncomingOrigin.objects.bulk_create(
        IncomingOrigin(
            incoming=copy,
            peer=peer,
            sender_organ_id=(msg.sender.organ_id or "")[:32],
            sender_name=(msg.sender.organ_name or "")[:255],
        )
        for copy in copies
    )
    put_statuses(
        [
            (
                peer,
                status_of(
                    sender=org,
                    code=Status.DELIVERED,
                    document_id=envelope.document_id,
                    original_organ_id=envelope.issuer_code,
                ),
                copy,
            )
            for org, copy in zip(orgs, copies, strict=True)
        ]
    )
    return copies


# -- files (no peer: the clerk imports a message that came by mail or on a disk) ----------------------------


@dataclass
class ImportResult:
    copies: list[Document]
    duplicate: bool = False


def import_edoc(
    msg: EdocMessage, *, organization: Organization, actor_user_id: int | None = None
) -> ImportResult:
    """An edoc message from a file becomes ``organization``'s incoming copy, through the same ``receive`` as
    internal delivery. Importing the same message again creates nothing (III.1.h)."""
    if msg.business and msg.business.bussiness_doc_type not in (None, BUSINESS_NEW):
        raise InvalidInput(
            _("Chỉ nhập được văn bản mới từ tệp; thu hồi, cập nhật, thay thế đến qua trục liên thông.")
        )
    document_id = document_id_of(msg)
    key = f"{edoc_key(msg)}|{organization.code}"
    if InboxReceipt.objects.filter(key=key[:600]).exists():
        return ImportResult([], duplicate=True)
    envelope = envelope_of_edoc(msg)
    with transaction.atomic():
        try:
            with transaction.atomic():
                InboxReceipt.objects.create(key=key[:600], kind="file", received_at=timezone.now())
        except IntegrityError:
            return ImportResult([], duplicate=True)
        copies = receive(
            envelope=envelope, recipients=[organization], actor_user_id=actor_user_id, channel="edxml"
        )
        IncomingOrigin.objects.bulk_create(
            IncomingOrigin(
                incoming=copy,
                peer=None,
                sender_organ_id=(msg.sender.organ_id or "")[:32],
                sender_name=(msg.sender.organ_name or "")[:255],
            )
            for copy in copies
        )
    log.info("exchange: imported %s for %s", document_id, organization.code)
    return ImportResult(copies)
