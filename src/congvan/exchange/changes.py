"""Recall, update and replacement of an issued document (edXML BussinessDocType 1, 2, 3; statuses 13, 15, 16;
Phụ lục VI III.8; Điều 22 khoản 4).

The sender asks; every recipient's clerk agrees (15) or refuses (16). A recall freezes the sender's document at
once (state ``recalled``, III.8.a); an agreed recall destroys the recipient's incoming copy and keeps a
tombstone and an audit event of it (III.8.b–c). An update changes the recipients: new ones receive the document,
removed ones are asked to destroy their copy. A replacement links the old and the new document on both sides.
Recipients in this database and in other installations go through the same ``receive_change``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from congvan.documents.models import Document, Event, Recipient
from congvan.documents.services import _transition
from congvan.orgs.models import Membership, Organization
from congvan.vbhc.edxml import (
    BUSINESS_RECALL,
    BUSINESS_REPLACE,
    BUSINESS_UPDATE,
    BusinessDocumentInfo,
    Receiver,
)
from congvan.vbhc.workflow import Action, Role, State

from .edxml_mapping import business_of, edoc_of
from .models import ChangeRequest, Delivery, IncomingOrigin, Peer, Replacement, Status, Tombstone
from .outbox import put_edoc
from .statuses import notify_sender, update_deliveries

ANSWERING_ROLES = {Role.CLERK, Role.LEADER}
KIND_WORD = {BUSINESS_RECALL: "recall", BUSINESS_UPDATE: "update", BUSINESS_REPLACE: "replace"}


def _event(
    org_id: int,
    action: str,
    *,
    document: Document | None = None,
    actor_id: int | None = None,
    comment: str = "",
    ip: str | None = None,
) -> None:
    Event.objects.create(
        organization_id=org_id,
        document=document,
        actor_id=actor_id,
        action=action,
        comment=comment[:4000],
        at=timezone.now(),
        ip=ip,
    )


# -- the receiving side (internal and edXML alike) ----------------------------------------------------------


def receive_change(
    *,
    kind: int,
    document_id: str,
    issuer_code: str,
    recipients: Sequence[Organization],
    reason: str = "",
    changes: dict[str, Any] | None = None,
    peer: Peer | None = None,
    replacement_document_id: str = "",
) -> list[ChangeRequest]:
    """Put the sender's request before each recipient's clerk (must run in the caller's transaction).

    A recipient without a copy has nothing to destroy or change: the sender is told so at once (15).
    """
    copies: dict[int, Document] = {}
    for copy in Document.objects.filter(
        direction="in", document_id=document_id, issuer_code=issuer_code, owner__in=list(recipients)
    ).order_by("pk"):
        copies.setdefault(copy.owner_id, copy)
    replacements: dict[int, Document] = {}
    if replacement_document_id:
        for copy in Document.objects.filter(
            direction="in",
            document_id=replacement_document_id,
            issuer_code=issuer_code,
            owner__in=list(recipients),
        ).order_by("pk"):
            replacements.setdefault(copy.owner_id, copy)
    now = timezone.now()
    created = []
    for org in recipients:
        found = copies.get(org.pk)
        word = KIND_WORD[kind]
        if found is None:
            _event(org.pk, f"{word}_nothing", comment=f"{document_id}: {reason}")
            notify_sender(
                recipient=org,
                document_id=document_id,
                issuer_code=issuer_code,
                code=Status.RECALL_AGREED,
                description=_("Cơ quan nhận không có văn bản này."),
                peer=peer,
            )
            continue
        created.append(
            ChangeRequest.objects.create(
                organization=org,
                kind=kind,
                incoming=found,
                replacement=replacements.get(org.pk),
                document_id=document_id,
                sender_organ_id=issuer_code,
                reason=reason,
                changes=changes or {},
                created_at=now,
            )
        )
        _event(org.pk, f"{word}_requested", document=found, comment=reason)
    return created


def _destroy(copy: Document, *, actor: Membership, reason: str, ip: str | None) -> None:
    """Destroy an incoming copy (III.8.b) and keep what the recall itself was (III.8.c)."""
    Tombstone.objects.create(
        organization_id=copy.owner_id,
        document_id=copy.document_id,
        number_symbol=copy.number_symbol[:120],
        subject=copy.subject,
        issuer_name=copy.issuer_name,
        arrival_number=copy.arrival_number,
        received_at=copy.received_at,
        destroyed_at=timezone.now(),
        destroyed_by_id=actor.user_id,
        reason=reason,
    )
    _event(
        copy.owner_id,
        "destroyed",
        actor_id=actor.user_id,
        comment=f"{copy.document_id} — {copy.number_symbol} — {copy.subject[:200]}: {reason}",
        ip=ip,
    )
    copy.delete()


UPDATABLE_FIELDS = ("subject", "body", "due_on", "urgency", "place", "signer_name", "signer_title")


def change_answer(
    *, change: ChangeRequest, actor: Membership, agree: bool, note: str = "", ip: str | None = None
) -> ChangeRequest:
    """The receiving clerk agrees (15) or refuses (16) the sender's recall, update or replacement."""
    if change.organization_id != actor.organization_id:
        raise NotFound(_("Không tìm thấy đề nghị."))
    if Role(actor.role) not in ANSWERING_ROLES:
        raise NotAllowed(_("Chỉ văn thư hoặc lãnh đạo cơ quan trả lời đề nghị thu hồi, cập nhật, thay thế."))
    if not agree and not note.strip():
        raise InvalidInput(_("Cần ghi lý do từ chối."), field="note")
    with transaction.atomic():
        change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.answer:
            raise InvalidState(_("Đề nghị này đã được trả lời."))
        copy = change.incoming
        origin = IncomingOrigin.objects.filter(incoming=copy).select_related("peer").first() if copy else None
        peer = origin.peer if origin else None
        word = KIND_WORD[change.kind]
        destroyed = False
        if agree and copy is not None:
            if change.kind == BUSINESS_RECALL or change.changes.get("removed"):
                _destroy(copy, actor=actor, reason=change.reason, ip=ip)
                destroyed = True
            elif change.kind == BUSINESS_UPDATE:
                fields = {k: v for k, v in change.changes.items() if k in UPDATABLE_FIELDS}
                Document.objects.filter(pk=copy.pk).update(**fields)
            elif change.kind == BUSINESS_REPLACE and change.replacement is not None:
                Replacement.objects.create(
                    old=copy, new=change.replacement, old_document_id=change.document_id, at=timezone.now()
                )
                _event(
                    copy.owner_id,
                    "replaces",
                    document=change.replacement,
                    actor_id=actor.user_id,
                    comment=change.document_id,
                    ip=ip,
                )
        _event(
            actor.organization_id,
            f"{word}_{'agreed' if agree else 'refused'}",
            document=None if destroyed else copy,
            actor_id=actor.user_id,
            comment=f"{change.document_id}: {note.strip() or change.reason}",
            ip=ip,
        )
        if destroyed:
            change.incoming = None
        change.answer = ChangeRequest.Answer.AGREED if agree else ChangeRequest.Answer.REFUSED
        change.answer_note = note.strip()
        change.answered_at = timezone.now()
        change.save(update_fields=["answer", "answer_note", "answered_at", "incoming"])
        notify_sender(
            recipient=actor.organization,
            document_id=change.document_id,
            issuer_code=change.sender_organ_id,
            code=Status.RECALL_AGREED if agree else Status.RECALL_REFUSED,
            description=note.strip() or change.reason,
            peer=peer,
        )
    return change


def pending_changes(organization: Organization) -> list[ChangeRequest]:
    return list(
        ChangeRequest.objects.filter(organization=organization, answer=ChangeRequest.Answer.PENDING)
        .select_related("incoming", "replacement")
        .order_by("created_at", "pk")
    )


# -- the sending side ---------------------------------------------------------------------------------------


def _ask(
    document: Document,
    *,
    kind: int,
    deliveries: Sequence[Delivery],
    reason: str,
    changes: dict[str, Any] | None = None,
    message_document: Document | None = None,
    replaces: Sequence[str] = (),
    remaining: Sequence[Organization] = (),
) -> None:
    """Send the request to each delivery's recipient: here through ``receive_change``, elsewhere as an edoc."""
    local = [d.recipient for d in deliveries if d.peer_id is None]
    if local:
        receive_change(
            kind=kind,
            document_id=document.document_id,
            issuer_code=document.owner.code,
            recipients=local,
            reason=reason,
            changes=changes,
            replacement_document_id=message_document.document_id if message_document else "",
        )
    by_peer: dict[int, tuple[Peer, list[Organization]]] = {}
    for d in deliveries:
        if d.peer is not None:
            by_peer.setdefault(d.peer.pk, (d.peer, []))[1].append(d.recipient)
    for peer, orgs in by_peer.values():
        business = business_of(
            kind,
            document_id=document.document_id,
            reason=reason,
            replaces=replaces,
        )
        if kind == BUSINESS_UPDATE:
            business.document_info = BusinessDocumentInfo(
                document_receiver=1, receivers=[Receiver(organ_id=o.code) for o in remaining]
            )
        source = message_document or document
        put_edoc(
            peer=peer,
            message=edoc_of(
                source, recipients=orgs, business=business, with_attachments=kind == BUSINESS_REPLACE
            ),
            document=document,
            summary=f"{KIND_WORD[kind]} {document.document_id}",
            barrier=True,
        )


def _deliveries(document: Document) -> list[Delivery]:
    return list(document.deliveries.select_related("recipient", "peer").order_by("pk"))


def document_recall(*, document: Document, actor: Membership, reason: str, ip: str | None = None) -> Document:
    """Recall an issued document: it is frozen here, each recipient is asked to destroy its copy (13)."""
    if not (reason or "").strip():
        raise InvalidInput(_("Cần ghi lý do thu hồi."), field="reason")
    with transaction.atomic():
        doc = _transition(
            document=document, actor=actor, action=Action.RECALL, target=State.RECALLED, comment=reason, ip=ip
        )
        deliveries = _deliveries(doc)
        update_deliveries(deliveries, Status.RECALL_REQUESTED, reason.strip(), timezone.now())
        _ask(doc, kind=BUSINESS_RECALL, deliveries=deliveries, reason=reason.strip())
    return doc


def _check_sender(document: Document, actor: Membership) -> None:
    if document.owner_id != actor.organization_id:
        raise NotFound(_("Không tìm thấy văn bản."))
    if Role(actor.role) not in ANSWERING_ROLES:
        raise NotAllowed(_("Chỉ văn thư hoặc lãnh đạo cơ quan được cập nhật, thay thế văn bản đã ban hành."))
    if document.state != State.ISSUED:
        raise InvalidState(_("Chỉ cập nhật, thay thế được văn bản đã ban hành."))


def document_update_recipients(
    *,
    document: Document,
    actor: Membership,
    add_organization_ids: Sequence[int] = (),
    remove_organization_ids: Sequence[int] = (),
    reason: str,
    ip: str | None = None,
) -> Document:
    """Change who receives an issued document (business type 2): new recipients receive it, removed ones are
    asked to destroy their copy."""
    from .services import deliver_to

    _check_sender(document, actor)
    if not (reason or "").strip():
        raise InvalidInput(_("Cần ghi lý do cập nhật."), field="reason")
    add = Organization.objects.filter(pk__in=add_organization_ids, is_active=True).exclude(
        pk=document.owner_id
    )
    if len(set(add_organization_ids)) != add.count():
        raise InvalidInput(_("Có nơi nhận không có trong danh bạ cơ quan."), field="recipients")
    with transaction.atomic():
        doc = Document.objects.select_for_update().select_related("owner").get(pk=document.pk)
        deliveries = _deliveries(doc)
        have = {d.recipient_id for d in deliveries}
        new_orgs = [o for o in add if o.pk not in have]
        removed = [d for d in deliveries if d.recipient_id in set(remove_organization_ids)]
        if new_orgs:
            line = Recipient.objects.create(
                document=doc,
                kind=Recipient.Kind.INFO,
                position=doc.recipients.count(),
                text="; ".join(o.name for o in new_orgs)[:500],
            )
            line.organizations.set(new_orgs)
            deliver_to(
                document=doc, recipients=new_orgs, actor_user_id=actor.user_id, business=BUSINESS_UPDATE
            )
        if removed:
            remaining = [d.recipient for d in deliveries if d not in removed] + new_orgs
            update_deliveries(removed, Status.RECALL_REQUESTED, reason.strip(), timezone.now())
            _ask(
                doc,
                kind=BUSINESS_UPDATE,
                deliveries=removed,
                reason=reason.strip(),
                changes={"removed": True},
                remaining=remaining,
            )
        _event(
            doc.owner_id,
            "recipients_updated",
            document=doc,
            actor_id=actor.user_id,
            comment=_("Thêm: %(a)s. Bỏ: %(r)s. %(why)s")
            % {
                "a": ", ".join(o.code for o in new_orgs) or "—",
                "r": ", ".join(d.recipient.code for d in removed) or "—",
                "why": reason.strip(),
            },
            ip=ip,
        )
    return doc


def document_replace(
    *, old: Document, new: Document, actor: Membership, reason: str = "", ip: str | None = None
) -> Replacement:
    """Link an issued document to the one it replaces (business type 3); each recipient of the old one is asked
    to accept the link, and its copy of the new one is related to the old."""
    _check_sender(old, actor)
    _check_sender(new, actor)
    if old.pk == new.pk:
        raise InvalidInput(_("Văn bản không thay thế chính nó."), field="new")
    with transaction.atomic():
        link = Replacement.objects.create(
            old=old, new=new, old_document_id=old.document_id, at=timezone.now()
        )
        _event(old.owner_id, "replaced", document=old, actor_id=actor.user_id, comment=new.document_id, ip=ip)
        _event(new.owner_id, "replaces", document=new, actor_id=actor.user_id, comment=old.document_id, ip=ip)
        _ask(
            old,
            kind=BUSINESS_REPLACE,
            deliveries=_deliveries(old),
            reason=reason.strip(),
            message_document=new,
            replaces=[old.document_id],
        )
    return link
