"""Versions and consultations in the REST API (/api/v1/): the same services and rules as the pages.

Mounted on the main API object in ``congvan.api.urls`` (``api.add_router("/", router)``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from congvan.api.common import actor_of as _actor
from congvan.documents.errors import InvalidInput, NotFound
from congvan.documents.services import get_document_for
from congvan.orgs.models import Membership
from congvan.web.views import client_ip

from . import diff, selectors, services, summary
from .models import Consultation, Opinion, Version

router = Router(tags=["dự thảo"])


class VersionOut(Schema):
    number: int
    author: str | None
    created_at: dt.datetime
    reason: str
    restored_from: int | None
    changes: list[str]
    digest: str
    signed_at: dt.datetime | None


class VersionDetailOut(VersionOut):
    fields: dict[str, Any]
    body: str
    attachments: list[dict[str, Any]]


def version_out(v: Version, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": v.number,
        "author": (v.author.get_full_name() or v.author.get_username()) if v.author else None,
        "created_at": v.created_at,
        "reason": v.reason,
        "restored_from": v.restored_from,
        "changes": v.changes,
        "digest": v.digest,
        "signed_at": v.signed_at,
    }
    if full:
        out.update(fields=v.fields, body=v.body, attachments=v.attachments)
    return out


class PieceOut(Schema):
    kind: str
    text: str


class RowOut(Schema):
    left: list[PieceOut]
    right: list[PieceOut]
    changed: bool


class FieldChangeOut(Schema):
    key: str
    old: Any
    new: Any


class CompareOut(Schema):
    a: int
    b: int
    fields: list[FieldChangeOut]
    attachments_added: list[dict[str, Any]]
    attachments_removed: list[dict[str, Any]]
    words_added: int
    words_removed: int
    rows: list[RowOut]


@router.get("/documents/{doc_id}/versions", response=list[VersionOut])
def versions(request: HttpRequest, doc_id: int) -> list[dict[str, Any]]:
    """Every saved version of the draft, newest first."""
    document = get_document_for(_actor(request), doc_id)
    return [version_out(v) for v in selectors.versions_of(document)]


@router.get("/documents/{doc_id}/versions/compare", response=CompareOut)
def compare(request: HttpRequest, doc_id: int, a: int, b: int) -> dict[str, Any]:
    """Two versions side by side: fields, attachments added or removed, the body word by word."""
    document = get_document_for(_actor(request), doc_id)
    va, vb = services.version_get(document, a), services.version_get(document, b)
    result = diff.compare(
        old_fields=va.fields,
        new_fields=vb.fields,
        old_body=va.body,
        new_body=vb.body,
        old_attachments=va.attachments,
        new_attachments=vb.attachments,
    )
    return {
        "a": a,
        "b": b,
        "fields": [{"key": c.key, "old": c.old, "new": c.new} for c in result.fields],
        "attachments_added": result.added,
        "attachments_removed": result.removed,
        "words_added": result.words_added,
        "words_removed": result.words_removed,
        "rows": [
            {
                "left": [{"kind": p.kind, "text": p.text} for p in r.left],
                "right": [{"kind": p.kind, "text": p.text} for p in r.right],
                "changed": r.changed,
            }
            for r in result.rows
        ],
    }


@router.get("/documents/{doc_id}/versions/{number}", response=VersionDetailOut)
def version(request: HttpRequest, doc_id: int, number: int) -> dict[str, Any]:
    document = get_document_for(_actor(request), doc_id)
    return version_out(services.version_get(document, number), full=True)


@router.post("/documents/{doc_id}/versions/{number}/restore", response={201: VersionOut})
def restore(request: HttpRequest, doc_id: int, number: int) -> Status:
    """Restore a version as a new one; refused (409) once the document is signed."""
    actor = _actor(request)
    document = get_document_for(actor, doc_id)
    v = services.version_restore(document=document, actor=actor, number=number, ip=client_ip(request))
    return Status(201, version_out(v))


class PartyIn(Schema):
    deadline: dt.date
    user_id: int | None = None
    unit_id: int | None = None
    organization_id: int | None = None


class ConsultationIn(Schema):
    mode: str = "parallel"
    note: str = ""
    parties: list[PartyIn]


class OpinionOut(Schema):
    id: int
    verdict: str
    verdict_label: str
    text: str
    version: int
    author: str | None
    answered_at: dt.datetime
    late: bool
    reply: str
    files: list[dict[str, Any]]


class PartyOut(Schema):
    id: int
    position: int
    kind: str
    name: str
    user_id: int | None
    unit_id: int | None
    organization_id: int | None
    deadline: dt.date
    opened: bool
    answered: bool
    reminders: int
    opinions: list[OpinionOut]


class ConsultationOut(Schema):
    id: int
    document_id: int
    version: int
    mode: str
    note: str
    created_at: dt.datetime
    letter_id: int | None
    parties: list[PartyOut]


def opinion_out(o: Opinion) -> dict[str, Any]:
    return {
        "id": o.pk,
        "verdict": o.verdict,
        "verdict_label": o.get_verdict_display(),
        "text": o.text,
        "version": o.version.number,
        "author": o.author.get_full_name() if o.author else None,
        "answered_at": o.answered_at,
        "late": o.late,
        "reply": o.reply,
        "files": [{"id": f.pk, "name": f.name, "sha256": f.stored.sha256} for f in o.files.all()],
    }


def consultation_out(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "document_id": c.document_id,
        "version": c.version.number,
        "mode": c.mode,
        "note": c.note,
        "created_at": c.created_at,
        "letter_id": c.letter_id,
        "parties": [
            {
                "id": p.pk,
                "position": p.position,
                "kind": "user" if p.user_id else "unit" if p.unit_id else "organization",
                "name": p.name,
                "user_id": p.user_id,
                "unit_id": p.unit_id,
                "organization_id": p.organization_id,
                "deadline": p.deadline,
                "opened": p.opened_at is not None,
                "answered": bool(p.opinions.all()),
                "reminders": p.reminders,
                "opinions": [opinion_out(o) for o in p.opinions.all()],
            }
            for p in c.parties.all()
        ],
    }


def _consultation(actor: Membership, pk: int) -> Consultation:
    return selectors.consultation_for(actor, pk)


@router.get("/documents/{doc_id}/consultations", response=list[ConsultationOut])
def consultations(request: HttpRequest, doc_id: int) -> list[dict[str, Any]]:
    document = get_document_for(_actor(request), doc_id)
    return [consultation_out(c) for c in selectors.consultations_of(document)]


@router.post("/documents/{doc_id}/consultations", response={201: ConsultationOut})
def consultation_create(request: HttpRequest, doc_id: int, payload: ConsultationIn) -> Status:
    """Ask people, units (same organisation) or other organisations (by a "xin ý kiến" letter)."""
    actor = _actor(request)
    document = get_document_for(actor, doc_id)
    c = services.consultation_request(
        document=document,
        actor=actor,
        mode=payload.mode,
        note=payload.note,
        parties=[services.PartySpec(**p.dict()) for p in payload.parties],
        ip=client_ip(request),
    )
    return Status(201, consultation_out(_consultation(actor, c.pk)))


@router.get("/consultations", response=list[ConsultationOut])
def asked(request: HttpRequest) -> list[dict[str, Any]]:
    """The consultations that ask the caller (as a person, a unit member or their organisation)."""
    actor = _actor(request)
    ids = sorted({c.consultation_id for c in selectors.asked_of(actor)})
    return [consultation_out(c) for c in selectors._consultation_qs().filter(pk__in=ids)]


@router.get("/consultations/{pk}", response=ConsultationOut)
def consultation(request: HttpRequest, pk: int) -> dict[str, Any]:
    return consultation_out(_consultation(_actor(request), pk))


class OpinionIn(Schema):
    verdict: str
    text: str = ""
    consultee_id: int | None = None
    version: int | None = None


@router.post("/consultations/{pk}/opinions", response={201: OpinionOut})
def answer(
    request: HttpRequest,
    pk: int,
    payload: Form[OpinionIn],
    files: File[list[UploadedFile]] | None = None,
) -> Status:
    """Answer: verdict 'agree', 'comments' or 'disagree', with text and files (multipart form)."""
    actor = _actor(request)
    o = services.opinion_give(
        consultation=_consultation(actor, pk),
        actor=actor,
        verdict=payload.verdict,
        text=payload.text,
        consultee_id=payload.consultee_id,
        version_number=payload.version,
        files=[services.FileIn(f.name or "", f, f.content_type or "") for f in files or []],
        ip=client_ip(request),
    )
    return Status(201, opinion_out(Opinion.objects.select_related("version", "author").get(pk=o.pk)))


class ReplyIn(Schema):
    reply: str


@router.post("/opinions/{pk}/reply", response=OpinionOut)
def reply(request: HttpRequest, pk: int, payload: ReplyIn) -> dict[str, Any]:
    actor = _actor(request)
    o = (
        Opinion.objects.select_related("consultee__consultation__document__owner", "version", "author")
        .filter(pk=pk)
        .first()
    )
    if o is None:
        raise NotFound(_("Không tìm thấy ý kiến góp ý."))
    services.opinion_reply(opinion=o, actor=actor, reply=payload.reply, ip=client_ip(request))
    return opinion_out(o)


class RemindOut(Schema):
    reminded: int


@router.post("/consultations/{pk}/remind", response=RemindOut)
def remind(request: HttpRequest, pk: int) -> dict[str, int]:
    """Remind the parties who have not answered; the worker sends the reminders."""
    actor = _actor(request)
    return {
        "reminded": services.consultation_remind(
            consultation=_consultation(actor, pk), actor=actor, ip=client_ip(request)
        )
    }


@router.get("/consultations/{pk}/summary", response=dict[str, Any])
def summary_table(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The summary table of opinions (bảng tổng hợp ý kiến) as columns and rows."""
    c = _consultation(_actor(request), pk)
    return {"title": summary.title(c), "columns": summary.columns(), "rows": summary.table(c)}


@router.get("/consultations/{pk}/summary/{kind}")
def summary_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The summary table as 'docx' or 'pdf'."""
    if kind not in summary.WRITERS:
        raise InvalidInput(_("Chỉ có bản PDF hoặc DOCX."), field="kind")
    c = _consultation(_actor(request), pk)
    response = HttpResponse(summary.WRITERS[kind](c), content_type=summary.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="bang-tong-hop-y-kien-{pk}.{kind}"'
    return response
