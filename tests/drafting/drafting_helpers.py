"""Helpers of the drafting tests: drafts saved several times, consultations with parties."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from congvan.documents.models import Document
from congvan.documents.services import (
    DraftData,
    RecipientLine,
    attachment_add,
    document_create_draft,
    document_update_draft,
)
from congvan.drafting.services import PartySpec
from congvan.orgs.models import Organization
from factories import Agency, draft_data


def new_draft(agency: Agency, *recipients: Organization, body: str = "", subject: str = "") -> Document:
    data = draft_data(*recipients, **({"subject": subject} if subject else {}))  # type: ignore[arg-type]
    if body:
        data.body = body
    return document_create_draft(actor=agency.drafter, data=data)


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def edit(agency: Agency, doc: Document, **changes: object) -> Document:
    """Save the draft again through the service, with some fields changed."""
    data: DraftData = draft_data(**{k: v for k, v in changes.items() if k == "subject"})  # type: ignore[arg-type]
    data.body = str(changes.get("body", doc.body))
    if "subject" not in changes:
        data.subject = doc.subject
    if "recipients" in changes:
        data.recipients = [RecipientLine(str(t)) for t in changes["recipients"]]  # type: ignore[attr-defined]
    return document_update_draft(document=doc, actor=agency.drafter, data=data)


def draft_with_versions(agency: Agency) -> Document:
    """v1 created, v2 body edited, v3 a file attached."""
    doc = new_draft(agency, body="Sở Thông tin và Truyền thông đề nghị các cơ quan báo chí tuyên truyền.")
    doc = edit(
        agency, doc, body="Sở Thông tin và Truyền thông đề nghị các cơ quan báo chí tăng cường tuyên truyền."
    )
    attachment_add(document=doc, actor=agency.drafter, name="ke-hoach.txt", content=b"KE HOACH\n")
    return doc


def party(member: object = None, *, unit: object = None, org: object = None, days: int = 5) -> PartySpec:
    return PartySpec(
        deadline=in_days(days),
        user_id=getattr(member, "user_id", None),
        unit_id=getattr(unit, "pk", None),
        organization_id=getattr(org, "pk", None),
    )
