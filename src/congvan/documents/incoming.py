"""Writes on incoming documents: registration with an arrival number, or refusal (Điều 20–22)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Action, State

from .errors import Duplicate, InvalidInput
from .models import Document
from .permissions import check_transition
from .services import _locked, _transition, register_take_number, series_for


def find_duplicate(document: Document) -> Document | None:
    """An earlier registered copy with the same document id, or the same number, symbol and issuer (III.1.h)."""
    same = Q()
    if document.document_id:
        same |= Q(document_id=document.document_id)
    if document.number_text and document.symbol:
        same |= Q(
            number_text=document.number_text,
            symbol=document.symbol,
            issuer_name=document.issuer_name,
            issued_on=document.issued_on,
        )
    if not same:
        return None
    return (
        Document.objects.filter(
            same, owner_id=document.owner_id, direction="in", arrival_number__isnull=False
        )
        .exclude(pk=document.pk)
        # What the refusal names: no join of the register, no body.
        .only("id", "arrival_number", "registered_at", "number_text", "number", "symbol")
        .order_by("registered_at")
        .first()
    )


def incoming_register(
    *, document: Document, actor: Membership, comment: str = "", ip: str | None = None
) -> Document:
    """The clerk registers an incoming document with the next arrival number; fields are carried over, not retyped.

    One transaction: the document's row read locked and checked, then the register's row locked (the same
    order as an issue), then the duplicate check — under the register's lock, so that two clerks cannot
    register two copies of one document at once — and the step itself on the row already read (issue 10).
    """
    from congvan.exchange.services import report_status

    with transaction.atomic():
        doc = _locked(document)
        check_transition(actor, doc, Action.REGISTER)
        now = timezone.now()
        register, number = register_take_number(
            organization=actor.organization,
            direction="in",
            year=timezone.localtime(now).year,
            series=series_for(doc),
        )
        earlier = find_duplicate(doc)
        if earlier is not None:
            raise Duplicate(
                _("Văn bản này đã được vào sổ: số đến %(n)s ngày %(d)s (%(ns)s). Không vào sổ lần thứ hai.")
                % {
                    "n": earlier.arrival_number,
                    "d": timezone.localtime(earlier.registered_at).strftime("%d/%m/%Y"),
                    "ns": earlier.number_symbol,
                },
                details={"earlier_id": earlier.pk, "arrival_number": earlier.arrival_number},
            )
        doc = _transition(
            document=doc,
            actor=actor,
            action=Action.REGISTER,
            target=State.REGISTERED,
            comment=comment,
            ip=ip,
            register=register,
            arrival_number=number,
            registered_at=now,
            locked=True,
        )
        report_status(incoming=doc)
    return doc


def incoming_refuse(*, document: Document, actor: Membership, reason: str, ip: str | None = None) -> Document:
    """The clerk refuses a document that is not the agency's to handle, or not authentic; the reason goes back."""
    from congvan.exchange.services import report_status

    if not (reason or "").strip():
        raise InvalidInput(_("Cần ghi lý do từ chối."), field="reason")
    with transaction.atomic():
        doc = _transition(
            document=document,
            actor=actor,
            action=Action.REFUSE,
            target=State.REFUSED,
            comment=reason,
            ip=ip,
            refusal_reason=reason.strip(),
        )
        report_status(incoming=doc, description=reason.strip())
    return doc
