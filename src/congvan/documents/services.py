"""Writes on documents: drafting, the outgoing workflow, numbering and issue, attachments, the audit trail.

Each transition is one function that checks the actor's right, changes the state and writes the Event in
one transaction (DESIGN §5 decision 3). Numbers come from the locked Register row (decision 2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.orgs.models import Membership, Organization, Unit
from congvan.orgs.selectors import organization_head
from congvan.records.integrity import check_document_not_frozen
from congvan.vbhc import doctypes, numbering
from congvan.vbhc.workflow import Action, Role, SigningAuthority, State

from . import statements, storage, uploads
from .errors import InvalidInput, NotAllowed, NotFound
from .models import (
    Attachment,
    Confidentiality,
    Document,
    Event,
    Recipient,
    Reference,
    Register,
    Series,
    Urgency,
)
from .permissions import check_read, check_transition

MAX_SUBJECT = 1000


@dataclass
class RecipientLine:
    text: str
    organization_ids: list[int] = field(default_factory=list)


@dataclass
class ReferenceData:
    number: str
    symbol: str
    date: dt.date | None = None
    kind: str = ""
    issuer_name: str = ""
    referenced_id: int | None = None


@dataclass
class DraftData:
    subject: str
    doc_type: str = "CV"
    body: str = ""
    urgency: int = Urgency.NORMAL
    confidentiality: int = Confidentiality.NONE
    due_on: dt.date | None = None
    recipients: list[RecipientLine] = field(default_factory=list)  # Kính gửi
    distribution: list[RecipientLine] = field(default_factory=list)  # Nơi nhận
    references: list[ReferenceData] = field(default_factory=list)
    drafting_unit_id: int | None = None


def today() -> dt.date:
    return timezone.localdate()


def event_record(
    *,
    organization: Organization,
    action: str,
    actor_user_id: int | None,
    document: Document | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    ip: str | None = None,
) -> Event:
    return Event.objects.create(
        organization=organization,
        document=document,
        actor_id=actor_user_id,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        at=timezone.now(),
        ip=ip,
    )


def _validate_draft(actor: Membership, data: DraftData) -> None:
    errors: dict[str, str] = {}
    if not (data.subject or "").strip():
        errors["subject"] = _("Trích yếu không được để trống.")
    elif len(data.subject) > MAX_SUBJECT:
        errors["subject"] = _("Trích yếu dài quá %(n)d ký tự.") % {"n": MAX_SUBJECT}
    if data.doc_type not in doctypes.BY_CODE:
        errors["doc_type"] = _("Loại văn bản không hợp lệ.")
    if data.urgency not in Urgency.values:
        errors["urgency"] = _("Độ khẩn không hợp lệ.")
    if data.confidentiality not in Confidentiality.values:
        errors["confidentiality"] = _("Độ mật không hợp lệ.")
    org_ids = {i for line in data.recipients + data.distribution for i in line.organization_ids}
    if org_ids and Organization.objects.filter(pk__in=org_ids, is_active=True).count() != len(org_ids):
        errors["recipients"] = _("Có nơi nhận không có trong danh bạ cơ quan.")
    for line in data.recipients + data.distribution:
        if not line.text.strip() and not line.organization_ids:
            errors["recipients"] = _("Có dòng nơi nhận để trống.")
    if (
        data.drafting_unit_id is not None
        and not Unit.objects.filter(pk=data.drafting_unit_id, organization_id=actor.organization_id).exists()
    ):
        errors["drafting_unit"] = _("Đơn vị soạn thảo không thuộc cơ quan của bạn.")
    for ref in data.references:
        if not ref.number.strip() or not ref.symbol.strip():
            errors["references"] = _("Văn bản dẫn chiếu cần có số và ký hiệu.")
    if errors:
        first = next(iter(errors))
        raise InvalidInput(errors[first], field=first, details=errors)


def _write_lines(document: Document, data: DraftData) -> None:
    document.recipients.all().delete()
    document.references.all().delete()
    org_names = dict(
        Organization.objects.filter(
            pk__in={i for line in data.recipients + data.distribution for i in line.organization_ids}
        ).values_list("pk", "name")
    )
    for kind, lines in ((Recipient.Kind.ACTION, data.recipients), (Recipient.Kind.INFO, data.distribution)):
        for pos, line in enumerate(lines):
            text = line.text.strip() or "; ".join(org_names[i] for i in line.organization_ids)
            row = Recipient.objects.create(document=document, kind=kind, position=pos, text=text)
            if line.organization_ids:
                row.organizations.set(line.organization_ids)
    Reference.objects.bulk_create(
        Reference(
            document=document,
            position=pos,
            number=r.number.strip(),
            symbol=r.symbol.strip(),
            date=r.date,
            kind=r.kind,
            issuer_name=r.issuer_name,
            referenced_id=r.referenced_id,
        )
        for pos, r in enumerate(data.references)
    )


def document_create_draft(*, actor: Membership, data: DraftData, ip: str | None = None) -> Document:
    """A specialist (or anyone who drafts) starts an outgoing document (Điều 10)."""
    if Role(actor.role) == Role.ADMIN:
        raise NotAllowed(_("Quản trị viên không soạn thảo văn bản."))
    _validate_draft(actor, data)
    with transaction.atomic():
        org = actor.organization
        document = Document.objects.create(
            owner=org,
            direction="out",
            state=State.DRAFT,
            doc_type=data.doc_type,
            subject=data.subject.strip(),
            body=data.body,
            urgency=data.urgency,
            confidentiality=data.confidentiality,
            due_on=data.due_on,
            place=org.place,
            drafter=actor.user,
            drafting_unit_id=data.drafting_unit_id or actor.unit_id,
            symbol=_preview_symbol(org, data.doc_type, data.drafting_unit_id or actor.unit_id),
            drafter_initials=_initials(actor.user.get_full_name() or actor.user.get_username()),
        )
        _write_lines(document, data)
        _record_version(document, actor, "created")
        event_record(
            organization=org,
            document=document,
            action="created",
            actor_user_id=actor.user_id,
            to_state=State.DRAFT,
            ip=ip,
        )
    return document


def document_update_draft(
    *, document: Document, actor: Membership, data: DraftData, ip: str | None = None
) -> Document:
    check_read(actor, document)
    if document.state != State.DRAFT:
        raise NotAllowed(_("Chỉ sửa được văn bản đang ở trạng thái dự thảo."))
    if actor.user_id != document.drafter_id:
        raise NotAllowed(_("Chỉ người soạn thảo được sửa dự thảo."))
    _validate_draft(actor, data)
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=document.pk)
        if doc.state != State.DRAFT:
            raise NotAllowed(_("Chỉ sửa được văn bản đang ở trạng thái dự thảo."))
        check_document_not_frozen(doc)  # Phụ lục VI IV.1.g (records)
        for name in ("doc_type", "body", "urgency", "confidentiality", "due_on"):
            setattr(doc, name, getattr(data, name))
        doc.subject = data.subject.strip()
        if data.drafting_unit_id:
            doc.drafting_unit_id = data.drafting_unit_id
        doc.symbol = _preview_symbol(doc.owner, doc.doc_type, doc.drafting_unit_id)
        doc.save()
        _write_lines(doc, data)
        _record_version(doc, actor, "edited")
        event_record(
            organization=doc.owner, document=doc, action="edited", actor_user_id=actor.user_id, ip=ip
        )
    return doc


def _record_version(document: Document, actor: Membership, reason: str) -> None:
    """Every save of a draft is a version, in the same transaction (issue 11, congvan.drafting)."""
    from congvan.drafting.services import version_record

    version_record(document=document, actor_user_id=actor.user_id, reason=reason)


def _initials(full_name: str) -> str:
    return "".join(part[0] for part in full_name.split() if part).upper()[:8]


def _preview_symbol(org: Organization, doc_type: str, unit_id: int | None) -> str:
    unit_code = Unit.objects.filter(pk=unit_id).values_list("code", flat=True).first() if unit_id else ""
    return numbering.compose_symbol(
        type_code=doc_type, agency_abbreviation=org.abbreviation, unit_code=unit_code or ""
    )


def attachment_add(
    *,
    document: Document,
    actor: Membership,
    name: str,
    content: storage.Content,
    content_type: str = "",
    ip: str | None = None,
) -> Attachment:
    """Attach a file to a draft; stored once by its SHA-256, the file written before the row."""
    check_read(actor, document)
    if document.state not in (State.DRAFT,) or actor.user_id != document.drafter_id:
        raise NotAllowed(_("Chỉ người soạn thảo được đính kèm tệp vào dự thảo."))
    check_document_not_frozen(document)  # Phụ lục VI IV.1.g (records)
    clean = storage.clean_file_name(name)
    # The type comes from the content, not from the browser (issue 9; documents/uploads.py).
    stored, checked = uploads.store_upload(clean, content)
    with transaction.atomic():
        position = document.attachments.count()
        attachment = Attachment.objects.create(
            document=document,
            stored=stored,
            name=clean,
            content_type=checked.content_type[:120],
            position=position,
            uploaded_by=actor.user,
        )
        _record_version(document, actor, "attached")
        event_record(
            organization=document.owner,
            document=document,
            action="attached",
            actor_user_id=actor.user_id,
            comment=clean,
            ip=ip,
        )
    return attachment


def _fresh(document: Document) -> Document:
    """The row as it is now: a caller's object may be older than the last transition."""
    return Document.objects.select_related("owner").get(pk=document.pk)


def _locked(document: Document) -> Document:
    """The row as it is now, locked until the caller's transaction ends, with its owner. Only the document's
    row (FOR UPDATE OF): a lock on the owner's row too would make every step in an organisation wait for the
    one before it (issue 10)."""
    locked = statements.document_with_owner(document.pk, lock=True)
    if locked is None:
        raise Document.DoesNotExist("Document matching query does not exist.")
    return locked


def _transition(
    *,
    document: Document,
    actor: Membership,
    action: Action,
    target: State,
    comment: str = "",
    ip: str | None = None,
    locked: bool = False,
    **changes: object,
) -> Document:
    """Lock, re-check, change the state and fields, write the Event: one transaction.

    ``locked``: the caller already holds ``document``'s row lock in this transaction (read with
    ``select_for_update`` and ``owner``); it is re-checked but not read again.
    """
    doc = document if locked else _locked(document)
    check_transition(actor, doc, action)
    check_document_not_frozen(doc)  # Phụ lục VI IV.1.g (records)
    source = doc.state
    doc.state = target
    for name, value in changes.items():
        setattr(doc, name, value)
    # Only the fields the step changes: the full row's UPDATE was most of the step's own SQL (issue 10).
    doc.save(update_fields=["state", "updated_at", *changes])
    event_record(
        organization=doc.owner,
        document=doc,
        action=action.value,
        actor_user_id=actor.user_id,
        from_state=source,
        to_state=target,
        comment=comment,
        ip=ip,
    )
    return doc


def document_submit(
    *, document: Document, actor: Membership, comment: str = "", ip: str | None = None
) -> Document:
    """The drafter sends the draft to the unit head for the content check (Điều 12)."""
    check_transition(actor, _fresh(document), Action.SUBMIT)
    if (
        document.doc_type == doctypes.OFFICIAL_LETTER.code
        and not document.recipients.filter(kind="action").exists()
    ):
        raise InvalidInput(_("Công văn cần có ít nhất một nơi nhận ở mục “Kính gửi”."), field="recipients")
    with transaction.atomic():
        return _transition(
            document=document,
            actor=actor,
            action=Action.SUBMIT,
            target=State.CONTENT_REVIEW,
            comment=comment,
            ip=ip,
        )


def document_approve(
    *, document: Document, actor: Membership, comment: str = "", ip: str | None = None
) -> Document:
    """The unit head approves the content; the draft goes to the leader for signature (Điều 12)."""
    with transaction.atomic():
        return _transition(
            document=document,
            actor=actor,
            action=Action.APPROVE,
            target=State.SIGNATURE,
            comment=comment,
            ip=ip,
        )


def document_return(
    *, document: Document, actor: Membership, comment: str, ip: str | None = None
) -> Document:
    """Return to the drafter with comments; the comment is required so the drafter knows what to change."""
    if not (comment or "").strip():
        raise InvalidInput(_("Cần ghi ý kiến khi trả lại văn bản."), field="comment")
    with transaction.atomic():
        return _transition(
            document=document,
            actor=actor,
            action=Action.RETURN,
            target=State.DRAFT,
            comment=comment,
            ip=ip,
            signer=None,
            signer_name="",
            signer_title="",
            signing_authority="",
            signed_at=None,
        )


def signing_authority_line(*, authority: SigningAuthority, actor: Membership, on_behalf_of: str = "") -> str:
    """Compose the authority line of Điều 13 ('KT. GIÁM ĐỐC', 'TM. ỦY BAN NHÂN DÂN', ...)."""
    if authority == SigningAuthority.OWN:
        if on_behalf_of:
            raise InvalidInput(_("Ký với tư cách cá nhân thì không ghi thẩm quyền."), field="authority")
        return ""
    if authority == SigningAuthority.KT and actor.is_head:
        raise InvalidInput(
            _("Người đứng đầu cơ quan không ký thay (KT.) chính mình (Điều 13)."), field="authority"
        )
    if authority in (SigningAuthority.KT, SigningAuthority.Q) and not on_behalf_of:
        head = organization_head(actor.organization)
        if head is None or not head.title:
            raise InvalidInput(_("Cần ghi chức vụ của người đứng đầu mà bạn ký thay."), field="on_behalf_of")
        on_behalf_of = head.title
    if authority == SigningAuthority.TM and not on_behalf_of:
        on_behalf_of = actor.organization.name.upper()
    if not on_behalf_of:
        raise InvalidInput(_("Cần ghi thẩm quyền ký thay cho ai."), field="on_behalf_of")
    return f"{authority.value} {on_behalf_of.strip().upper()}"


def document_sign(
    *,
    document: Document,
    actor: Membership,
    authority: SigningAuthority = SigningAuthority.OWN,
    on_behalf_of: str = "",
    comment: str = "",
    ip: str | None = None,
) -> Document:
    """The leader signs; the authority line and the signer's own title are fixed now (Điều 13)."""
    check_transition(actor, _fresh(document), Action.SIGN)
    if not actor.title:
        raise InvalidInput(_("Tài khoản của bạn chưa có chức vụ; không thể ký."), field="title")
    line = signing_authority_line(authority=authority, actor=actor, on_behalf_of=on_behalf_of)
    from congvan.signatures.services import check_signer_ready

    check_signer_ready(document=document, actor=actor)  # a certificate that can sign, or no state change
    with transaction.atomic():
        signed = _transition(
            document=document,
            actor=actor,
            action=Action.SIGN,
            target=State.SIGNED,
            comment=comment,
            ip=ip,
            signer=actor.user,
            signer_name=actor.user.get_full_name() or actor.user.get_username(),
            signer_title=actor.title.upper(),
            signing_authority=line,
            signed_at=timezone.now(),
        )
        # The version signed is the one issued, never changed afterwards (issue 11, congvan.drafting).
        from congvan.drafting.services import version_mark_signed

        version_mark_signed(document=signed, actor=actor, ip=ip)
        return signed


def register_get_or_create(*, organization: Organization, direction: str, year: int, series: str) -> Register:
    register, _created = Register.objects.get_or_create(
        organization=organization,
        direction=direction,
        year=year,
        series=series,
        defaults={"name": _register_name(direction, year, series)},
    )
    return register


def _register_name(direction: str, year: int, series: str) -> str:
    base = _("Sổ văn bản đi") if direction == "out" else _("Sổ văn bản đến")
    suffix = f" ({_('Mật')})" if series == Series.CONFIDENTIAL else ""
    return f"{base} {year}{suffix}"


def register_take_number(
    *, organization: Organization, direction: str, year: int, series: str
) -> tuple[Register, int]:
    """The register of this organisation, direction, year and series, and its next number taken under the
    register's row lock; must run inside the caller's transaction (decision 2). PostgreSQL: SELECT … FOR UPDATE
    serialises concurrent clerks on this row; SQLite: the IMMEDIATE transaction already holds the database's
    write lock; the unique constraints are the last guard. The locked read finds the register too: one query,
    not one to find it and another to lock it; the first number of a year makes the register first."""
    books = Register.objects.select_for_update().filter(
        organization=organization, direction=direction, year=year, series=series
    )
    register = books.first()
    if register is None:
        register_get_or_create(organization=organization, direction=direction, year=year, series=series)
        register = books.get()
    number = register.next_number
    Register.objects.filter(pk=register.pk).update(next_number=F("next_number") + 1)
    return register, number


def series_for(document: Document) -> str:
    return Series.CONFIDENTIAL if document.confidentiality else Series.ORDINARY


def _check_format_before_issue(doc: Document, *, actor: Membership, override: bool, ip: str | None) -> None:
    from .rendering import format_findings

    errors = [f for f in format_findings(doc) if f.level == "error"]
    if not errors:
        return
    listed = "; ".join(f"{f.message} ({f.article})" for f in errors)
    if not override:
        raise InvalidInput(
            _(
                "Văn bản còn lỗi thể thức: %(list)s. Sửa lại, hoặc chọn phát hành bất chấp lỗi (sẽ được ghi nhật ký)."
            )
            % {"list": listed},
            field="format",
        )
    event_record(
        organization=doc.owner,
        document=doc,
        action="format_override",
        actor_user_id=actor.user_id,
        comment=listed,
        ip=ip,
    )


def document_issue(
    *,
    document: Document,
    actor: Membership,
    comment: str = "",
    ip: str | None = None,
    override_format: bool = False,
) -> Document:
    """The clerk numbers, dates, registers and issues the signed document, and it is delivered (Điều 15–16).

    A document with format errors (Phụ lục I) is issued only with ``override_format``, which is logged.
    """
    from congvan.exchange.services import deliver_issued
    from congvan.signatures.services import sign_issued

    with transaction.atomic():
        # Read, locked and checked once, before anything is written: the right and the state are those of the
        # row as it is now. of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the drafting
        # unit's outer join, and only the document row needs the lock.
        doc = (
            Document.objects.select_for_update(of=("self",))
            .select_related("owner", "drafting_unit")
            .get(pk=document.pk)
        )
        check_transition(actor, doc, Action.ISSUE)
        _check_format_before_issue(doc, actor=actor, override=override_format, ip=ip)
        day = today()
        register, number = register_take_number(
            organization=doc.owner, direction="out", year=day.year, series=series_for(doc)
        )
        symbol = numbering.compose_symbol(
            type_code=doc.doc_type,
            agency_abbreviation=doc.owner.abbreviation,
            unit_code=doc.drafting_unit.code if doc.drafting_unit else "",
        )
        doc = _transition(
            document=doc,
            actor=actor,
            action=Action.ISSUE,
            target=State.ISSUED,
            comment=comment,
            ip=ip,
            register=register,
            number=number,
            symbol=symbol,
            issued_on=day,
            place=doc.place or doc.owner.place,
            document_id=numbering.document_identifier(doc.owner.code, day, number, symbol),
            locked=True,  # read under lock above: one round trip less while the register is locked
        )
        # The PDF with its number and date, signed by the signer then the agency (docs/decisions/0005).
        sign_issued(document=doc, actor_user_id=actor.user_id)
        deliveries = deliver_issued(document=doc, actor_user_id=actor.user_id)
        # The requests attached to the draft become each acting recipient's assignment (issue 5).
        from congvan.directives.services import assignments_create_for_issue

        assignments_create_for_issue(document=doc, deliveries=deliveries)
    return doc


def document_record_view(
    *, document: Document, actor: Membership, ip: str | None = None, action: str = "viewed", comment: str = ""
) -> None:
    """Every view and download is in the owner's audit log (Phụ lục VI III.5.a, III.6.l)."""
    event_record(
        organization=document.owner,
        document=document,
        action=action,
        actor_user_id=actor.user_id,
        comment=comment,
        ip=ip,
    )


def get_document_for(actor: Membership | None, pk: int) -> Document:
    """The document if the actor may read it, else "not found" (the same answer for one that does not exist)."""
    try:
        document = Document.objects.select_related("owner", "drafting_unit", "register").get(pk=pk)
    except Document.DoesNotExist:
        raise NotFound(_("Không tìm thấy văn bản.")) from None
    check_read(actor, document)
    return document


def get_document_with_owner_for(actor: Membership | None, pk: int) -> Document:
    """``get_document_for`` reading the document and its owner only, by a fixed statement
    (``statements.document_with_owner``): what the API's detail and its workflow steps read (issue 10)."""
    document = statements.document_with_owner(pk)
    if document is None:
        raise NotFound(_("Không tìm thấy văn bản."))
    check_read(actor, document)
    return document
