"""``read_message``: bytes of an edXML message to an ``EdocMessage`` or a ``StatusMessage``.

Real messages come from many vendors, so elements are found by local name, case-insensitively, in any
namespace (the standard's, none, or a default namespace declared late), and in any order. Where an element is
not where the standard puts it (a ``Bussiness`` outside ``TraceHeaderList``, attachments inside the
envelope), it is looked for further down. Empty and commented-out elements read as absent. Only what is not
well-formed, unsafe, too large, or not an edXML message at all is refused, with ``EdxmlError``.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from . import values
from .attachments import check_zip
from .doctype_check import type_name_disagreement
from .errors import EdxmlError
from .limits import DEFAULT_LIMITS, Limits
from .model import (
    STATUS_CODES,
    Attachment,
    Business,
    BusinessDocumentInfo,
    Code,
    DocumentType,
    EdocMessage,
    Message,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)
from .safe_xml import Element, parse

_BASE64_ELEMENTS = frozenset({"contenttransferencoded"})


def read_message(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Message:
    """Read one edXML message. Raises ``EdxmlError`` (and nothing else) for input it refuses."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("read_message expects bytes")
    root = parse(bytes(data), limits, base64_keys=_BASE64_ELEMENTS)
    return _Reader(root, limits).read()


def read_message_file(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Message:
    """Read a message from a file, refusing an oversized one from its size alone, before reading it."""
    try:
        size = os.stat(path).st_size
        if size > limits.max_message_bytes:
            raise EdxmlError(
                f"thông điệp quá lớn ({size} byte, giới hạn {limits.max_message_bytes})",
                f"message too large ({size} bytes, limit {limits.max_message_bytes})",
                where=os.fspath(path),
            )
        with open(path, "rb") as handle:
            # Read one byte more than allowed: a file that grew after stat() is still caught by parse().
            data = handle.read(limits.max_message_bytes + 1)
    except OSError as exc:
        raise EdxmlError(
            f"không mở được tệp: {exc.strerror}", f"cannot open file: {exc.strerror}", where=os.fspath(path)
        ) from None
    return read_message(data, limits=limits)


class _Reader:
    def __init__(self, root: Element, limits: Limits) -> None:
        self.root = root
        self.limits = limits
        self.notes: list[str] = []

    # -- small helpers ---------------------------------------------------------------------------------
    @staticmethod
    def text(parent: Element | None, *keys: str) -> str | None:
        if parent is None:
            return None
        node = parent.child(*keys)
        return values.clean(node.text) if node is not None else None

    def date(self, parent: Element | None, *keys: str) -> date | None:
        node = parent.child(*keys) if parent is not None else None
        return values.parse_date(node.text, node.path, self.notes) if node is not None else None

    def timestamp(self, parent: Element | None, *keys: str) -> datetime | None:
        node = parent.child(*keys) if parent is not None else None
        return values.parse_timestamp(node.text, node.path, self.notes) if node is not None else None

    def integer(self, parent: Element | None, *keys: str) -> int | None:
        node = parent.child(*keys) if parent is not None else None
        return values.parse_int(node.text, node.path, self.notes) if node is not None else None

    # -- the message -----------------------------------------------------------------------------------
    def read(self) -> Message:
        if self.root.key != "edxml":
            raise EdxmlError(
                f"không phải thông điệp edXML: phần tử gốc là <{self.root.name}>",
                f"not an edXML message: root element is <{self.root.name}>",
                line=None,
                where="/" + self.root.name,
            )
        envelope = self.root.child("edxmlenvelope") or self.root
        header = envelope.child("edxmlheader") or envelope.find("edxmlheader") or envelope
        message_header = header.child("messageheader") or self.root.find("messageheader")
        if message_header is None:
            raise EdxmlError(
                "thông điệp edXML thiếu MessageHeader",
                "edXML message has no MessageHeader",
                where=self.root.path,
            )
        trace_list = header.child("traceheaderlist") or self.root.find("traceheaderlist")
        status_code = self.text(message_header, "statuscode")
        if status_code is not None:
            return self.status(message_header, status_code, trace_list)
        if message_header.child("statuscode") is not None:
            self.notes.append("StatusCode rỗng, đọc như văn bản / empty StatusCode, read as an edoc")
        return self.edoc(message_header, trace_list)

    def status(self, header: Element, code: str, trace_list: Element | None) -> StatusMessage:
        if code.isdigit() and len(code) == 1:
            self.notes.append(f"StatusCode '{code}' thiếu số 0 đầu / lacks its leading zero")
            code = code.zfill(2)
        if code not in STATUS_CODES:
            # Kept as written: vendors have private codes, and the exchange layer decides what to do.
            self.notes.append(f"StatusCode '{code}' không có trong QCVN 102 / not a standard status code")
        response_for = header.child("responsefor")
        return StatusMessage(
            sender=self.organization(header.child("from")) or Organization(),
            status_code=code,
            response_for=self.response_for(response_for) if response_for is not None else None,
            staff_info=self.staff_info(header.child("staffinfo")),
            description=self.text(header, "description"),
            timestamp=self.timestamp(header, "timestamp"),
            trace_headers=self.trace_headers(trace_list),
            warnings=self.notes,
        )

    def edoc(self, header: Element, trace_list: Element | None) -> EdocMessage:
        code = header.child("code")
        promulgation = header.child("promulgationinfo")
        doc_type = header.child("documenttype")
        signer = header.child("signerinfo")
        to_places = header.child("toplaces")
        document_type = DocumentType(
            type=self.text(doc_type, "type"),
            type_detail=self.text(doc_type, "typedetail"),
            type_name=self.text(doc_type, "typename"),
        )
        disagreement = type_name_disagreement(document_type.type, document_type.type_name)
        if disagreement:
            self.notes.append(disagreement)
        responses = [self.response_for(node) for node in header.all("responsefor")]
        business_node = (trace_list.child("bussiness", "business") if trace_list is not None else None) or (
            self.root.find("bussiness", "business")
        )
        message = EdocMessage(
            sender=self.organization(header.child("from")) or Organization(),
            recipients=[org for org in map(self.organization, header.all("to")) if org is not None],
            document_id=self.text(header, "documentid"),
            code=Code(
                code_number=self.text(code, "codenumber"),
                code_notation=self.text(code, "codenotation"),
            ),
            promulgation_info=PromulgationInfo(
                place=self.text(promulgation, "place"),
                promulgation_date=self.date(promulgation, "promulgationdate"),
            ),
            document_type=document_type,
            subject=self.text(header, "subject"),
            content=self.text(header, "content"),
            signer_info=self.signer_info(signer),
            due_date=self.date(header, "duedate"),
            to_places=self.texts(to_places, "place"),
            other_info=self.other_info(header.child("otherinfo")),
            # An all-empty ResponseFor is how some vendors say "none" (see the reference message's attachment).
            response_for=[r for r in responses if r != ResponseFor()],
            steering_type=self.integer(header, "steeringtype"),
            trace_headers=self.trace_headers(trace_list),
            business=self.business(business_node) if business_node is not None else None,
            attachments=self.attachments(),
            warnings=self.notes,
        )
        return message

    # -- parts -----------------------------------------------------------------------------------------
    def texts(self, parent: Element | None, key: str) -> list[str]:
        if parent is None:
            return []
        return [text for node in parent.all(key) if (text := values.clean(node.text)) is not None]

    def organization(self, node: Element | None) -> Organization | None:
        if node is None:
            return None
        if node.key == "from" and node.child("organid") is None:
            self.notes.append("From thiếu OrganId / From has no OrganId")
        return Organization(
            organ_id=self.text(node, "organid"),
            organ_name=self.text(node, "organname"),
            organization_in_charge=self.text(node, "organizationincharge"),
            organ_add=self.text(node, "organadd"),
            email=self.text(node, "email"),
            telephone=self.text(node, "telephone"),
            fax=self.text(node, "fax"),
            website=self.text(node, "website"),
        )

    def signer_info(self, node: Element | None) -> SignerInfo | None:
        if node is None:
            return None
        signer = SignerInfo(
            competence=self.text(node, "competence"),
            position=self.text(node, "position"),
            full_name=self.text(node, "fullname"),
        )
        return None if signer == SignerInfo() else signer

    def other_info(self, node: Element | None) -> OtherInfo:
        if node is None:
            return OtherInfo()
        direction = node.child("direction")
        priority = self.integer(node, "priority")
        if priority is not None and not 0 <= priority <= 4:
            self.notes.append(f"Priority {priority} ngoài khoảng 0–4 / outside 0–4")
        return OtherInfo(
            priority=priority,
            sphere_of_promulgation=self.text(node, "sphereofpromulgation"),
            typer_notation=self.text(node, "typernotation"),
            promulgation_amount=self.integer(node, "promulgationamount"),
            page_amount=self.integer(node, "pageamount"),
            direction=values.parse_bool(direction.text, direction.path, self.notes)
            if direction is not None
            else None,
            appendixes=self.texts(node.child("appendixes"), "appendix"),
        )

    def response_for(self, node: Element) -> ResponseFor:
        return ResponseFor(
            organ_id=self.text(node, "organid"),
            code=self.text(node, "code"),
            promulgation_date=self.date(node, "promulgationdate"),
            document_id=self.text(node, "documentid"),
        )

    def staff_info(self, node: Element | None) -> StaffInfo | None:
        if node is None:
            return None
        staff = StaffInfo(
            department=self.text(node, "department"),
            staff=self.text(node, "staff"),
            email=self.text(node, "email"),
            mobile=self.text(node, "mobile"),
        )
        return None if staff == StaffInfo() else staff

    def trace_headers(self, node: Element | None) -> list[TraceHeader]:
        if node is None:
            return []
        return [
            TraceHeader(organ_id=self.text(trace, "organid"), timestamp=self.timestamp(trace, "timestamp"))
            for trace in node.all("traceheader")
        ]

    def business(self, node: Element) -> Business:
        doc_type = self.integer(node, "bussinessdoctype", "businessdoctype")
        if doc_type is not None and doc_type not in (0, 1, 2, 3):
            self.notes.append(f"BussinessDocType {doc_type} ngoài 0–3 / outside 0–3")
        replacements = [
            ReplacementInfo(
                document_id=self.text(info, "documentid"),
                organ_ids=self.texts(info.child("organidlist"), "organid"),
            )
            for info in (node.find("replacementinfolist") or node).all("replacementinfo")
        ]
        info = node.child("bussinessdocumentinfo", "businessdocumentinfo")
        document_info = (
            BusinessDocumentInfo(
                document_info=self.integer(info, "documentinfo"),
                document_receiver=self.integer(info, "documentreceiver"),
                receivers=[
                    Receiver(receiver_type=self.integer(r, "receivertype"), organ_id=self.text(r, "organid"))
                    for r in (info.child("receiverlist") or info).all("receiver")
                ],
            )
            if info is not None
            else None
        )
        return Business(
            bussiness_doc_type=doc_type,
            bussiness_doc_reason=self.text(node, "bussinessdocreason", "businessdocreason"),
            document_id=self.text(node, "documentid"),
            paper=self.integer(node, "paper"),
            staff_info=self.staff_info(node.child("staffinfo")),
            document_info=document_info,
            replacements=replacements,
        )

    def attachments(self) -> list[Attachment]:
        manifest: dict[str, Element] = {}
        body = self.root.find("edxmlmanifest")
        if body is not None:
            for ref in body.all("reference"):
                cid = self.text(ref, "contentid")
                if cid:
                    manifest[cid] = ref
        carried: list[Attachment] = []
        containers = [node for node in self.root.iter() if node.key == "attachmentencoded"]
        for container in containers:
            for node in container.all("attachment"):
                attachment = self.attachment(node, manifest, len(carried) + 1)
                if attachment is not None:
                    carried.append(attachment)
        seen = {a.content_id for a in carried}
        for cid in manifest:
            if cid not in seen:
                self.notes.append(
                    f"{cid}: có trong danh mục nhưng không kèm nội dung / listed but not carried"
                )
        return carried

    def attachment(self, node: Element, manifest: dict[str, Element], number: int) -> Attachment | None:
        encoded = node.child("contenttransferencoded")
        cid = self.text(node, "contentid") or f"cid:{number}"
        if encoded is None or encoded.stream is None or encoded.stream.empty:
            self.notes.append(f"{node.path}: tệp đính kèm không có nội dung / attachment has no content")
            return None
        ref = manifest.get(cid)
        data = encoded.stream.finish(encoded.path)
        check_zip(data, self.limits, node.path)
        name = (
            self.text(node, "attachmentname")
            or self.text(ref, "attachmentname")
            or self.text(node, "description")
            or cid.removeprefix("cid:")
        )
        return Attachment(
            content_id=cid,
            name=name,
            data=data,
            content_type=self.text(node, "contenttype") or self.text(ref, "contenttype"),
            description=self.text(node, "description") or self.text(ref, "description"),
        )
