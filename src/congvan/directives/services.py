"""The leader's direction of an incoming document and the assignee's progress (Điều 22–24, Phụ lục IV mục VII)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents.errors import InvalidInput
from congvan.documents.models import Document
from congvan.documents.services import _transition
from congvan.exchange.services import report_status
from congvan.orgs.models import Membership, Unit
from congvan.vbhc.workflow import Action, State

from .models import Direction, ProgressNote


def incoming_direct(
    *,
    document: Document,
    actor: Membership,
    lead_unit_id: int | None = None,
    lead_user_id: int | None = None,
    co_unit_ids: list[int] | None = None,
    deadline: dt.date | None = None,
    note: str = "",
    ip: str | None = None,
) -> Direction:
    """The leader names who leads, who co-operates and by when (phiếu giải quyết)."""
    org_id = actor.organization_id
    co_unit_ids = [i for i in (co_unit_ids or []) if i != lead_unit_id]
    if lead_unit_id is None and lead_user_id is None:
        raise InvalidInput(_("Cần chọn đơn vị hoặc người chủ trì giải quyết."), field="lead_unit")
    if lead_unit_id is not None and not Unit.objects.filter(pk=lead_unit_id, organization_id=org_id).exists():
        raise InvalidInput(_("Đơn vị chủ trì không thuộc cơ quan."), field="lead_unit")
    if (
        lead_user_id is not None
        and not Membership.objects.filter(user_id=lead_user_id, organization_id=org_id).exists()
    ):
        raise InvalidInput(_("Người chủ trì không thuộc cơ quan."), field="lead_user")
    if co_unit_ids and Unit.objects.filter(pk__in=co_unit_ids, organization_id=org_id).count() != len(
        set(co_unit_ids)
    ):
        raise InvalidInput(_("Đơn vị phối hợp không thuộc cơ quan."), field="co_units")
    if deadline is not None and deadline < timezone.localdate():
        raise InvalidInput(_("Hạn giải quyết không được trước ngày hôm nay."), field="deadline")
    with transaction.atomic():
        doc = _transition(
            document=document,
            actor=actor,
            action=Action.DIRECT,
            target=State.DIRECTED,
            comment=note,
            ip=ip,
            due_on=deadline or document.due_on,
        )
        direction = Direction.objects.create(
            document=doc,
            directed_by=actor.user,
            lead_unit_id=lead_unit_id,
            lead_person_id=lead_user_id,
            deadline=deadline,
            note=note,
        )
        if co_unit_ids:
            direction.co_units.set(co_unit_ids)
        report_status(incoming=doc)
    return direction


def incoming_progress(
    *, document: Document, actor: Membership, text: str, ip: str | None = None
) -> ProgressNote:
    """The assignee records what has been done so far."""
    if not (text or "").strip():
        raise InvalidInput(_("Cần ghi nội dung tiến độ."), field="text")
    with transaction.atomic():
        doc = _transition(
            document=document,
            actor=actor,
            action=Action.PROGRESS,
            target=State.IN_PROGRESS,
            comment=text,
            ip=ip,
        )
        note = ProgressNote.objects.create(document=doc, author=actor.user, text=text.strip())
        report_status(incoming=doc)
    return note


def incoming_complete(
    *,
    document: Document,
    actor: Membership,
    text: str = "",
    reply_document_id: int | None = None,
    ip: str | None = None,
) -> ProgressNote:
    """The assignee records completion, optionally linking the reply document of the same organisation."""
    if (
        reply_document_id is not None
        and not Document.objects.filter(pk=reply_document_id, owner_id=actor.organization_id).exists()
    ):
        raise InvalidInput(_("Văn bản trả lời không thuộc cơ quan."), field="reply_document")
    with transaction.atomic():
        doc = _transition(
            document=document, actor=actor, action=Action.COMPLETE, target=State.DONE, comment=text, ip=ip
        )
        note = ProgressNote.objects.create(
            document=doc,
            author=actor.user,
            text=text.strip() or _("Hoàn thành"),
            done=True,
            reply_document_id=reply_document_id,
        )
        report_status(incoming=doc)
    return note
