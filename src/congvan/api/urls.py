"""The REST API at /api/v1/: the same services and permission rules as the web interface."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import DataError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth

from congvan.directives.api import router as directives_router
from congvan.documents import selectors, services
from congvan.documents.actions import StepInput, document_step
from congvan.documents.errors import DomainError, InvalidInput
from congvan.documents.listing import DocumentRow, DocumentRows, fixed_rows
from congvan.documents.models import Document, Event
from congvan.documents.registers import RegisterRows, incoming_columns, outgoing_columns
from congvan.documents.rendering import format_findings, render_document
from congvan.documents.tokens import token_user
from congvan.drafting.api import router as drafting_router
from congvan.orgs.models import Membership
from congvan.orgs.selectors import directory_sorted, membership_of
from congvan.records.api import router as records_router
from congvan.records.watermark import mark_text, watermark_pdf
from congvan.search.api import router as search_router
from congvan.signatures.api import router as signatures_router
from congvan.web.views import RENDER_TYPES, attachment_file_response, available_actions, client_ip

from . import schemas as s
from .common import actor_of
from .security import router as security_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is not None:
            request.user = user  # type: ignore[assignment]
        return user


api = NinjaAPI(
    title="Công Văn API",
    version="1",
    description="REST API của Công Văn: văn bản đi, văn bản đến, sổ đăng ký, nhật ký. "
    "Xác thực bằng mã truy cập cá nhân (Authorization: Bearer cv_…) hoặc phiên đăng nhập.",
    auth=[TokenAuth(), django_auth],
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc.message), "field": exc.field}, status=exc.status_code
    )


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": exc.errors}, status=422
    )


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A number too large for the database (an id of 30 digits) is bad input, not a server error (issue 9)."""
    return api.create_response(request, {"detail": _("Giá trị số nằm ngoài phạm vi cho phép.")}, status=400)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Cần đăng nhập hoặc mã truy cập hợp lệ.")}, status=401)


def paged(qs: Any, page: int, size: int) -> tuple[Any, dict[str, int]]:
    size = max(1, min(size, 1000))
    if page == 1 and isinstance(qs, DocumentRows):
        qs.read_ahead(size)  # a list that fits in one page is counted without a query
    paginator = Paginator(qs, size)
    current = paginator.get_page(page)
    return current, {"count": paginator.count, "page": current.number, "pages": paginator.num_pages}


def summary(d: Document | DocumentRow, state_labels: dict[str, str] | None = None) -> dict[str, Any]:
    """The fields of s.DocumentSummary, in its order, from a document or a list's plain row (the same values:
    a row carries its owner's name and code as columns). ``state_labels``: the labels of the states met so far
    on a page, by state — translated once per state instead of once per row (gettext was a quarter of a list's
    CPU, issue 10)."""
    if isinstance(d, DocumentRow):
        owner_name, owner_code = d.owner_name, d.owner_code
    else:
        owner_name, owner_code = d.owner.name, d.owner.code
    if state_labels is None:
        state_label = d.state_label
    else:
        state_label = state_labels.get(d.state) or state_labels.setdefault(d.state, d.state_label)
    return {
        "id": d.pk,
        "direction": d.direction,
        "state": d.state,
        "state_label": state_label,
        "doc_type": d.doc_type,
        "type_name": d.type_name,
        "number": d.number_display,
        "symbol": d.symbol,
        "number_symbol": d.number_symbol,
        "issued_on": d.issued_on,
        "subject": d.subject,
        "urgency": d.urgency,
        "confidentiality": d.confidentiality,
        "issuer_name": d.issuer_name or owner_name,
        "issuer_code": d.issuer_code or owner_code,
        "arrival_number": d.arrival_number,
        "document_id": d.document_id,
        "due_on": d.due_on,
    }


def document_page(request: HttpRequest, rows: DocumentRows, page: int, size: int) -> HttpResponse:
    """A page of a document list (s.DocumentPage) read as rows and rendered without validating every row
    through the schema again: its values are already of the schema's types, and the validation and the model
    objects were most of a list request's cost (issue 10). The same JSON, byte for byte."""
    current, meta = paged(rows, page, size)
    labels: dict[str, str] = {}
    return api.create_response(
        request, {**meta, "items": [summary(r, labels) for r in current.object_list]}, status=200
    )


def detail(actor: Membership, d: Document) -> dict[str, Any]:
    """The detail of a document read with its owner: the related rows as values (selectors.document_detail_rows)."""
    rows = selectors.document_detail_rows(d)
    return {
        **summary(d),
        "body": d.body,
        "place": d.place,
        "signer_name": d.signer_name,
        "signer_title": d.signer_title,
        "signing_authority": d.signing_authority,
        "drafting_unit_id": d.drafting_unit_id,
        "refusal_reason": d.refusal_reason,
        "recipients": rows.recipients,
        "references": rows.references,
        "attachments": rows.attachments,
        "deliveries": rows.deliveries,
        "allowed_actions": available_actions(actor, d),
    }


def delivery_out(x: Any) -> dict[str, Any]:
    return {
        "recipient_id": x.recipient_id,
        "recipient_code": x.recipient.code,
        "recipient_name": x.recipient.name,
        "status": x.status,
        "status_label": str(x.get_status_display()),
        "status_at": x.status_at,
        "description": x.description,
    }


def event_out(e: Event) -> dict[str, Any]:
    return {
        "id": e.pk,
        "at": e.at,
        "actor": (e.actor.get_full_name() or e.actor.username) if e.actor else None,
        "action": e.action,
        "from_state": e.from_state,
        "to_state": e.to_state,
        "comment": e.comment,
        "document_id": e.document_id,
        "ip": e.ip,
    }


def draft_data(payload: s.DraftIn) -> services.DraftData:
    return services.DraftData(
        subject=payload.subject,
        doc_type=payload.doc_type,
        body=payload.body,
        urgency=payload.urgency,
        confidentiality=payload.confidentiality,
        due_on=payload.due_on,
        recipients=[services.RecipientLine(r.text, list(r.organization_ids)) for r in payload.recipients],
        distribution=[services.RecipientLine(r.text, list(r.organization_ids)) for r in payload.distribution],
        references=[
            services.ReferenceData(
                number=r.number,
                symbol=r.symbol,
                date=r.date,
                kind=r.kind,
                issuer_name=r.issuer_name,
                referenced_id=r.referenced_id,
            )
            for r in payload.references
        ],
        drafting_unit_id=payload.drafting_unit_id,
    )


class ListFilters(Schema):
    direction: str | None = None
    state: str | None = None
    q: str | None = None
    page: int = 1
    size: int = 50


@api.get("/me", response=s.MeOut, tags=["người dùng"])
def me(request: HttpRequest) -> dict[str, Any]:
    actor = membership_of(request.user)
    org = actor.organization if actor else None
    return {
        "username": request.user.get_username(),
        "full_name": request.user.get_full_name(),  # type: ignore[union-attr]
        "organization": org
        and {
            "id": org.pk,
            "code": org.code,
            "name": org.name,
            "short_name": org.short_name,
            "abbreviation": org.abbreviation,
            "parent_id": org.parent_id,
        },
        "role": actor.role if actor else None,
        "title": actor.title if actor else None,
        "unit_id": actor.unit_id if actor else None,
    }


@api.get("/organizations", response=list[s.OrganizationOut], tags=["danh bạ"])
def organizations(request: HttpRequest) -> Any:
    actor_of(request)
    return directory_sorted()


@api.get("/documents", response=s.DocumentPage, tags=["văn bản"])
def documents(request: HttpRequest, filters: Query[ListFilters]) -> HttpResponse:
    actor = actor_of(request)
    if filters.direction == "in":
        select = selectors.incoming
    elif filters.direction == "out":
        select = selectors.outgoing
    else:
        raise InvalidInput(_("Tham số direction phải là 'in' hoặc 'out'."), field="direction")
    if filters.state or filters.q:
        rows = DocumentRows(select(actor, state=filters.state, q=filters.q))
    else:  # a person's whole list: its statements compiled once per shape (listing.fixed_rows, issue 10)
        rows = fixed_rows(select.__name__, select, actor)
    return document_page(request, rows, filters.page, filters.size)


@api.get("/inbox", response=s.DocumentPage, tags=["văn bản"])
def inbox(request: HttpRequest, page: int = 1, size: int = 50) -> HttpResponse:
    actor = actor_of(request)
    return document_page(request, fixed_rows("waiting_for", selectors.waiting_for, actor), page, size)


@api.post("/documents", response={201: s.DocumentOut}, tags=["văn bản"])
def create_document(request: HttpRequest, payload: s.DraftIn) -> Status:
    actor = actor_of(request)
    document = services.document_create_draft(actor=actor, data=draft_data(payload), ip=client_ip(request))
    return Status(201, detail(actor, Document.objects.select_related("owner").get(pk=document.pk)))


@api.get("/documents/{doc_id}", response=s.DocumentOut, tags=["văn bản"])
def get_document(request: HttpRequest, doc_id: int) -> HttpResponse:
    """The detail (s.DocumentOut) rendered without validating it through the schema again: ``detail`` makes
    its values of the schema's types and its keys in the schema's order, and the validation was a tenth of
    the request's CPU (issue 10). The same JSON, byte for byte (tests/api/test_api_detail_json.py)."""
    actor = actor_of(request)
    document = services.get_document_with_owner_for(actor, doc_id)
    services.document_record_view(document=document, actor=actor, ip=client_ip(request))
    return api.create_response(request, detail(actor, document), status=200)


@api.put("/documents/{doc_id}", response=s.DocumentOut, tags=["văn bản"])
def update_document(request: HttpRequest, doc_id: int, payload: s.DraftIn) -> dict[str, Any]:
    actor = actor_of(request)
    document = services.get_document_for(actor, doc_id)
    services.document_update_draft(
        document=document, actor=actor, data=draft_data(payload), ip=client_ip(request)
    )
    return detail(actor, Document.objects.select_related("owner").get(pk=doc_id))


@api.post("/documents/{doc_id}/attachments", response={201: s.AttachmentOut}, tags=["văn bản"])
def upload_attachment(request: HttpRequest, doc_id: int, file: File[UploadedFile]) -> Status:
    actor = actor_of(request)
    document = services.get_document_for(actor, doc_id)
    a = services.attachment_add(
        document=document,
        actor=actor,
        name=file.name or "",
        content=file,
        content_type=file.content_type or "",
        ip=client_ip(request),
    )
    return Status(
        201,
        {
            "id": a.pk,
            "name": a.name,
            "content_type": a.content_type,
            "size": a.stored.size,
            "sha256": a.stored.sha256,
        },
    )


@api.get("/attachments/{attachment_id}", tags=["văn bản"])
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """The file byte for byte; ``?print=1``: a PDF marked with the person's name and the time (III.6.k)."""
    return attachment_file_response(
        actor_of(request), attachment_id, client_ip(request), printed=request.GET.get("print") == "1"
    )


@api.post("/documents/{doc_id}/actions/{action}", response=s.DocumentOut, tags=["xử lý"])
def act(request: HttpRequest, doc_id: int, action: str, payload: s.ActionIn) -> dict[str, Any]:
    """Take a workflow step: submit, approve, return, sign, issue, register, refuse, direct, progress, complete."""
    actor = actor_of(request)
    document = services.get_document_with_owner_for(actor, doc_id)
    # The document as it is after the step (with its owner: the step's own locked object, or read again by
    # document_step), without the read check: the step may have moved it out of the actor's reach.
    after = document_step(
        document=document, actor=actor, action=action, data=StepInput(**payload.dict()), ip=client_ip(request)
    )
    return detail(actor, after)


@api.get("/documents/{doc_id}/render/{kind}", tags=["văn bản"])
def rendered_document(request: HttpRequest, doc_id: int, kind: str) -> HttpResponse:
    """The document laid out as Phụ lục I prescribes: kind is 'pdf' or 'docx'."""
    actor = actor_of(request)
    document = services.get_document_for(actor, doc_id)
    if kind not in RENDER_TYPES:
        raise InvalidInput(_("Chỉ có bản PDF hoặc DOCX."), field="kind")
    data = render_document(document, kind)
    if kind == "pdf":  # the printed form carries who printed it and when (Phụ lục VI III.6.k; records)
        data = watermark_pdf(data, text=mark_text(actor))
    services.document_record_view(
        document=document, actor=actor, ip=client_ip(request), action="downloaded", comment=kind
    )
    response = HttpResponse(data, content_type=RENDER_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.{kind}"'
    return response


@api.get("/documents/{doc_id}/format-check", response=list[s.FindingOut], tags=["văn bản"])
def format_check(request: HttpRequest, doc_id: int) -> list[dict[str, Any]]:
    """The Decree 30 format findings of the document as it stands (Phụ lục I, Điều 13–15)."""
    actor = actor_of(request)
    document = services.get_document_for(actor, doc_id)
    return [f.to_dict() for f in format_findings(document)]


@api.get("/documents/{doc_id}/deliveries", response=list[s.DeliveryOut], tags=["xử lý"])
def deliveries(request: HttpRequest, doc_id: int) -> list[dict[str, Any]]:
    actor = actor_of(request)
    document = services.get_document_for(actor, doc_id)
    return [
        delivery_out(x) for x in document.deliveries.select_related("recipient").order_by("recipient__name")
    ]


@api.get("/documents/{doc_id}/events", response=list[s.EventOut], tags=["nhật ký"])
def document_events(request: HttpRequest, doc_id: int) -> list[dict[str, Any]]:
    actor = actor_of(request)
    services.get_document_for(actor, doc_id)
    return [event_out(e) for e in selectors.audit_log(actor, document_id=doc_id)]


@api.get("/registers/{direction}/{year}", response=s.RegisterPage, tags=["sổ đăng ký"])
def register(request: HttpRequest, direction: str, year: int, page: int = 1, size: int = 100) -> HttpResponse:
    """The register of a year (Phụ lục IV). Its cells are strings already: rendered without the schema's
    validation of every one of them again (s.RegisterPage; the same JSON, issue 10)."""
    actor = actor_of(request)
    if direction not in ("in", "out"):
        raise InvalidInput(_("Loại sổ phải là 'in' hoặc 'out'."), field="direction")
    current, meta = paged(RegisterRows.of(actor, direction=direction, year=year), page, size)
    data = {
        **meta,
        "columns": outgoing_columns() if direction == "out" else incoming_columns(),
        # (the page's list itself: a Page is iterated item by item through its __getitem__)
        "rows": [cells for _pk, cells in current.object_list],
        "document_ids": [pk for pk, _c in current.object_list],
    }
    return api.create_response(request, data, status=200)


@api.get("/audit", response=s.EventPage, tags=["nhật ký"])
def audit(request: HttpRequest, page: int = 1, size: int = 50) -> dict[str, Any]:
    actor = actor_of(request)
    if actor.role not in ("clerk", "leader", "admin"):
        raise HttpError(403, _("Chỉ văn thư, lãnh đạo và quản trị xem được nhật ký của cơ quan."))
    current, meta = paged(selectors.audit_log(actor), page, size)
    return {**meta, "items": [event_out(e) for e in current]}


# The directives (issue 5): requests, assignments, reports, dashboard, Phụ lục VI V tables.
api.add_router("/", directives_router)

# The signatures of a document's signed PDFs (issue 4).
api.add_router("/", signatures_router)

# The search (issue 6): GET /api/v1/search, the same rule and parameters as /app/search/.
api.add_router("/", search_router)

# Case files, exports and freezes (issue 8; docs/records.md).
api.add_router("/", records_router)

# Versions of drafts and opinion gathering (issue 11): /documents/{id}/versions…, /consultations….
api.add_router("/", drafting_router)

# Access control and audit (issue 9): the audit export, shares, access alerts (docs/security.md).
api.add_router("/", security_router)
