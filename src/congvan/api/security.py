"""API of issue 9: the audit export, a document's shares, the owner's access alerts (docs/security.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from congvan.documents import access, auditlog
from congvan.documents.errors import NotAllowed
from congvan.orgs.models import Membership
from congvan.orgs.selectors import membership_of
from congvan.web.views import client_ip

router = Router(tags=["quyền truy cập"])


def _actor(request: HttpRequest) -> Membership:
    actor = membership_of(request.user)
    if actor is None:
        raise NotAllowed(_("Tài khoản của bạn chưa được gán vào cơ quan nào."))
    return actor


class ShareIn(Schema):
    user_id: int | None = None
    unit_id: int | None = None


class ShareOut(Schema):
    id: int
    user_id: int | None
    unit_id: int | None
    granted_by_id: int | None
    granted_at: datetime


class AlertOut(Schema):
    id: int
    document_id: int
    change: str
    actor_id: int | None
    at: datetime


def _share_out(share: Any) -> dict[str, Any]:
    return {
        "id": share.pk,
        "user_id": share.user_id,
        "unit_id": share.unit_id,
        "granted_by_id": share.granted_by_id,
        "granted_at": share.granted_at,
    }


@router.get("/audit/export", tags=["nhật ký"], summary="Xuất nhật ký của cơ quan (CSV hoặc XLSX)")
def audit_export(request: HttpRequest, format: str = "csv") -> HttpResponse:
    data, content_type, name = auditlog.audit_export(actor=_actor(request), fmt=format, ip=client_ip(request))
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/documents/{doc_id}/shares", response=list[ShareOut])
def shares(request: HttpRequest, doc_id: int) -> list[dict[str, Any]]:
    document = access.readable_or_404(_actor(request), doc_id)
    return [_share_out(x) for x in access.shares_of(document)]


@router.post("/documents/{doc_id}/shares", response={201: ShareOut})
def share(request: HttpRequest, doc_id: int, payload: ShareIn) -> Status:
    actor = _actor(request)
    document = access.readable_or_404(actor, doc_id)
    created = access.document_share(
        document=document,
        actor=actor,
        user_id=payload.user_id,
        unit_id=payload.unit_id,
        ip=client_ip(request),
    )
    return Status(201, _share_out(created))


@router.delete("/shares/{share_id}", response={204: None})
def unshare(request: HttpRequest, share_id: int) -> Status:
    access.document_unshare(share_id=share_id, actor=_actor(request), ip=client_ip(request))
    return Status(204, None)


@router.get("/access-alerts", response=list[AlertOut])
def alerts(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": a.pk, "document_id": a.document_id, "change": a.change, "actor_id": a.actor_id, "at": a.at}
        for a in access.alerts_for(_actor(request))[:500]
    ]


@router.post("/access-alerts/{alert_id}/confirm", response={204: None})
def confirm(request: HttpRequest, alert_id: int) -> Status:
    access.access_alert_confirm(alert_id=alert_id, actor=_actor(request), ip=client_ip(request))
    return Status(204, None)
