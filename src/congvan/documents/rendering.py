"""A document as the layout's dict (``shared/spec/parsed-document.schema.json``): for rendering it to PDF and
DOCX and for the format check."""

from __future__ import annotations

from typing import Any

from congvan.vbhc import numbering
from congvan.vbhc.checks import Finding, check_document
from congvan.vbhc.layout import render_docx, render_pdf

from .models import Confidentiality, Document, Recipient, Urgency

_URGENCY = {Urgency.URGENT: "Khẩn", Urgency.VERY_URGENT: "Thượng khẩn", Urgency.FLASH: "Hỏa tốc"}
_SECRECY = {
    Confidentiality.SECRET: "Mật",
    Confidentiality.TOP_SECRET: "Tối mật",
    Confidentiality.ABSOLUTE: "Tuyệt mật",
}


def document_layout(document: Document) -> dict[str, Any]:
    """Every field the layout prints: header, number and date (blank on a draft), recipients, body, signature
    block (authority, title, name fixed at signing, Điều 13), Nơi nhận."""
    owner = document.owner
    lines = list(document.recipients.all())
    return {
        "source": f"document-{document.pk}",
        "issuer": owner.name,
        "issuer_parent": owner.parent_name or None,
        "number": numbering.format_number(document.number) if document.number else None,
        "symbol": document.symbol or None,
        "type": document.type_name,
        "place": document.place or owner.place or None,
        "date": document.issued_on.isoformat() if document.issued_on else None,
        "subject": document.subject,
        "recipients": [r.text for r in lines if r.kind == Recipient.Kind.ACTION],
        "references": [],
        "signature": {
            "authority": document.signing_authority or None,
            "title": document.signer_title or None,
            "name": document.signer_name or None,
        },
        "distribution": [r.text for r in lines if r.kind == Recipient.Kind.INFO],
        "urgency": _URGENCY.get(Urgency(document.urgency)),
        "confidentiality": _SECRECY.get(Confidentiality(document.confidentiality)),
        "body": document.body,
        "warnings": [],
    }


def format_findings(document: Document) -> list[Finding]:
    """The Decree 30 format findings of a document as it stands (Phụ lục I, Điều 13–15).

    A draft's blank number and day are the clerk's to fill at issue, so they are not findings.
    """
    units = set(document.owner.units.values_list("code", flat=True))
    return check_document(
        document_layout(document), agency_abbreviation=document.owner.abbreviation, unit_codes=units
    )


def render_document(document: Document, kind: str) -> bytes:
    """The document laid out as Phụ lục I prescribes, as PDF or DOCX."""
    data = document_layout(document)
    return render_pdf(data) if kind == "pdf" else render_docx(data)
