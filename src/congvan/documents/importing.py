"""Documents that arrive as files: the reader fills in their fields (Phụ lục VI III.1.g), the original is kept
as received, and they enter the records by the same receive path as any delivery."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.exchange.envelope import Envelope, EnvelopeFile, EnvelopeReference
from congvan.exchange.services import receive, receive_many
from congvan.orgs.models import Membership, Organization
from congvan.vbhc import doctypes
from congvan.vbhc.reader import ParseError, parse_text
from congvan.vbhc.reader.files import extract_text
from congvan.vbhc.workflow import Action, Role, State

from . import storage
from .errors import InvalidInput, NotAllowed
from .incoming import incoming_register
from .models import Confidentiality, Document, Event, Register, StoredFile, Urgency
from .permissions import check_transition
from .services import register_get_or_create

URGENCY = {"Khẩn": Urgency.URGENT, "Thượng khẩn": Urgency.VERY_URGENT, "Hỏa tốc": Urgency.FLASH}
CONFIDENTIALITY = {
    "Mật": Confidentiality.SECRET,
    "Tối mật": Confidentiality.TOP_SECRET,
    "Tuyệt mật": Confidentiality.ABSOLUTE,
}


def read_fields(data: bytes, name: str) -> dict[str, Any]:
    """The reader's fields of a file's bytes (spec/parsed-document.schema.json); ParseError if unreadable."""
    text, warnings = extract_text(data)
    if not text.strip():
        raise ParseError("Tệp không có chữ nào đọc được", "no readable text in the file")
    return parse_text(text, name, warnings)


def iso_date(value: str | None) -> dt.date | None:
    """Only a full date is a date of issue; '2024-04' (day left blank) is not."""
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class IncomingFields:
    """What the clerk checks before registering: the reader's proposal, corrected by hand where needed."""

    issuer_name: str
    subject: str
    doc_type: str = "CV"
    number_text: str = ""
    symbol: str = ""
    issued_on: dt.date | None = None
    place: str = ""
    signer_name: str = ""
    signer_title: str = ""
    signing_authority: str = ""
    urgency: int = Urgency.NORMAL
    confidentiality: int = Confidentiality.NONE
    body: str = ""
    references: list[EnvelopeReference] = field(default_factory=list)

    @classmethod
    def from_parsed(cls, parsed: dict[str, Any]) -> IncomingFields:
        doc_type = doctypes.by_name(parsed.get("type")) or doctypes.OFFICIAL_LETTER
        sig = parsed.get("signature") or {}
        return cls(
            issuer_name=parsed.get("issuer") or "",
            subject=parsed.get("subject") or "",
            doc_type=doc_type.code,
            number_text=parsed.get("number") or "",
            symbol=parsed.get("symbol") or "",
            issued_on=iso_date(parsed.get("date")),
            place=parsed.get("place") or "",
            signer_name=sig.get("name") or "",
            signer_title=sig.get("title") or "",
            signing_authority=sig.get("authority") or "",
            urgency=URGENCY.get(parsed.get("urgency") or "", Urgency.NORMAL),
            confidentiality=CONFIDENTIALITY.get(parsed.get("confidentiality") or "", Confidentiality.NONE),
            body=parsed.get("body") or "",
            references=[
                EnvelopeReference(
                    number=r["number"],
                    symbol=r["symbol"],
                    date=iso_date(r.get("date")),
                    kind=r.get("kind") or "",
                )
                for r in parsed.get("references") or []
            ],
        )

    def validate(self) -> None:
        errors = {}
        if not self.issuer_name.strip():
            errors["issuer_name"] = _("Cần ghi cơ quan ban hành.")
        if not self.subject.strip():
            errors["subject"] = _("Trích yếu không được để trống.")
        if self.doc_type not in doctypes.BY_CODE:
            errors["doc_type"] = _("Loại văn bản không hợp lệ.")
        if errors:
            first = next(iter(errors))
            raise InvalidInput(errors[first], field=first, details=errors)

    def envelope(
        self,
        *,
        stored: StoredFile,
        file_name: str,
        content_type: str,
        issuer_code: str = "",
        document_id: str = "",
    ) -> Envelope:
        return Envelope(
            document_id=document_id,
            issuer_code=issuer_code,
            issuer_name=self.issuer_name.strip(),
            doc_type=self.doc_type,
            number_text=self.number_text.strip(),
            symbol=self.symbol.strip(),
            issued_on=self.issued_on,
            place=self.place,
            subject=self.subject.strip(),
            body=self.body,
            urgency=self.urgency,
            confidentiality=self.confidentiality,
            signer_name=self.signer_name,
            signer_title=self.signer_title,
            signing_authority=self.signing_authority,
            references=tuple(self.references),
            files=(EnvelopeFile(name=file_name, stored_file_id=stored.pk, content_type=content_type),),
        )


def incoming_register_upload(
    *,
    actor: Membership,
    fields: IncomingFields,
    stored: StoredFile,
    file_name: str,
    content_type: str = "",
    ip: str | None = None,
) -> Document:
    """The clerk registers a document that arrived on paper or by mail, from its checked fields and its file."""
    if Role(actor.role) != Role.CLERK:
        raise NotAllowed(_("Chỉ văn thư được vào sổ văn bản đến."))
    fields.validate()
    name = storage.clean_file_name(file_name)
    with transaction.atomic():
        (copy,) = receive(
            envelope=fields.envelope(stored=stored, file_name=name, content_type=content_type),
            recipients=[actor.organization],
            actor_user_id=actor.user_id,
            channel="upload",
        )
        return incoming_register(document=copy, actor=actor, ip=ip)


# --- bulk import of a folder ------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    registered: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ReadFile:
    path: str
    blob: storage.Blob
    fields: IncomingFields
    stored: StoredFile | None = None


def _already_imported(org: Organization, stored: Iterable[StoredFile]) -> set[int]:
    return set(
        Document.objects.filter(owner=org, attachments__stored__in=list(stored)).values_list(
            "attachments__stored_id", flat=True
        )
    )


def import_batch(*, actor: Membership, direction: str, files: list[ReadFile], outcome: ImportOutcome) -> None:
    """Register a batch of read files in one transaction; files already in this organisation's records are
    skipped, so a second run registers nothing twice."""
    org = actor.organization
    rows = storage.record(f.blob for f in files)
    for f in files:
        f.stored = rows[f.blob.sha256]
    seen = _already_imported(org, rows.values())
    fresh: list[ReadFile] = []
    for f in files:
        assert f.stored is not None
        if f.stored.pk in seen:
            outcome.skipped += 1
        else:
            seen.add(f.stored.pk)
            fresh.append(f)
    if not fresh:
        return
    with transaction.atomic():
        if direction == "in":
            _register_incoming(actor, fresh)
        else:
            _register_outgoing(actor, fresh, outcome)
            return
    outcome.registered += len(fresh)


def _register_incoming(actor: Membership, files: list[ReadFile]) -> None:
    org = actor.organization
    now = timezone.now()
    copies = receive_many(
        items=[
            (f.fields.envelope(stored=f.stored, file_name=os.path.basename(f.path), content_type=""), org)
            for f in files
            if f.stored is not None
        ],
        actor_user_id=actor.user_id,
        channel="import",
    )
    # One lock and one range of arrival numbers for the batch (Điều 22), in file order.
    by_series: dict[str, list[Document]] = {}
    for copy in copies:
        by_series.setdefault("confidential" if copy.confidentiality else "ordinary", []).append(copy)
    events = []
    for series, docs in by_series.items():
        register = register_get_or_create(
            organization=org, direction="in", year=timezone.localtime(now).year, series=series
        )
        locked = Register.objects.select_for_update().get(pk=register.pk)
        first = locked.next_number
        Register.objects.filter(pk=locked.pk).update(next_number=F("next_number") + len(docs))
        for offset, doc in enumerate(docs):
            check_transition(actor, doc, Action.REGISTER)
            doc.register_id = register.pk
            doc.arrival_number = first + offset
            doc.registered_at = now
            doc.state = State.REGISTERED
            events.append(
                Event(
                    document=doc,
                    organization=org,
                    actor_id=actor.user_id,
                    action="register",
                    from_state=State.RECEIVED,
                    to_state=State.REGISTERED,
                    comment="import",
                    at=now,
                )
            )
    # Row by row: SQLite's CASE-based bulk_update grows quadratically with the batch.
    for doc in copies:
        Document.objects.filter(pk=doc.pk).update(
            register_id=doc.register_id, arrival_number=doc.arrival_number, registered_at=now, state=doc.state
        )
    Event.objects.bulk_create(events)


def _register_outgoing(actor: Membership, files: list[ReadFile], outcome: ImportOutcome) -> None:
    """The agency's own earlier documents, issued before it used this system: they keep their numbers."""
    org = actor.organization
    now = timezone.now()
    rows: list[tuple[ReadFile, Document]] = []
    registers: dict[tuple[int, str], Register] = {}
    taken: set[tuple[int, int]] = set()
    for f in files:
        fields = f.fields
        number = int(fields.number_text) if fields.number_text.isdigit() else None
        if number is None or fields.issued_on is None or not fields.symbol:
            outcome.failed.append((f.path, _("Thiếu số, ký hiệu hoặc ngày ban hành đầy đủ.")))
            continue
        series = "confidential" if fields.confidentiality else "ordinary"
        key = (fields.issued_on.year, series)
        if key not in registers:
            registers[key] = register_get_or_create(
                organization=org, direction="out", year=key[0], series=series
            )
        register = registers[key]
        if (register.pk, number) in taken or Document.objects.filter(
            register=register, number=number
        ).exists():
            outcome.failed.append(
                (f.path, _("Số %(n)s đã có trong %(r)s.") % {"n": fields.number_text, "r": register})
            )
            continue
        taken.add((register.pk, number))
        rows.append(
            (
                f,
                Document(
                    owner=org,
                    direction="out",
                    state=State.ISSUED,
                    doc_type=fields.doc_type,
                    number=number,
                    symbol=fields.symbol,
                    issued_on=fields.issued_on,
                    place=fields.place or org.place,
                    subject=fields.subject or os.path.basename(f.path),
                    body=fields.body,
                    urgency=fields.urgency,
                    confidentiality=fields.confidentiality,
                    signer_name=fields.signer_name,
                    signer_title=fields.signer_title,
                    signing_authority=fields.signing_authority,
                    register=register,
                    document_id=f"{org.code},{fields.issued_on:%Y/%m/%d},{fields.number_text}/{fields.symbol}",
                ),
            )
        )
    docs = Document.objects.bulk_create([d for _f, d in rows])
    from .models import Attachment

    Attachment.objects.bulk_create(
        Attachment(document=d, stored=f.stored, name=os.path.basename(f.path))
        for (f, _d), d in zip(rows, docs, strict=True)
    )
    Event.objects.bulk_create(
        Event(
            document=d,
            organization=org,
            actor_id=actor.user_id,
            action="imported",
            to_state=State.ISSUED,
            at=now,
        )
        for d in docs
    )
    for register in registers.values():
        top = Document.objects.filter(register=register).aggregate(m=Max("number"))["m"] or 0
        Register.objects.filter(pk=register.pk, next_number__lte=top).update(next_number=top + 1)
    outcome.registered += len(docs)


def read_for_import(path: str, *, sync: bool = False) -> ReadFile:
    """Read one file of a folder being imported; the file is stored before any row points at it."""
    from congvan.vbhc.reader.files import read_source

    data = read_source(path)
    parsed = read_fields(data, os.path.basename(path))
    fields = IncomingFields.from_parsed(parsed)
    if not fields.subject:
        fields.subject = os.path.basename(path)
    if not fields.issuer_name:
        raise ParseError("Không đọc được cơ quan ban hành", "issuer not found")
    return ReadFile(path=path, blob=storage.write_blob(data, sync=sync), fields=fields)
