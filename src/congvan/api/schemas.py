"""Shapes of the REST API's requests and answers."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class RecipientLineIn(Schema):
    text: str = ""
    organization_ids: list[int] = Field(default_factory=list)


class ReferenceIn(Schema):
    number: str
    symbol: str
    date: dt.date | None = None
    kind: str = ""
    issuer_name: str = ""
    referenced_id: int | None = None


class DraftIn(Schema):
    subject: str
    doc_type: str = "CV"
    body: str = ""
    urgency: int = 0
    confidentiality: int = 0
    due_on: dt.date | None = None
    recipients: list[RecipientLineIn] = Field(default_factory=list, description="Kính gửi")
    distribution: list[RecipientLineIn] = Field(default_factory=list, description="Nơi nhận")
    references: list[ReferenceIn] = Field(default_factory=list)
    drafting_unit_id: int | None = None


class ActionIn(Schema):
    comment: str = ""
    authority: str = Field("", description="Điều 13: '', 'TM.', 'KT.', 'TL.', 'TUQ.', 'Q.'")
    on_behalf_of: str = ""
    reason: str = ""
    lead_unit_id: int | None = None
    lead_user_id: int | None = None
    co_unit_ids: list[int] = Field(default_factory=list)
    deadline: dt.date | None = None
    note: str = ""
    text: str = ""
    reply_document_id: int | None = None
    override_format: bool = Field(False, description="issue despite format errors (logged)")


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    abbreviation: str
    parent_id: int | None


class MeOut(Schema):
    username: str
    full_name: str
    organization: OrganizationOut | None
    role: str | None
    title: str | None
    unit_id: int | None


class DocumentSummary(Schema):
    id: int
    direction: str
    state: str
    state_label: str
    doc_type: str
    type_name: str
    number: str
    symbol: str
    number_symbol: str
    issued_on: dt.date | None
    subject: str
    urgency: int
    confidentiality: int
    issuer_name: str
    issuer_code: str
    arrival_number: int | None
    document_id: str
    due_on: dt.date | None


class RecipientOut(Schema):
    kind: str
    text: str
    organization_ids: list[int]


class ReferenceOut(Schema):
    kind: str
    number: str
    symbol: str
    date: dt.date | None
    referenced_id: int | None


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class DeliveryOut(Schema):
    recipient_id: int
    recipient_code: str
    recipient_name: str
    status: str
    status_label: str
    status_at: dt.datetime
    description: str


class EventOut(Schema):
    id: int
    at: dt.datetime
    actor: str | None
    action: str
    from_state: str
    to_state: str
    comment: str
    document_id: int | None
    ip: str | None


class DocumentOut(DocumentSummary):
    body: str
    place: str
    signer_name: str
    signer_title: str
    signing_authority: str
    drafting_unit_id: int | None
    refusal_reason: str
    recipients: list[RecipientOut]
    references: list[ReferenceOut]
    attachments: list[AttachmentOut]
    deliveries: list[DeliveryOut]
    allowed_actions: list[str]


class Page(Schema):
    count: int
    page: int
    pages: int


class DocumentPage(Page):
    items: list[DocumentSummary]


class EventPage(Page):
    items: list[EventOut]


class RegisterPage(Page):
    columns: list[str]
    rows: list[list[str]]
    document_ids: list[int]


class FindingOut(Schema):
    rule: str
    level: str
    message: str
    field: str | None
    code: str
    article: str


class ErrorOut(Schema):
    detail: str
    field: str | None = None
