"""The records in the REST API (/api/v1/): case files, their documents and exports, freezes. Same services,
selectors and permission rules as the pages; mounted on the main API object in ``congvan.api.urls``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from congvan.api.common import actor_of as _actor
from congvan.documents.errors import InvalidInput, NotFound
from congvan.documents.services import get_document_for
from congvan.orgs.models import Membership
from congvan.web.views import client_ip

from . import selectors, services
from .models import CaseFile, FilePlan, Freeze, Rights
from .views import download_response

router = Router(tags=["hồ sơ"])


class CaseFileIn(Schema):
    year: int
    notation: str
    title: str
    unit_id: int | None = None
    responsible_id: int | None = None
    retention_years: int | None = None
    rights: str = Rights.PUBLIC
    description: str = ""
    archive_due_on: dt.date | None = None


class EntryOut(Schema):
    ordinal: int
    document_id: int
    number_symbol: str
    subject: str


class CaseFileOut(Schema):
    id: int
    file_code: str
    year: int
    notation: str
    title: str
    maintenance: str
    rights: str
    archive_due_on: dt.date | None
    archived: bool
    frozen: bool
    documents: list[EntryOut] = []


class DocumentIn(Schema):
    document_id: int


class FreezeIn(Schema):
    kind: str  # document | case_file | plan
    target: int
    reason: str


class FreezeOut(Schema):
    id: int
    target: str
    reason: str
    frozen_at: dt.datetime
    lifted_at: dt.datetime | None


class LiftIn(Schema):
    reason: str = ""


def _out(actor: Membership, cf: CaseFile, *, with_entries: bool = True) -> dict[str, Any]:
    entries = selectors.entries(actor, cf)[0] if with_entries else []
    return {
        "id": cf.pk,
        "file_code": cf.file_code,
        "year": cf.plan.year,
        "notation": cf.notation,
        "title": cf.title,
        "maintenance": cf.maintenance,
        "rights": cf.rights,
        "archive_due_on": cf.due_on,
        "archived": cf.archived_at is not None,
        "frozen": services.case_file_frozen(cf),
        "documents": [
            {
                "ordinal": e.ordinal,
                "document_id": e.document_id,
                "number_symbol": e.document.number_symbol,
                "subject": e.document.subject,
            }
            for e in entries
        ],
    }


@router.get("/case-files", response=list[CaseFileOut])
def case_file_list(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    """The case files of a year's file plan (danh mục hồ sơ)."""
    actor = _actor(request)
    return [_out(actor, cf, with_entries=False) for cf in selectors.case_files(actor, year=year)]


@router.post("/case-files", response={201: CaseFileOut})
def case_file_create(request: HttpRequest, payload: CaseFileIn) -> Status:
    actor = _actor(request)
    data = payload.dict()
    year = data.pop("year")
    cf = services.case_file_create(
        actor=actor, year=year, data=services.CaseFileData(**data), ip=client_ip(request)
    )
    return Status(201, _out(actor, selectors.case_file_for(actor, cf.pk)))


@router.get("/case-files/{pk}", response=CaseFileOut)
def case_file_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = _actor(request)
    return _out(actor, selectors.case_file_for(actor, pk))


@router.post("/case-files/{pk}/documents", response={201: CaseFileOut})
def case_file_add(request: HttpRequest, pk: int, payload: DocumentIn) -> Status:
    """Put a document in the file; it gets the next number inside the file (Phụ lục VI III.4.b)."""
    actor = _actor(request)
    cf = selectors.case_file_for(actor, pk)
    document = get_document_for(actor, payload.document_id)
    services.case_file_add_document(actor=actor, case_file=cf, document=document, ip=client_ip(request))
    return Status(201, _out(actor, cf))


@router.delete("/case-files/{pk}/documents/{document_id}", response=CaseFileOut)
def case_file_remove(request: HttpRequest, pk: int, document_id: int) -> dict[str, Any]:
    actor = _actor(request)
    cf = selectors.case_file_for(actor, pk)
    services.case_file_remove_document(
        actor=actor, case_file=cf, document=get_document_for(actor, document_id), ip=client_ip(request)
    )
    return _out(actor, cf)


@router.get("/case-files/{pk}/export/{kind}")
def case_file_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The case file as one PDF or as XML (Phụ lục VI III.4.g); logged."""
    return download_response(
        services.case_file_export(actor=_actor(request), case_file_id=pk, kind=kind, ip=client_ip(request))
    )


@router.get("/file-plans/{year}/catalogue")
def catalogue(request: HttpRequest, year: int, format: str = "xlsx") -> HttpResponse:  # noqa: A002
    """Mục lục hồ sơ of a year (Phụ lục VI V.6) as XLSX or PDF."""
    return download_response(
        services.catalogue_export(actor=_actor(request), year=year, kind=format, ip=client_ip(request))
    )


def _freeze_out(row: Freeze) -> dict[str, Any]:
    return {
        "id": row.pk,
        "target": row.target_label,
        "reason": row.reason,
        "frozen_at": row.frozen_at,
        "lifted_at": row.lifted_at,
    }


@router.post("/freezes", response={201: FreezeOut})
def freeze_create(request: HttpRequest, payload: FreezeIn) -> Status:
    """Freeze a document, a case file or a year's plan (administrator; Phụ lục VI IV.1.g); logged."""
    actor = _actor(request)
    if payload.kind == "document":
        row = services.freeze(
            actor=actor,
            reason=payload.reason,
            document=get_document_for(actor, payload.target),
            ip=client_ip(request),
        )
    elif payload.kind == "case_file":
        row = services.freeze(
            actor=actor,
            reason=payload.reason,
            case_file=selectors.case_file_for(actor, payload.target),
            ip=client_ip(request),
        )
    elif payload.kind == "plan":
        file_plan = FilePlan.objects.filter(pk=payload.target, organization_id=actor.organization_id).first()
        if file_plan is None:
            raise NotFound(_("Không tìm thấy danh mục hồ sơ."))
        row = services.freeze(actor=actor, reason=payload.reason, plan=file_plan, ip=client_ip(request))
    else:
        raise InvalidInput(_("Đối tượng đóng băng không hợp lệ."), field="kind")
    return Status(201, _freeze_out(row))


@router.post("/freezes/{pk}/lift", response=FreezeOut)
def freeze_lift(request: HttpRequest, pk: int, payload: LiftIn) -> dict[str, Any]:
    actor = _actor(request)
    row = Freeze.objects.filter(pk=pk, organization_id=actor.organization_id).first()
    if row is None:
        raise NotFound(_("Không tìm thấy đối tượng cần đóng băng."))
    return _freeze_out(
        services.unfreeze(actor=actor, freeze_row=row, reason=payload.reason, ip=client_ip(request))
    )
