"""What travels from a sender to a recipient: the header of an issued document and its files.

Internal delivery and an imported edXML message both become an ``Envelope`` and enter the recipient's
records through ``congvan.exchange.services.receive`` — one path for both (DESIGN §5 decision 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EnvelopeReference:
    number: str
    symbol: str
    date: dt.date | None = None
    kind: str = ""
    issuer_name: str = ""


@dataclass(frozen=True)
class EnvelopeFile:
    name: str
    stored_file_id: int  # the content is in the store before the envelope is opened
    content_type: str = ""


@dataclass(frozen=True)
class Envelope:
    document_id: str
    issuer_code: str
    issuer_name: str
    doc_type: str
    number_text: str
    symbol: str
    issued_on: dt.date | None
    place: str
    subject: str
    body: str = ""
    urgency: int = 0
    confidentiality: int = 0
    signer_name: str = ""
    signer_title: str = ""
    signing_authority: str = ""
    due_on: dt.date | None = None
    source_document_pk: int | None = None  # the sender's row when it lives in this database
    references: tuple[EnvelopeReference, ...] = field(default_factory=tuple)
    files: tuple[EnvelopeFile, ...] = field(default_factory=tuple)
