"""Delivering issued documents and receiving them, and carrying statuses back to the sender."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from congvan.documents.models import Attachment, Document, Event, Recipient, Reference
from congvan.documents.signals import documents_bulk_created
from congvan.orgs.models import Organization
from congvan.vbhc.workflow import STATUS_OF_STATE, State

from .envelope import Envelope, EnvelopeFile, EnvelopeReference
from .models import Delivery, Status


def envelope_of(document: Document) -> Envelope:
    """The envelope an issued outgoing document travels in."""
    return Envelope(
        document_id=document.document_id,
        issuer_code=document.owner.code,
        issuer_name=document.owner.name,
        doc_type=document.doc_type,
        number_text=document.number_display,
        symbol=document.symbol,
        issued_on=document.issued_on,
        place=document.place,
        subject=document.subject,
        body=document.body,
        urgency=document.urgency,
        confidentiality=document.confidentiality,
        signer_name=document.signer_name,
        signer_title=document.signer_title,
        signing_authority=document.signing_authority,
        due_on=document.due_on,
        source_document_pk=document.pk,
        references=tuple(
            EnvelopeReference(
                number=r.number, symbol=r.symbol, date=r.date, kind=r.kind, issuer_name=r.issuer_name
            )
            for r in document.references.all()
        ),
        files=tuple(
            EnvelopeFile(name=a.name, stored_file_id=a.stored_id, content_type=a.content_type)
            for a in document.attachments.all()
        ),
    )


def recipient_organizations(document: Document) -> list[Organization]:
    """Every organisation in the directory named in Kính gửi or Nơi nhận, once, without the sender itself."""
    ids = (
        Recipient.organizations.through.objects.filter(recipient__document=document)
        .exclude(organization_id=document.owner_id)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    return list(Organization.objects.filter(pk__in=ids).order_by("pk"))


def receive(
    *,
    envelope: Envelope,
    recipients: Sequence[Organization],
    actor_user_id: int | None = None,
    channel: str = "internal",
) -> list[Document]:
    """Create each recipient's incoming copy of one envelope (state received, status 01).

    Used by internal delivery and by the edXML import alike. Must run inside the caller's transaction.
    """
    return receive_many(
        items=[(envelope, org) for org in recipients], actor_user_id=actor_user_id, channel=channel
    )


def receive_many(
    *,
    items: Sequence[tuple[Envelope, Organization]],
    actor_user_id: int | None = None,
    channel: str = "internal",
) -> list[Document]:
    """Create the incoming copy of each (envelope, recipient) pair with one bulk write per table."""
    now = timezone.now()
    copies = Document.objects.bulk_create(
        Document(
            owner=org,
            direction="in",
            state=State.RECEIVED,
            doc_type=envelope.doc_type,
            number_text=envelope.number_text,
            symbol=envelope.symbol,
            issued_on=envelope.issued_on,
            place=envelope.place,
            subject=envelope.subject,
            body=envelope.body,
            urgency=envelope.urgency,
            confidentiality=envelope.confidentiality,
            signer_name=envelope.signer_name,
            signer_title=envelope.signer_title,
            signing_authority=envelope.signing_authority,
            document_id=envelope.document_id,
            issuer_code=envelope.issuer_code,
            issuer_name=envelope.issuer_name,
            received_at=now,
            source_document_id=envelope.source_document_pk,
            due_on=envelope.due_on,
        )
        for envelope, org in items
    )
    documents_bulk_created.send(sender=Document, ids=[c.pk for c in copies])
    pairs = list(zip(copies, (envelope for envelope, _org in items), strict=True))
    Reference.objects.bulk_create(
        Reference(
            document=copy,
            position=pos,
            number=r.number,
            symbol=r.symbol,
            date=r.date,
            kind=r.kind,
            issuer_name=r.issuer_name,
        )
        for copy, envelope in pairs
        for pos, r in enumerate(envelope.references)
    )
    Attachment.objects.bulk_create(
        Attachment(
            document=copy, stored_id=f.stored_file_id, name=f.name, content_type=f.content_type, position=pos
        )
        for copy, envelope in pairs
        for pos, f in enumerate(envelope.files)
    )
    Event.objects.bulk_create(
        Event(
            document=copy,
            organization_id=copy.owner_id,
            actor_id=actor_user_id,
            action="received",
            to_state=State.RECEIVED,
            comment=channel,
            at=now,
        )
        for copy in copies
    )
    return copies


def deliver_issued(*, document: Document, actor_user_id: int | None) -> list[Delivery]:
    """Deliver an issued document to every recipient organisation: here through ``receive`` (status 01), to
    organisations served by another installation through the outbox (their 01 comes back later)."""
    recipients = recipient_organizations(document)
    if not recipients:
        return []
    return deliver_to(document=document, recipients=recipients, actor_user_id=actor_user_id)


def deliver_to(
    *, document: Document, recipients: Sequence[Organization], actor_user_id: int | None, business: int = 0
) -> list[Delivery]:
    """Deliver ``document`` to ``recipients`` (must run in the caller's transaction)."""
    from .outbox import peers_by_organ

    peers = peers_by_organ() if recipients else {}
    local = [org for org in recipients if org.code not in peers]
    external = [org for org in recipients if org.code in peers]
    now = timezone.now()
    deliveries: list[Delivery] = []
    if local:
        copies = receive(envelope=envelope_of(document), recipients=local, actor_user_id=actor_user_id)
        deliveries += Delivery.objects.bulk_create(
            Delivery(outgoing=document, recipient=org, incoming=copy, status=Status.DELIVERED, status_at=now)
            for org, copy in zip(local, copies, strict=True)
        )
    if external:
        from .transport import send_document

        deliveries += send_document(document=document, recipients=external, peers=peers, business=business)
    if deliveries:
        Event.objects.create(
            document=document,
            organization_id=document.owner_id,
            actor_id=actor_user_id,
            action="delivered",
            comment=str(len(deliveries)),
            at=now,
        )
    return deliveries


def report_status(*, incoming: Document, description: str = "") -> None:
    """Tell the sender what became of its document: the delivery row follows the incoming copy's state, and a
    sender in another installation gets the status message."""
    code = STATUS_OF_STATE.get(State(incoming.state))
    if code is None:
        return
    Delivery.objects.filter(incoming=incoming).update(
        status=code, status_at=timezone.now(), description=description
    )
    from .statuses import reply_external

    reply_external(incoming=incoming, code=code, description=description)
