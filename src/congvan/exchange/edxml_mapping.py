"""Between our documents and edXML messages (QCVN 102:2016): an issued document becomes an edoc message, an
edoc message becomes an ``Envelope`` that ``services.receive`` turns into incoming copies — the same path as
internal delivery (DESIGN §5 decision 1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents import storage
from congvan.documents.errors import InvalidInput
from congvan.documents.models import Document, Recipient, StoredFile
from congvan.orgs.models import Organization
from congvan.vbhc import doctypes
from congvan.vbhc.edxml import (
    BUSINESS_NEW,
    Attachment,
    Business,
    Code,
    DocumentType,
    EdocMessage,
    OtherInfo,
    PromulgationInfo,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
    make_document_id,
)
from congvan.vbhc.edxml import Organization as EdxmlOrganization

from .envelope import Envelope, EnvelopeFile, EnvelopeReference

ADMINISTRATIVE, LEGAL = "1", "2"  # DocumentType/Type
MAX_PRIORITY = 3  # our urgencies 0..3; edXML's 4 (hỏa tốc hẹn giờ) is read as 3


def edxml_organization(org: Organization) -> EdxmlOrganization:
    return EdxmlOrganization(
        organ_id=org.code, organ_name=org.name, organization_in_charge=org.parent_name or None
    )


def _references(document: Document) -> list[ResponseFor]:
    return [
        ResponseFor(code=f"{r.number}/{r.symbol}", promulgation_date=r.date)
        for r in document.references.all()
        if r.number and r.symbol
    ]


def _to_places(document: Document) -> list[str]:
    kinds = (Recipient.Kind.ACTION, Recipient.Kind.INFO)
    rows = sorted(document.recipients.all(), key=lambda r: (kinds.index(Recipient.Kind(r.kind)), r.position))
    return [r.text for r in rows if r.text]


def _attachments(document: Document) -> list[Attachment]:
    result = []
    for pos, a in enumerate(document.attachments.select_related("stored").order_by("position", "id")):
        with storage.open_stored(a.stored) as handle:
            data = handle.read()
        result.append(
            Attachment(
                content_id=f"att{pos + 1}", name=a.name, data=data, content_type=a.content_type or None
            )
        )
    return result


def edoc_of(
    document: Document,
    *,
    recipients: Sequence[Organization] | None = None,
    business: Business | None = None,
    with_attachments: bool = True,
) -> EdocMessage:
    """The edoc message of an issued outgoing document with the files it has (the signed PDF when there is one).

    ``recipients``: the organisations in the message's To (default: every directory organisation named in its
    Kính gửi and Nơi nhận). A confidential document is never exported (it does not travel over the network).
    """
    from .services import recipient_organizations

    if document.direction != "out" or not document.document_id or document.issued_on is None:
        raise InvalidInput(_("Chỉ xuất được văn bản đi đã ban hành."))
    if document.confidentiality:
        raise InvalidInput(_("Văn bản mật không được gửi qua trục liên thông."))
    owner = document.owner
    doc_type = doctypes.get(document.doc_type)
    orgs = list(recipients) if recipients is not None else recipient_organizations(document)
    number = document.number_display
    return EdocMessage(
        sender=edxml_organization(owner),
        recipients=[edxml_organization(o) for o in orgs],
        document_id=document.document_id,
        code=Code(code_number=number or None, code_notation=document.symbol or None),
        promulgation_info=PromulgationInfo(
            place=document.place or None, promulgation_date=document.issued_on
        ),
        document_type=DocumentType(type=ADMINISTRATIVE, type_detail=doc_type.code, type_name=doc_type.name),
        subject=document.subject,
        content=document.body or None,
        signer_info=SignerInfo(
            competence=document.signing_authority or None,
            position=document.signer_title or None,
            full_name=document.signer_name or None,
        )
        if document.signer_name
        else None,
        due_date=document.due_on,
        to_places=_to_places(document),
        other_info=OtherInfo(priority=document.urgency),
        response_for=_references(document),
        steering_type=None,
        trace_headers=[TraceHeader(organ_id=owner.code, timestamp=timezone.now().replace(microsecond=0))],
        business=business or Business(bussiness_doc_type=BUSINESS_NEW),
        attachments=_attachments(document) if with_attachments else [],
    )


def business_of(kind: int, *, document_id: str, reason: str = "", replaces: Iterable[str] = ()) -> Business:
    return Business(
        bussiness_doc_type=kind,
        bussiness_doc_reason=reason or None,
        document_id=document_id,
        replacements=[ReplacementInfo(document_id=old) for old in replaces],
    )


def status_of(
    *,
    sender: Organization,
    code: str,
    document_id: str,
    original_organ_id: str,
    description: str = "",
    staff: str = "",
    at: dt.datetime | None = None,
) -> StatusMessage:
    """A status message about ``document_id`` (issued by ``original_organ_id``) from ``sender``."""
    return StatusMessage(
        sender=edxml_organization(sender),
        status_code=code,
        response_for=ResponseFor(organ_id=original_organ_id, document_id=document_id),
        staff_info=StaffInfo(staff=staff or None) if staff else None,
        description=description or None,
        timestamp=(at or timezone.now()),
    )


def _cut(text: str | None, limit: int) -> str:
    return (text or "").strip()[:limit]


def _doc_type(msg: EdocMessage) -> str:
    found = doctypes.by_name(msg.document_type.type_name)
    if found is not None:
        return found.code
    detail = msg.document_type.type_detail or ""
    return detail if detail in doctypes.BY_CODE else doctypes.OFFICIAL_LETTER.code


def _split_code(code: str) -> tuple[str, str]:
    number, _sep, symbol = code.partition("/")
    return number.strip(), symbol.strip()


def document_id_of(msg: EdocMessage) -> str:
    """The message's identifier, or the one the standard's parts make when the sender left it out."""
    if msg.document_id:
        return msg.document_id
    date = msg.promulgation_info.promulgation_date
    if msg.sender.organ_id and date and msg.code.code_number and msg.code.code_notation:
        return make_document_id(msg.sender.organ_id, date, msg.code.code_number, msg.code.code_notation)
    return ""


def envelope_of_edoc(msg: EdocMessage) -> Envelope:
    """The envelope of an edoc message. The attachments are written to the store first (before any row)."""
    return envelopes_of_edocs([msg])[0]


def envelopes_of_edocs(msgs: Sequence[EdocMessage]) -> list[Envelope]:
    """The envelopes of several messages (a batch), their attachments written first and recorded with one
    statement for all."""
    blobs = [[storage.write_blob(a.data) for a in msg.attachments] for msg in msgs]
    stored = storage.record(b for group in blobs for b in group)
    return [_envelope(msg, group, stored) for msg, group in zip(msgs, blobs, strict=True)]


def _envelope(msg: EdocMessage, blobs: Sequence[storage.Blob], stored: dict[str, StoredFile]) -> Envelope:
    files = tuple(
        EnvelopeFile(
            name=storage.clean_file_name(a.safe_filename),
            stored_file_id=stored[b.sha256].pk,
            content_type=_cut(a.content_type, 120),
        )
        for a, b in zip(msg.attachments, blobs, strict=True)
    )
    references = []
    for r in msg.response_for:
        if r.code:
            number, symbol = _split_code(r.code)
            references.append(
                EnvelopeReference(number=number[:16], symbol=symbol[:100], date=r.promulgation_date)
            )
    priority = msg.other_info.priority or 0
    signer = msg.signer_info or SignerInfo()
    return Envelope(
        document_id=_cut(document_id_of(msg), 200),
        issuer_code=_cut(msg.sender.organ_id, 32),
        issuer_name=_cut(msg.sender.organ_name, 255),
        doc_type=_doc_type(msg),
        number_text=_cut(msg.code.code_number, 16),
        symbol=_cut(msg.code.code_notation, 100),
        issued_on=msg.promulgation_info.promulgation_date,
        place=_cut(msg.promulgation_info.place, 100),
        subject=_cut(msg.subject, 1000),
        body=msg.content or "",
        urgency=max(0, min(priority, MAX_PRIORITY)),
        confidentiality=0,
        signer_name=_cut(signer.full_name, 120),
        signer_title=_cut(signer.position, 120),
        signing_authority=_cut(signer.competence, 200),
        due_on=msg.due_date,
        source_document_pk=None,
        references=tuple(references),
        files=files,
    )
