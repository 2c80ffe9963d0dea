"""Dataclasses for the two kinds of QCVN 102:2016 message: an edoc (a document) and a status.

Field names follow the standard's element names in snake_case, except ``From``/``To`` which are
``sender``/``recipients`` because ``from`` is a Python keyword. Text is trimmed Unicode NFC; an element that is
absent or empty is ``None`` (or an empty list). Codes the standard writes as digits and that other systems
compare as strings (status codes, Type, TypeDetail) stay strings; counts and enumerations become ``int``.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from datetime import date, datetime

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"

# BussinessDocType: what an edoc does to the document it carries (spelling "Bussiness" is the standard's).
BUSINESS_NEW, BUSINESS_RECALL, BUSINESS_UPDATE, BUSINESS_REPLACE = 0, 1, 2, 3

# StatusCode values (QCVN 102:2016; DESIGN §3) and their labels: the one table of the codes. The exchange
# app's ``Status`` choices carry the same codes and labels (tests/exchange/test_exchange_status_codes.py).
# 01–06 are what the recipient did with a document. 13, 15 and 16 belong to recall, update and replacement
# (Phụ lục VI III.8), whose kind travels in the edoc's Bussiness/BussinessDocType (1, 2, 3), not in the
# status: 13 is the sender's request (its recipients' copies are to be recalled), 15 and 16 the recipient's
# answer to any of the three requests.
STATUS_CODES: dict[str, str] = {
    "01": "Đã đến",
    "02": "Từ chối tiếp nhận",
    "03": "Đã tiếp nhận (vào sổ)",
    "04": "Đã phân công",
    "05": "Đang xử lý",
    "06": "Hoàn thành",
    "13": "Đề nghị thu hồi",
    "15": "Đồng ý thu hồi, cập nhật, thay thế",
    "16": "Từ chối thu hồi, cập nhật, thay thế",
}


@dataclass
class Organization:
    organ_id: str | None = None
    organ_name: str | None = None
    organization_in_charge: str | None = None
    organ_add: str | None = None
    email: str | None = None
    telephone: str | None = None
    fax: str | None = None
    website: str | None = None


@dataclass
class Code:
    code_number: str | None = None
    code_notation: str | None = None


@dataclass
class PromulgationInfo:
    place: str | None = None
    promulgation_date: date | None = None


@dataclass
class DocumentType:
    type: str | None = None  # "1" administrative, "2" legal (QPPL); as written
    type_detail: str | None = None
    type_name: str | None = None


@dataclass
class SignerInfo:
    competence: str | None = None  # "KT. GIÁM ĐỐC", "TL. BỘ TRƯỞNG" ...
    position: str | None = None
    full_name: str | None = None


@dataclass
class OtherInfo:
    priority: int | None = None  # 0 normal .. 4 (urgency)
    sphere_of_promulgation: str | None = None
    typer_notation: str | None = None
    promulgation_amount: int | None = None
    page_amount: int | None = None
    direction: bool | None = None
    appendixes: list[str] = field(default_factory=list)


@dataclass
class ResponseFor:
    organ_id: str | None = None
    code: str | None = None
    promulgation_date: date | None = None
    document_id: str | None = None


@dataclass
class StaffInfo:
    department: str | None = None
    staff: str | None = None
    email: str | None = None
    mobile: str | None = None


@dataclass
class TraceHeader:
    organ_id: str | None = None
    timestamp: datetime | None = None


@dataclass
class ReplacementInfo:
    """For an update or replacement: which earlier document, and which organisations it concerns."""

    document_id: str | None = None
    organ_ids: list[str] = field(default_factory=list)


@dataclass
class Receiver:
    receiver_type: int | None = None  # as the sending system wrote it
    organ_id: str | None = None


@dataclass
class BusinessDocumentInfo:
    """For an update (BussinessDocType 2): whether the document's data and/or its recipients changed."""

    document_info: int | None = None  # 1 when the document's metadata changed
    document_receiver: int | None = None  # 1 when the recipients changed
    receivers: list[Receiver] = field(default_factory=list)


@dataclass
class Business:
    bussiness_doc_type: int | None = BUSINESS_NEW
    bussiness_doc_reason: str | None = None
    document_id: str | None = None
    paper: int | None = None
    staff_info: StaffInfo | None = None
    document_info: BusinessDocumentInfo | None = None
    replacements: list[ReplacementInfo] = field(default_factory=list)


@dataclass
class Attachment:
    content_id: str
    name: str
    data: bytes = field(repr=False)
    content_type: str | None = None
    description: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def safe_filename(self) -> str:
        """The name without any directory part, so that saving it can never escape the target folder."""
        base = posixpath.basename(self.name.replace("\\", "/")).strip().lstrip(".")
        return base or "attachment"

    @property
    def is_zip(self) -> bool:
        return self.data[:4] == b"PK\x03\x04"


@dataclass
class EdocMessage:
    sender: Organization
    recipients: list[Organization] = field(default_factory=list)
    document_id: str | None = None
    code: Code = field(default_factory=Code)
    promulgation_info: PromulgationInfo = field(default_factory=PromulgationInfo)
    document_type: DocumentType = field(default_factory=DocumentType)
    subject: str | None = None
    content: str | None = None
    signer_info: SignerInfo | None = None
    due_date: date | None = None
    to_places: list[str] = field(default_factory=list)
    other_info: OtherInfo = field(default_factory=OtherInfo)
    response_for: list[ResponseFor] = field(default_factory=list)
    steering_type: int | None = None  # 1..3
    trace_headers: list[TraceHeader] = field(default_factory=list)
    business: Business | None = None
    attachments: list[Attachment] = field(default_factory=list)
    # What the reader noticed but accepted (a Type that disagrees with TypeName, a date it could not read ...).
    warnings: list[str] = field(default_factory=list, compare=False)

    kind = "edoc"


@dataclass
class StatusMessage:
    sender: Organization
    status_code: str  # two digits, "01".."16"
    response_for: ResponseFor | None = None
    staff_info: StaffInfo | None = None
    description: str | None = None
    timestamp: datetime | None = None
    trace_headers: list[TraceHeader] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list, compare=False)

    kind = "status"

    @property
    def status_label(self) -> str | None:
        return STATUS_CODES.get(self.status_code)


Message = EdocMessage | StatusMessage
