"""The signatures of a document in the REST API: GET /api/v1/documents/{id}/signatures.

Mounted on the main API object in ``congvan.api.urls`` (``api.add_router("/", router)``).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from congvan.documents.services import get_document_for
from congvan.orgs.selectors import membership_of

from .services import signed_attachments

router = Router(tags=["chữ ký số"])


class SignatureOut(Schema):
    field: str
    signer: str
    organization: str
    signing_time: dt.datetime | None
    timestamp: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    chain: list[str]
    coverage: str
    modification_level: str
    modified: bool
    changes_after: str
    ok: bool
    summary: str
    reason: str
    location: str


class SignedFileOut(Schema):
    attachment_id: int
    name: str
    ok: bool
    error: str
    signatures: list[SignatureOut]


@router.get("/documents/{doc_id}/signatures", response=list[SignedFileOut])
def document_signatures(request: HttpRequest, doc_id: int) -> list[dict[str, object]]:
    """Each signed PDF of the document and the verification of each of its signatures: validity, signer,
    time, certificate chain, and whether the file changed after signing."""
    actor = membership_of(request.user)
    if actor is None:
        raise HttpError(403, _("Tài khoản của bạn chưa được gán vào cơ quan nào."))
    document = get_document_for(actor, doc_id)
    return [
        {
            "attachment_id": attachment.pk,
            "name": attachment.name,
            "ok": bool(reports) and all(r.ok for r in reports) and not error,
            "error": error,
            "signatures": [
                {**r.to_dict(), "signing_time": r.signing_time, "timestamp": r.timestamp} for r in reports
            ],
        }
        for attachment, reports, error in signed_attachments(document)
    ]
