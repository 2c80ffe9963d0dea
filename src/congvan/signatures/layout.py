"""A Document as the layout's dict (``shared/spec/parsed-document.schema.json``), for ``render_pdf``."""

from __future__ import annotations

from typing import Any

from congvan.documents.models import Confidentiality, Document, Recipient, Urgency
from congvan.vbhc import numbering

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
