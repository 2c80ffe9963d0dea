"""Statuses between a recipient and the sender (QCVN 102:2016 StatusCode; Điều 22; Phụ lục VI III.8).

A recipient's change (arrival 01, refusal 02, registration 03, direction 04, progress 05, completion 06, and
the answers to a recall or a change 15/16) reaches the sender's ``Delivery`` row: directly when the sender
lives in this database, as a status message through the outbox when it is another installation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from congvan.documents.models import Document, Event
from congvan.orgs.models import Organization

from .edxml_mapping import status_of
from .models import Delivery, IncomingOrigin, Peer, Status
from .outbox import put_statuses

# Statuses only move forward: a late or repeated message never takes a delivery back (retries reorder nothing
# within one peer, but a status may cross a recall).
RANK: dict[str, int] = {
    "": 0,
    Status.DELIVERED: 1,
    Status.REGISTERED: 2,
    Status.REFUSED: 2,
    Status.DIRECTED: 3,
    Status.IN_PROGRESS: 4,
    Status.DONE: 5,
    Status.RECALL_REQUESTED: 6,
    Status.RECALL_AGREED: 7,
    Status.RECALL_REFUSED: 7,
}


def may_move(current: str, new: str) -> bool:
    if new == Status.RECALL_REQUESTED:
        return True
    if new in (Status.DIRECTED, Status.IN_PROGRESS) and current == new:
        return True  # directed again, more progress: the time and description change
    return RANK.get(new, 0) > RANK.get(current, 0)


def update_deliveries(deliveries: Sequence[Delivery], code: str, description: str, at: dt.datetime) -> int:
    changed = 0
    for d in deliveries:
        if may_move(d.status, code):
            Delivery.objects.filter(pk=d.pk).update(status=code, status_at=at, description=description)
            changed += 1
    return changed


def reply_external(*, incoming: Document, code: str, description: str = "", staff: str = "") -> bool:
    """When ``incoming`` came from another installation, queue the status message for it. True if queued."""
    origin = IncomingOrigin.objects.filter(incoming=incoming).select_related("peer").first()
    if origin is None or origin.peer is None:
        return False
    put_statuses(
        [
            (
                origin.peer,
                status_of(
                    sender=incoming.owner,
                    code=code,
                    document_id=incoming.document_id,
                    original_organ_id=origin.sender_organ_id,
                    description=description,
                    staff=staff,
                ),
                incoming,
            )
        ]
    )
    return True


def notify_sender(
    *,
    recipient: Organization,
    document_id: str,
    issuer_code: str,
    code: str,
    description: str = "",
    peer: Peer | None = None,
) -> None:
    """Tell the issuer of ``document_id`` what ``recipient`` did: the sender's delivery row here, or a status
    message to ``peer`` when the issuer is served by another installation."""
    if peer is not None:
        put_statuses(
            [
                (
                    peer,
                    status_of(
                        sender=recipient,
                        code=code,
                        document_id=document_id,
                        original_organ_id=issuer_code,
                        description=description,
                    ),
                    None,
                )
            ]
        )
        return
    deliveries = list(
        Delivery.objects.filter(
            outgoing__document_id=document_id, outgoing__owner__code=issuer_code, recipient=recipient
        )
    )
    update_deliveries(deliveries, code, description, timezone.now())


@dataclass(frozen=True)
class StatusArrival:
    """A status message from another installation, as applied here."""

    sender_organ_id: str
    document_id: str
    code: str
    description: str = ""


def apply_incoming_status(
    *, sender_organ_id: str, document_id: str, code: str, description: str, at: dt.datetime | None
) -> int:
    """A status message from another installation: the matching delivery rows of our outgoing document move
    forward, and the sender's audit log records the status. Returns how many rows moved."""
    return apply_incoming_statuses([StatusArrival(sender_organ_id, document_id, code, description)])


def apply_incoming_statuses(arrivals: Sequence[StatusArrival]) -> int:
    """Status messages in the order they arrived, with a few statements for all of them (a batch of 01s):
    each delivery row moves forward as ``may_move`` allows, one event per status and delivery."""
    if not arrivals:
        return 0
    rows = Delivery.objects.filter(
        outgoing__document_id__in={a.document_id for a in arrivals},
        recipient__code__in={a.sender_organ_id for a in arrivals},
        outgoing__direction="out",
    ).select_related("outgoing", "recipient")
    by_pair: dict[tuple[str, str], list[Delivery]] = {}
    for d in rows:
        by_pair.setdefault((d.outgoing.document_id, d.recipient.code), []).append(d)
    now = timezone.now()
    moved: dict[int, Delivery] = {}
    events = []
    for a in arrivals:
        for d in by_pair.get((a.document_id, a.sender_organ_id), []):
            if may_move(d.status, a.code):
                d.status, d.description = a.code, a.description
                moved[d.pk] = d
            # Every status that arrived is in the history, also one that came after a later one (messages to
            # a peer travel side by side) and so left the delivery row where it was.
            events.append(
                Event(
                    document=d.outgoing,
                    organization_id=d.outgoing.owner_id,
                    action=f"status_{a.code}",
                    comment=f"{a.sender_organ_id}: {a.description}".strip(": ")[:2000],
                    at=now,
                )
            )
    groups: dict[tuple[str, str], list[int]] = {}
    for d in moved.values():
        groups.setdefault((d.status, d.description), []).append(d.pk)
    for (code, description), pks in groups.items():
        Delivery.objects.filter(pk__in=pks).update(status=code, status_at=now, description=description)
    Event.objects.bulk_create(events)
    return len(moved)
