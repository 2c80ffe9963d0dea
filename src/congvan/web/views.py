"""The staff interface: thin views that validate, call a service or selector, and render."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congvan.documents import selectors, services, storage, uploads
from congvan.documents.actions import StepInput, document_step
from congvan.documents.errors import DomainError, InvalidInput, NotAllowed, NotFound
from congvan.documents.importing import IncomingFields, incoming_register_upload, read_fields
from congvan.documents.listing import DocumentRows
from congvan.documents.models import STATE_LABELS, Attachment, Document, StoredFile
from congvan.documents.permissions import can_read
from congvan.documents.registers import incoming_columns, outgoing_columns, register_workbook
from congvan.documents.registers import rows as register_rows
from congvan.documents.rendering import format_findings, render_document
from congvan.documents.tokens import token_create, token_revoke
from congvan.orgs.models import Membership
from congvan.orgs.selectors import membership_of
from congvan.records.watermark import mark_text, watermark_pdf
from congvan.signatures.services import signed_attachments
from congvan.vbhc.reader import ParseError
from congvan.vbhc.workflow import (
    BY_ACTION,
    INCOMING_STATES,
    OUTGOING_STATES,
    Action,
    Role,
    SigningAuthority,
    State,
    allowed,
)

from .forms import (
    CommentForm,
    DirectForm,
    DraftForm,
    IncomingFieldsForm,
    ProgressForm,
    RefuseForm,
    SignForm,
    TokenForm,
    UploadForm,
)

PAGE_SIZE = 50


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def error_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "web/error.html", {"message": str(error.message)}, status=error.status_code)


def with_actor(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed-in users with a place in an organisation; domain errors become pages in the user's language."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        actor = membership_of(request.user)
        if actor is None:
            return render(
                request,
                "web/error.html",
                {"message": _("Tài khoản của bạn chưa được gán vào cơ quan nào.")},
                status=403,
            )
        try:
            return view(request, actor, *args, **kwargs)
        except DomainError as error:
            return error_page(request, error)
        except OverflowError:  # an id too large for the database (SQLite): nothing has that id
            return error_page(request, NotFound(_("Không tìm thấy văn bản.")))

    return wrapper


def paginate(request: HttpRequest, qs: Any, per_page: int = PAGE_SIZE) -> Any:
    try:
        size = max(1, min(int(request.GET.get("size", per_page)), 1000))
    except ValueError:
        size = per_page
    number = request.GET.get("page")
    if number in (None, "", "1") and isinstance(qs, DocumentRows):
        qs.read_ahead(size)  # a list that fits in one page is counted without a query
    return Paginator(qs, size).get_page(number)


@with_actor
def home(request: HttpRequest, actor: Membership) -> HttpResponse:
    page = paginate(request, DocumentRows(selectors.waiting_for(actor)))
    return render(request, "web/home.html", {"page": page, "title": _("Việc cần làm")})


def _document_list(request: HttpRequest, actor: Membership, direction: str) -> HttpResponse:
    state = request.GET.get("state") or None
    q = request.GET.get("q") or None
    states: tuple[State, ...]
    if direction == "in":
        qs, title, states = selectors.incoming(actor, state=state, q=q), _("Văn bản đến"), INCOMING_STATES
    else:
        qs, title = selectors.outgoing(actor, state=state, q=q), _("Văn bản đi")
        states = tuple(s for s in OUTGOING_STATES if s != State.RECALLED)
    return render(
        request,
        "web/document_list.html",
        {
            "page": paginate(request, DocumentRows(qs)),
            "title": title,
            "states": [(s.value, STATE_LABELS[s]) for s in states],
            "state": state,
            "direction": direction,
        },
    )


@with_actor
def incoming_list(request: HttpRequest, actor: Membership) -> HttpResponse:
    return _document_list(request, actor, "in")


@with_actor
def outgoing_list(request: HttpRequest, actor: Membership) -> HttpResponse:
    return _document_list(request, actor, "out")


def _draft_form_initial(document: Document) -> dict[str, Any]:
    action_orgs = [
        o.pk for r in document.recipients.all() if r.kind == "action" for o in r.organizations.all()
    ]
    info_orgs = [o.pk for r in document.recipients.all() if r.kind == "info" for o in r.organizations.all()]
    return {
        "doc_type": document.doc_type,
        "subject": document.subject,
        "body": document.body,
        "urgency": document.urgency,
        "confidentiality": document.confidentiality,
        "due_on": document.due_on,
        "drafting_unit": document.drafting_unit_id,
        "recipient_orgs": action_orgs,
        "info_orgs": info_orgs,
        "recipient_text": "\n".join(
            r.text for r in document.recipients.all() if r.kind == "action" and not r.organizations.all()
        ),
        "distribution_text": "\n".join(
            r.text for r in document.recipients.all() if r.kind == "info" and not r.organizations.all()
        ),
        "references_text": "\n".join(
            f"{r.number}/{r.symbol}" + (f" ngày {r.date:%d/%m/%Y}" if r.date else "")
            for r in document.references.all()
            if not r.referenced_id
        ),
        "referenced_docs": [r.referenced_id for r in document.references.all() if r.referenced_id],
    }


@with_actor
def document_new(request: HttpRequest, actor: Membership) -> HttpResponse:
    if request.method == "POST":
        form = DraftForm(request.POST, actor=actor)
        if form.is_valid():
            try:
                document = services.document_create_draft(
                    actor=actor, data=form.to_draft(), ip=client_ip(request)
                )
            except InvalidInput as error:
                form.add_error(None, str(error.message))
            else:
                for upload in request.FILES.getlist("files"):
                    try:
                        services.attachment_add(
                            document=document,
                            actor=actor,
                            name=upload.name or "",
                            content=upload,
                            content_type=upload.content_type or "",
                            ip=client_ip(request),
                        )
                    except InvalidInput as error:
                        messages.error(request, f"{(upload.name or '')[:80]}: {error.message}")
                messages.success(request, _("Đã lưu dự thảo."))
                return redirect("web:document", pk=document.pk)
        return render(
            request, "web/draft_form.html", {"form": form, "title": _("Soạn văn bản đi")}, status=400
        )
    form = DraftForm(actor=actor, initial={"distribution_text": "Như trên;\nLưu: VT."})
    return render(request, "web/draft_form.html", {"form": form, "title": _("Soạn văn bản đi")})


@with_actor
def document_edit(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    document = services.get_document_for(actor, pk)
    if request.method == "POST":
        form = DraftForm(request.POST, actor=actor)
        if form.is_valid():
            try:
                services.document_update_draft(
                    document=document, actor=actor, data=form.to_draft(), ip=client_ip(request)
                )
            except InvalidInput as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Đã lưu dự thảo."))
                return redirect("web:document", pk=document.pk)
        return render(
            request,
            "web/draft_form.html",
            {"form": form, "document": document, "title": _("Sửa dự thảo")},
            status=400,
        )
    form = DraftForm(actor=actor, initial=_draft_form_initial(document))
    return render(
        request, "web/draft_form.html", {"form": form, "document": document, "title": _("Sửa dự thảo")}
    )


def available_actions(actor: Membership, document: Document) -> list[str]:
    from congvan.documents.permissions import check_transition

    result = []
    for action in BY_ACTION:
        state_ok, role_ok = allowed(action, State(document.state), {Role(actor.role)})
        if not (state_ok and role_ok):
            continue
        try:
            check_transition(actor, document, action)
        except DomainError:
            continue
        result.append(action.value)
    return result


@with_actor
def document_detail(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    services.get_document_for(actor, pk)
    document = selectors.document_detail(pk)
    services.document_record_view(document=document, actor=actor, ip=client_ip(request))
    actions = available_actions(actor, document)
    deliveries = list(document.deliveries.all())
    context = {
        "document": document,
        "actions": actions,
        "deliveries": deliveries,
        "delivery_summary": _delivery_summary(deliveries),
        "events": selectors.audit_log(actor, document_id=document.pk)[:200],
        "comment_form": CommentForm(),
        "sign_form": SignForm(initial={"authority": SigningAuthority.OWN.value}),
        "refuse_form": RefuseForm(),
        "direct_form": DirectForm(actor=actor) if "direct" in actions else None,
        "progress_form": ProgressForm(),
        "can_edit": document.state == State.DRAFT and document.drafter_id == actor.user_id,
        "signatures": signed_attachments(document),  # each signed PDF, verified (issue 4)
    }
    if document.direction == "out" and document.state in CHECKED_STATES:
        findings = format_findings(document)
        context["findings"] = findings
        context["format_errors"] = any(f.level == "error" for f in findings)
    return render(request, "web/document_detail.html", context)


def _step_message(action: str, document: Document) -> str:
    if action == Action.ISSUE:
        return _("Đã cấp số %(ns)s và phát hành văn bản.") % {"ns": document.number_symbol}
    if action == Action.REGISTER:
        return _("Đã vào sổ văn bản đến, số đến %(n)s.") % {"n": f"{document.arrival_number:02d}"}
    return str(STEP_MESSAGES[action])


STEP_MESSAGES: dict[str, Any] = {
    Action.SUBMIT: gettext_lazy("Đã trình văn bản để kiểm tra nội dung."),
    Action.APPROVE: gettext_lazy("Đã duyệt nội dung, chuyển lãnh đạo ký."),
    Action.RETURN: gettext_lazy("Đã trả lại văn bản cho người soạn thảo."),
    Action.SIGN: gettext_lazy("Đã ký văn bản."),
    Action.REFUSE: gettext_lazy("Đã từ chối văn bản."),
    Action.DIRECT: gettext_lazy("Đã phân công xử lý."),
    Action.PROGRESS: gettext_lazy("Đã ghi tiến độ."),
    Action.COMPLETE: gettext_lazy("Đã hoàn thành xử lý văn bản."),
}

CHECKED_STATES = (State.DRAFT, State.CONTENT_REVIEW, State.SIGNATURE, State.SIGNED)


@with_actor
def document_render(request: HttpRequest, actor: Membership, pk: int, kind: str) -> HttpResponse:
    """The document laid out as Phụ lục I prescribes (PDF or DOCX); each download is logged."""
    document = services.get_document_for(actor, pk)
    if kind not in RENDER_TYPES:
        raise InvalidInput(_("Chỉ có bản PDF hoặc DOCX."))
    data = render_document(document, kind)
    if kind == "pdf":  # the printed form carries who printed it and when (Phụ lục VI III.6.k; records)
        data = watermark_pdf(data, text=mark_text(actor))
    services.document_record_view(
        document=document, actor=actor, ip=client_ip(request), action="downloaded", comment=kind
    )
    response = HttpResponse(data, content_type=RENDER_TYPES[kind])
    name = (document.number_symbol or f"du-thao-{document.pk}").replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


RENDER_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _delivery_summary(deliveries: list[Any]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for d in deliveries:
        counts[d.get_status_display()] = counts.get(d.get_status_display(), 0) + 1
    return sorted(counts.items())


@require_POST
@with_actor
def document_action(request: HttpRequest, actor: Membership, pk: int, action: str) -> HttpResponse:
    document = services.get_document_for(actor, pk)
    post = request.POST
    data = StepInput(
        comment=post.get("comment", ""),
        authority=post.get("authority", ""),
        on_behalf_of=post.get("on_behalf_of", ""),
        override_format=post.get("override_format") == "on",
        reason=post.get("reason", ""),
        text=post.get("text", ""),
    )
    if action == Action.DIRECT:
        form = DirectForm(post, actor=actor)
        if not form.is_valid():
            raise InvalidInput(_("Thông tin phân công không hợp lệ: %(e)s") % {"e": form.errors.as_text()})
        cd = form.cleaned_data
        data.lead_unit_id = cd["lead_unit"].pk if cd["lead_unit"] else None
        data.lead_user_id = cd["lead_user"].user_id if cd["lead_user"] else None
        data.co_unit_ids = [u.pk for u in cd["co_units"]]
        data.deadline = cd["deadline"]
        data.note = cd["note"]
    if action == Action.COMPLETE and post.get("reply_document"):
        try:
            data.reply_document_id = int(post["reply_document"])
        except ValueError:
            raise InvalidInput(_("Mã văn bản trả lời phải là số."), field="reply_document") from None
    after = document_step(document=document, actor=actor, action=action, data=data, ip=client_ip(request))
    messages.success(request, _step_message(action, after))
    return redirect("web:document", pk=document.pk)


@require_POST
@with_actor
def attachment_upload(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    document = services.get_document_for(actor, pk)
    uploads = request.FILES.getlist("files")
    if not uploads:
        raise InvalidInput(_("Chưa chọn tệp nào."), field="files")
    for upload in uploads:
        services.attachment_add(
            document=document,
            actor=actor,
            name=upload.name or "",
            content=upload,
            content_type=upload.content_type or "",
            ip=client_ip(request),
        )
    messages.success(request, _("Đã đính kèm tệp."))
    return redirect("web:document", pk=document.pk)


def attachment_file_response(
    actor: Membership, attachment_id: int, ip: str | None, *, printed: bool = False
) -> FileResponse:
    """A readable attachment as a download (logged, served with nosniff); the web page and the API share it.

    The file comes back byte for byte (its signatures verify); ``printed`` (``?print=1``) returns a PDF with the
    person's name and the time across its pages instead (Phụ lục VI III.6.k), logged with the mark."""
    attachment = (
        Attachment.objects.select_related("document__owner", "stored").filter(pk=attachment_id).first()
    )
    if attachment is None or not can_read(actor, attachment.document):
        # The same answer whether the file does not exist or may not be read (docs/security.md).
        raise NotFound(_("Không tìm thấy tệp."))
    if printed and (attachment.content_type == "application/pdf" or attachment.name.lower().endswith(".pdf")):
        mark = mark_text(actor)
        with storage.open_stored(attachment.stored) as fh:
            marked = watermark_pdf(fh.read(), text=mark)
        services.document_record_view(
            document=attachment.document,
            actor=actor,
            ip=ip,
            action="downloaded",
            comment=f"{attachment.name}; {mark}",
        )
        marked_response = FileResponse(
            io.BytesIO(marked), as_attachment=True, filename=attachment.name, content_type="application/pdf"
        )
        marked_response["X-Content-Type-Options"] = "nosniff"
        return marked_response
    services.document_record_view(
        document=attachment.document, actor=actor, ip=ip, action="downloaded", comment=attachment.name
    )
    response = FileResponse(
        storage.open_stored(attachment.stored),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@with_actor
def attachment_download(request: HttpRequest, actor: Membership, pk: int) -> FileResponse:
    return attachment_file_response(actor, pk, client_ip(request), printed=request.GET.get("print") == "1")


@with_actor
def registers(request: HttpRequest, actor: Membership) -> HttpResponse:
    direction = "in" if request.GET.get("direction") == "in" else "out"
    years = selectors.register_years(actor)
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    rows = selectors.register_rows(actor, direction=direction, year=year)
    if request.GET.get("format") == "xlsx":
        data = register_workbook(rows, direction=direction, year=year, organization=actor.organization)
        services.event_record(
            organization=actor.organization,
            action="exported",
            actor_user_id=actor.user_id,
            comment=f"register {direction} {year}",
            ip=client_ip(request),
        )
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="so-van-ban-{"di" if direction == "out" else "den"}-{year}.xlsx"'
        )
        return response
    page = paginate(request, rows)
    return render(
        request,
        "web/register.html",
        {
            "page": page,
            "rows": register_rows(page.object_list, direction=direction),
            "columns": outgoing_columns() if direction == "out" else incoming_columns(),
            "direction": direction,
            "year": year,
            "years": years or [year],
            "title": _("Sổ đăng ký văn bản đi") if direction == "out" else _("Sổ đăng ký văn bản đến"),
        },
    )


@with_actor
def audit(request: HttpRequest, actor: Membership) -> HttpResponse:
    if Role(actor.role) not in (Role.CLERK, Role.LEADER, Role.ADMIN):
        raise DomainError(_("Chỉ văn thư, lãnh đạo và quản trị xem được nhật ký của cơ quan."))
    page = paginate(request, selectors.audit_log(actor))
    return render(request, "web/audit.html", {"page": page, "title": _("Nhật ký hệ thống")})


@with_actor
def tokens(request: HttpRequest, actor: Membership) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            token_revoke(user=request.user, token_id=int(request.POST["revoke"]))  # type: ignore[arg-type]
            messages.success(request, _("Đã thu hồi mã truy cập."))
            return redirect("web:tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, new_key = token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
    else:
        form = TokenForm()
    items = request.user.api_tokens.filter(revoked=False).order_by("-created_at")  # type: ignore[union-attr]
    return render(
        request,
        "web/tokens.html",
        {"form": form, "items": items, "new_key": new_key, "title": _("Mã truy cập API")},
    )


UPLOAD_SALT = "congvan.incoming-upload"


@with_actor
def incoming_upload(request: HttpRequest, actor: Membership) -> HttpResponse:
    """Step 1: the clerk uploads the file and the reader fills the form; step 2: the clerk checks and registers."""
    title = _("Vào sổ văn bản đến từ tệp")
    if Role(actor.role) != Role.CLERK:
        raise NotAllowed(_("Chỉ văn thư được vào sổ văn bản đến."))
    if request.method == "POST" and "token" in request.POST:
        form = IncomingFieldsForm(request.POST)
        if not form.is_valid():
            return render(request, "web/incoming_upload.html", {"form": form, "title": title}, status=400)
        try:
            ticket = signing.loads(form.cleaned_data["token"], salt=UPLOAD_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            raise InvalidInput(_("Phiên tải tệp đã hết hạn; hãy tải tệp lên lại.")) from None
        if ticket["user"] != actor.user_id:
            raise NotAllowed(_("Tệp này do người khác tải lên."))
        stored = StoredFile.objects.get(pk=ticket["stored"])
        cd = form.cleaned_data
        fields = IncomingFields(
            issuer_name=cd["issuer_name"],
            subject=cd["subject"],
            doc_type=cd["doc_type"],
            number_text=cd["number_text"],
            symbol=cd["symbol"],
            issued_on=cd["issued_on"],
            place=cd["place"],
            signer_name=cd["signer_name"],
            signer_title=cd["signer_title"],
            signing_authority=cd["signing_authority"],
            urgency=cd["urgency"],
            confidentiality=cd["confidentiality"],
            body=ticket.get("body", ""),
        )
        document = incoming_register_upload(
            actor=actor,
            fields=fields,
            stored=stored,
            file_name=ticket["name"],
            content_type=ticket.get("type", ""),
            ip=client_ip(request),
        )
        messages.success(
            request, _("Đã vào sổ văn bản đến, số đến %(n)s.") % {"n": f"{document.arrival_number:02d}"}
        )
        return redirect("web:document", pk=document.pk)
    if request.method == "POST":
        upload_form = UploadForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            return render(
                request, "web/incoming_upload.html", {"upload_form": upload_form, "title": title}, status=400
            )
        upload = upload_form.cleaned_data["file"]
        name = storage.clean_file_name(upload.name)
        stored, checked = uploads.store_upload(name, upload)  # typed by its content (issue 9)
        with storage.open_stored(stored) as handle:
            data = handle.read()
        warnings: list[str] = []
        try:
            parsed = read_fields(data, name)
            warnings = parsed.get("warnings", [])
            fields = IncomingFields.from_parsed(parsed)
        except ParseError as error:
            fields = IncomingFields(issuer_name="", subject="")
            warnings = [error.vi]
        token = signing.dumps(
            {
                "stored": stored.pk,
                "name": name,
                "type": checked.content_type,
                "user": actor.user_id,
                "body": fields.body[:20000],
            },
            salt=UPLOAD_SALT,
        )
        form = IncomingFieldsForm(initial={**fields.__dict__, "token": token})
        return render(
            request,
            "web/incoming_upload.html",
            {"form": form, "title": title, "warnings": warnings, "file_name": name},
        )
    return render(request, "web/incoming_upload.html", {"upload_form": UploadForm(), "title": title})
