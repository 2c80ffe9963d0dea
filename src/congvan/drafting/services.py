"""Writes of the drafting app: versions of a draft (record, restore, the signed one) and opinion gathering.

``version_record`` is called by ``documents.services`` in the transaction of every save of a draft (metadata,
body, attachments); ``version_mark_signed`` by ``document_sign``. Every step is an audit ``Event`` of the
document, so the history and the case-file export carry it in order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents import storage
from congvan.documents.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from congvan.documents.models import Attachment, Document, StoredFile
from congvan.documents.permissions import can_read, check_read
from congvan.orgs.models import Membership, Organization, Unit
from congvan.vbhc.workflow import Role, State

from . import diff
from .models import Consultation, Consultee, Mode, Opinion, OpinionFile, Verdict, Version

SIGNED_STATES = {State.SIGNED, State.ISSUED, State.RECALLED}
Snapshot = tuple[dict[str, Any], str, list[dict[str, Any]]]


# --- versions -------------------------------------------------------------------------------------------


def snapshot(document: Document) -> Snapshot:
    """The fields, body and attachment list of the document as stored now (four queries)."""
    doc = Document.objects.select_related("drafting_unit").get(pk=document.pk)
    recipients = list(doc.recipients.prefetch_related("organizations").order_by("kind", "position"))
    fields: dict[str, Any] = {
        "subject": doc.subject,
        "doc_type": doc.doc_type,
        "urgency": doc.urgency,
        "confidentiality": doc.confidentiality,
        "due_on": doc.due_on.isoformat() if doc.due_on else None,
        "drafting_unit_id": doc.drafting_unit_id,
        "drafting_unit": doc.drafting_unit.name if doc.drafting_unit else "",
        "recipients": [
            {"text": r.text, "organization_ids": sorted(o.pk for o in r.organizations.all())}
            for r in recipients
            if r.kind == "action"
        ],
        "distribution": [
            {"text": r.text, "organization_ids": sorted(o.pk for o in r.organizations.all())}
            for r in recipients
            if r.kind == "info"
        ],
        "references": [
            {
                "number": r.number,
                "symbol": r.symbol,
                "date": r.date.isoformat() if r.date else None,
                "kind": r.kind,
                "issuer_name": r.issuer_name,
                "referenced_id": r.referenced_id,
            }
            for r in doc.references.all()
        ],
    }
    attachments = [
        {"name": a.name, "sha256": a.stored.sha256, "size": a.stored.size, "content_type": a.content_type}
        for a in Attachment.objects.filter(document=doc).select_related("stored").order_by("position", "id")
    ]
    return fields, doc.body, attachments


def digest_of(snap: Snapshot) -> str:
    canonical = json.dumps(list(snap), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _latest(document: Document) -> Version | None:
    return Version.objects.filter(document_id=document.pk).order_by("-number").first()


def _write_version(
    *,
    document: Document,
    author_id: int | None,
    reason: str,
    snap: Snapshot,
    restored_from: int | None = None,
) -> Version | None:
    previous = _latest(document)
    old = (previous.fields, previous.body, previous.attachments) if previous else None
    changes = diff.changed_keys(old, snap)
    if previous is not None and not changes:
        return None  # a save that changed nothing is not a new version
    number = (Version.objects.filter(document_id=document.pk).aggregate(n=Max("number"))["n"] or 0) + 1
    return Version.objects.create(
        document_id=document.pk,
        number=number,
        author_id=author_id,
        created_at=timezone.now(),
        reason=reason,
        restored_from=restored_from,
        fields=snap[0],
        body=snap[1],
        attachments=snap[2],
        changes=changes,
        digest=digest_of(snap),
    )


def version_record(*, document: Document, actor_user_id: int | None, reason: str) -> Version | None:
    """Record the draft as it now stands; must run inside the transaction of the save that changed it.

    Returns None when nothing differs from the last version. A signed document has no new versions.
    """
    current = Document.objects.only("state").get(pk=document.pk)
    if current.state in SIGNED_STATES:
        raise InvalidState(_("Văn bản đã được ký; nội dung đã ký không thể thay đổi."))
    return _write_version(document=document, author_id=actor_user_id, reason=reason, snap=snapshot(document))


def version_mark_signed(*, document: Document, actor: Membership, ip: str | None = None) -> Version:
    """At signing: the version that is signed (the content as it stands) is marked and logged (Điều 13)."""
    from congvan.documents.services import event_record

    snap = snapshot(document)
    digest = digest_of(snap)
    version = _latest(document)
    if version is None or version.digest != digest:
        # Content saved before versions were kept (or outside the services): keep what is signed.
        version = _write_version(document=document, author_id=actor.user_id, reason="signed", snap=snap)
        assert version is not None
    now = timezone.now()
    Version.objects.filter(pk=version.pk).update(signed_at=now, signed_by=actor.user)
    version.signed_at, version.signed_by = now, actor.user
    event_record(
        organization=document.owner,
        document=document,
        action="version_signed",
        actor_user_id=actor.user_id,
        comment=_("Phiên bản %(n)d được ký (SHA-256 %(digest)s).") % {"n": version.number, "digest": digest},
        ip=ip,
    )
    return version


def signed_version(document: Document) -> Version | None:
    return (
        Version.objects.filter(document_id=document.pk, signed_at__isnull=False).order_by("-number").first()
    )


def version_get(document: Document, number: int) -> Version:
    version = Version.objects.filter(document_id=document.pk, number=number).first()
    if version is None:
        raise NotFound(_("Không tìm thấy phiên bản %(n)d của văn bản.") % {"n": number})
    return version


def _refuse_if_signed(document: Document) -> None:
    if document.state in SIGNED_STATES:
        signed = signed_version(document)
        raise InvalidState(
            _(
                "Văn bản đã được ký (phiên bản %(n)s); nội dung đã ký không thể khôi phục hay sửa đổi. "
                "Không có gì thay đổi."
            )
            % {"n": signed.number if signed else "—"}
        )


def version_restore(*, document: Document, actor: Membership, number: int, ip: str | None = None) -> Version:
    """Restore an earlier version as a new one, equal to it (its fields, body and attachment list)."""
    from congvan.documents.services import DraftData, RecipientLine, ReferenceData, _write_lines, event_record

    check_read(actor, document)
    _refuse_if_signed(document)
    if document.state != State.DRAFT:
        raise InvalidState(_("Chỉ khôi phục được phiên bản khi văn bản đang là dự thảo."))
    if actor.user_id != document.drafter_id:
        raise NotAllowed(_("Chỉ người soạn thảo được khôi phục phiên bản của dự thảo."))
    old = version_get(document, number)
    if old.digest == digest_of(snapshot(document)):
        raise InvalidInput(_("Nội dung hiện tại đã giống phiên bản %(n)d.") % {"n": number}, field="number")
    missing = {a["sha256"] for a in old.attachments} - set(
        StoredFile.objects.filter(sha256__in=[a["sha256"] for a in old.attachments]).values_list(
            "sha256", flat=True
        )
    )
    if missing:
        raise InvalidInput(_("Tệp đính kèm của phiên bản này không còn trong kho lưu trữ."), field="number")
    with transaction.atomic():
        doc = Document.objects.select_for_update().select_related("owner").get(pk=document.pk)
        _refuse_if_signed(doc)
        if doc.state != State.DRAFT:
            raise InvalidState(_("Chỉ khôi phục được phiên bản khi văn bản đang là dự thảo."))
        f = old.fields
        doc.subject = f["subject"]
        doc.doc_type = f["doc_type"]
        doc.urgency = f["urgency"]
        doc.confidentiality = f["confidentiality"]
        doc.due_on = dt.date.fromisoformat(f["due_on"]) if f.get("due_on") else None
        doc.drafting_unit_id = f.get("drafting_unit_id")
        doc.body = old.body
        doc.save()
        _write_lines(
            doc,
            DraftData(
                subject=doc.subject,
                recipients=[RecipientLine(r["text"], list(r["organization_ids"])) for r in f["recipients"]],
                distribution=[
                    RecipientLine(r["text"], list(r["organization_ids"])) for r in f["distribution"]
                ],
                references=[
                    ReferenceData(
                        number=r["number"],
                        symbol=r["symbol"],
                        date=dt.date.fromisoformat(r["date"]) if r.get("date") else None,
                        kind=r.get("kind", ""),
                        issuer_name=r.get("issuer_name", ""),
                        referenced_id=r.get("referenced_id"),
                    )
                    for r in f["references"]
                ],
            ),
        )
        _restore_attachments(doc, old.attachments, actor)
        version = _write_version(
            document=doc, author_id=actor.user_id, reason="restored", snap=snapshot(doc), restored_from=number
        )
        assert version is not None
        event_record(
            organization=doc.owner,
            document=doc,
            action="version_restored",
            actor_user_id=actor.user_id,
            comment=_("Khôi phục phiên bản %(old)d thành phiên bản %(new)d.")
            % {"old": number, "new": version.number},
            ip=ip,
        )
    return version


def _restore_attachments(doc: Document, wanted: list[dict[str, Any]], actor: Membership) -> None:
    """Make the attachment rows match the list; the files are the stored ones, by SHA-256 (no bytes copied)."""
    stored = {s.sha256: s for s in StoredFile.objects.filter(sha256__in=[a["sha256"] for a in wanted])}
    Attachment.objects.filter(document=doc).delete()
    Attachment.objects.bulk_create(
        Attachment(
            document=doc,
            stored=stored[a["sha256"]],
            name=a["name"],
            content_type=a.get("content_type", ""),
            position=pos,
            uploaded_by=actor.user,
        )
        for pos, a in enumerate(wanted)
    )


# --- consultation ---------------------------------------------------------------------------------------


@dataclass
class PartySpec:
    """Whom to ask: exactly one of a person, a unit (same organisation) or another organisation."""

    deadline: dt.date
    user_id: int | None = None
    unit_id: int | None = None
    organization_id: int | None = None


def _validate_parties(document: Document, actor: Membership, mode: str, parties: list[PartySpec]) -> None:
    if mode not in Mode.values:
        raise InvalidInput(_("Cách xin ý kiến không hợp lệ."), field="mode")
    if not parties:
        raise InvalidInput(
            _("Cần chọn ít nhất một người, đơn vị hoặc cơ quan để xin ý kiến."), field="parties"
        )
    today = timezone.localdate()
    seen: set[tuple[str, int]] = set()
    for p in parties:
        targets = [
            (k, v) for k, v in (("user", p.user_id), ("unit", p.unit_id), ("org", p.organization_id)) if v
        ]
        if len(targets) != 1:
            raise InvalidInput(
                _("Mỗi nơi được xin ý kiến là một người, một đơn vị hoặc một cơ quan."), field="parties"
            )
        if targets[0] in seen:
            raise InvalidInput(_("Một nơi được chọn hai lần."), field="parties")
        seen.add(targets[0])
        if p.deadline < today:
            raise InvalidInput(_("Hạn góp ý không được trước ngày hôm nay."), field="deadline")
    org_id = document.owner_id
    user_ids = [p.user_id for p in parties if p.user_id]
    if user_ids:
        members = set(
            Membership.objects.filter(organization_id=org_id, user_id__in=user_ids).values_list(
                "user_id", flat=True
            )
        )
        if members != set(user_ids):
            raise InvalidInput(_("Có người được chọn không thuộc cơ quan của bạn."), field="parties")
        if actor.user_id in members:
            raise InvalidInput(_("Không xin ý kiến chính mình."), field="parties")
    unit_ids = [p.unit_id for p in parties if p.unit_id]
    if unit_ids and Unit.objects.filter(organization_id=org_id, pk__in=unit_ids).count() != len(unit_ids):
        raise InvalidInput(_("Có đơn vị được chọn không thuộc cơ quan của bạn."), field="parties")
    org_ids = [p.organization_id for p in parties if p.organization_id]
    if org_ids:
        if org_id in org_ids:
            raise InvalidInput(
                _("Xin ý kiến trong cơ quan thì chọn người hoặc đơn vị, không chọn chính cơ quan mình."),
                field="parties",
            )
        if Organization.objects.filter(pk__in=org_ids, is_active=True).count() != len(org_ids):
            raise InvalidInput(_("Có cơ quan được chọn không có trong danh bạ."), field="parties")
        if mode == Mode.SEQUENTIAL:
            raise InvalidInput(
                _("Xin ý kiến cơ quan khác bằng một công văn gửi đồng thời; hãy chọn cách “Đồng thời”."),
                field="mode",
            )


def consultation_request(
    *,
    document: Document,
    actor: Membership,
    mode: str,
    parties: list[PartySpec],
    note: str = "",
    ip: str | None = None,
) -> Consultation:
    """The drafter asks for opinions on the draft's current version, in parallel or one after another.

    Other organisations are asked by an outgoing "xin ý kiến" letter, drafted here through the drafting
    service, which then goes the usual way (check, signature, number, internal delivery or edXML).
    """
    from congvan.documents.services import event_record

    check_read(actor, document)
    if document.direction != "out" or document.state != State.DRAFT:
        raise InvalidState(_("Chỉ xin ý kiến góp ý khi văn bản đi đang là dự thảo."))
    if actor.user_id != document.drafter_id:
        raise NotAllowed(_("Chỉ người soạn thảo được xin ý kiến góp ý dự thảo."))
    _validate_parties(document, actor, mode, parties)
    with transaction.atomic():
        doc = Document.objects.select_for_update().select_related("owner").get(pk=document.pk)
        version = _latest(doc) or version_record(document=doc, actor_user_id=actor.user_id, reason="created")
        assert version is not None
        now = timezone.now()
        consultation = Consultation.objects.create(
            document=doc,
            version=version,
            requested_by=actor.user,
            mode=mode,
            note=note.strip(),
            created_at=now,
        )
        rows = Consultee.objects.bulk_create(
            Consultee(
                consultation=consultation,
                position=pos,
                user_id=p.user_id,
                unit_id=p.unit_id,
                organization_id=p.organization_id,
                deadline=p.deadline,
                opened_at=now if mode == Mode.PARALLEL or pos == 0 else None,
            )
            for pos, p in enumerate(parties)
        )
        organizations = [p for p in parties if p.organization_id]
        if organizations:
            consultation.letter = _consultation_letter(doc, version, actor, organizations, note)
            consultation.save(update_fields=["letter"])
        names = "; ".join(
            f"{c.name} ({_('hạn')} {c.deadline:%d/%m/%Y})"
            for c in Consultee.objects.filter(pk__in=[r.pk for r in rows]).select_related(
                "user", "unit", "organization"
            )
        )
        event_record(
            organization=doc.owner,
            document=doc,
            action="consultation_requested",
            actor_user_id=actor.user_id,
            comment=_("Xin ý kiến (%(mode)s) về phiên bản %(n)d: %(names)s")
            % {"mode": Mode(mode).label, "n": version.number, "names": names},
            ip=ip,
        )
    return consultation


def _consultation_letter(
    doc: Document, version: Version, actor: Membership, parties: list[PartySpec], note: str
) -> Document:
    """The "xin ý kiến" official letter: a draft of its own, with the draft under consultation attached."""
    from congvan.documents.services import DraftData, RecipientLine, attachment_add, document_create_draft

    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=[p.organization_id for p in parties])}
    deadline = min(p.deadline for p in parties)
    unit_code = doc.drafting_unit.code if doc.drafting_unit else ""
    subject = _("V/v xin ý kiến góp ý dự thảo %(subject)s") % {"subject": doc.subject}
    body = _(
        "%(org)s đang soạn thảo %(type)s “%(subject)s”. Để hoàn thiện dự thảo, %(org)s đề nghị Quý cơ quan "
        "nghiên cứu, góp ý vào dự thảo (gửi kèm) và gửi ý kiến về %(org)s trước ngày %(deadline)s."
    ) % {
        "org": doc.owner.name,
        "type": doc.type_name.lower(),
        "subject": doc.subject,
        "deadline": deadline.strftime("%d/%m/%Y"),
    }
    if note.strip():
        body += "\n" + note.strip()
    letter = document_create_draft(
        actor=actor,
        data=DraftData(
            subject=subject[:1000],
            body=body,
            due_on=deadline,
            recipients=[
                RecipientLine(orgs[p.organization_id].name, [orgs[p.organization_id].pk])
                for p in parties
                if p.organization_id
            ],
            distribution=[
                RecipientLine(_("Như trên")),
                RecipientLine(f"{_('Lưu')}: VT, {unit_code}".rstrip(", ")),
            ],
            drafting_unit_id=doc.drafting_unit_id,
        ),
    )
    attachment_add(
        document=letter,
        actor=actor,
        name=f"du-thao-phien-ban-{version.number}.txt",
        content=(version.fields["subject"] + "\n\n" + version.body).encode("utf-8"),
        content_type="text/plain",
    )
    for a in version.attachments:
        stored = StoredFile.objects.get(sha256=a["sha256"])
        with storage.open_stored(stored) as handle:
            attachment_add(
                document=letter, actor=actor, name=a["name"], content=handle, content_type=a["content_type"]
            )
    return letter


PARTY_ROLES = {Role.LEADER, Role.UNIT_HEAD, Role.CLERK}


def may_answer(actor: Membership | None, consultee: Consultee) -> bool:
    """The person asked; any member of the unit asked; a leader, unit head or clerk of the organisation asked.

    The drafter may also record the answer of another organisation that came back as a letter (edXML)."""
    if actor is None:
        return False
    if consultee.user_id:
        return consultee.user_id == actor.user_id
    document = consultee.consultation.document
    if consultee.unit_id:
        return actor.organization_id == document.owner_id and actor.unit_id == consultee.unit_id
    if actor.organization_id == consultee.organization_id:
        return Role(actor.role) in PARTY_ROLES
    return actor.organization_id == document.owner_id and actor.user_id == document.drafter_id


def may_view(actor: Membership | None, consultation: Consultation) -> bool:
    if actor is not None and can_read(actor, consultation.document):
        return True
    return any(may_answer(actor, c) for c in consultation.parties.all())


def check_view(actor: Membership | None, consultation: Consultation) -> None:
    if not may_view(actor, consultation):
        raise NotFound(_("Không tìm thấy đợt xin ý kiến."))


@dataclass
class FileIn:
    name: str
    content: storage.Content
    content_type: str = ""


def opinion_give(
    *,
    consultation: Consultation,
    actor: Membership,
    verdict: str,
    text: str = "",
    consultee_id: int | None = None,
    version_number: int | None = None,
    files: list[FileIn] | None = None,
    ip: str | None = None,
) -> Opinion:
    """A consulted party answers against a version; an answer after the deadline is kept and marked late."""
    from congvan.documents.services import event_record

    parties = list(
        consultation.parties.select_related("user", "unit", "organization", "consultation__document")
    )
    mine = [c for c in parties if (consultee_id is None or c.pk == consultee_id) and may_answer(actor, c)]
    if consultee_id is None:
        # the drafter recording for an organisation must say which one
        mine = [c for c in mine if not (c.organization_id and c.organization_id != actor.organization_id)]
    if not mine:
        raise NotAllowed(
            _("Bạn không được xin ý kiến trong đợt này nên không thể gửi ý kiến góp ý. Không có gì thay đổi.")
        )
    consultee = mine[0]
    if verdict not in Verdict.values:
        raise InvalidInput(_("Hãy chọn: nhất trí, nhất trí có ý kiến, hoặc không nhất trí."), field="verdict")
    if verdict != Verdict.AGREE and not text.strip():
        raise InvalidInput(_("Cần ghi nội dung góp ý hoặc lý do không nhất trí."), field="text")
    if consultee.opened_at is None:
        raise InvalidState(_("Chưa đến lượt góp ý của bạn: đợt này xin ý kiến lần lượt."))
    document = consultation.document
    version = consultation.version if version_number is None else version_get(document, version_number)
    if Opinion.objects.filter(consultee=consultee, version=version).exists():
        raise InvalidInput(
            _("Đã có ý kiến góp ý cho phiên bản %(n)d của dự thảo.") % {"n": version.number}, field="version"
        )
    blobs = [(f, storage.store(f.content)) for f in files or []]  # files before the rows that point at them
    now = timezone.now()
    late = timezone.localdate() > consultee.deadline
    with transaction.atomic():
        opinion = Opinion.objects.create(
            consultee=consultee,
            version=version,
            verdict=verdict,
            text=text.strip(),
            author=actor.user,
            answered_at=now,
            late=late,
        )
        OpinionFile.objects.bulk_create(
            OpinionFile(
                opinion=opinion,
                stored=stored,
                name=storage.clean_file_name(f.name),
                content_type=f.content_type[:120],
            )
            for f, stored in blobs
        )
        if consultation.mode == Mode.SEQUENTIAL:
            # one after another: this answer opens the next party's turn
            nxt = next((c for c in parties if c.position > consultee.position), None)
            if nxt is not None and nxt.opened_at is None:
                Consultee.objects.filter(pk=nxt.pk).update(opened_at=now)
        comment = _("%(who)s: %(verdict)s (phiên bản %(n)d)") % {
            "who": consultee.name,
            "verdict": Verdict(verdict).label,
            "n": version.number,
        }
        if late:
            comment += " — " + _("trễ hạn (hạn %(d)s)") % {"d": consultee.deadline.strftime("%d/%m/%Y")}
        if text.strip():
            comment += ": " + text.strip()[:500]
        event_record(
            organization=document.owner,
            document=document,
            action="opinion_given",
            actor_user_id=actor.user_id,
            comment=comment,
            ip=ip,
        )
    return opinion


def opinion_reply(*, opinion: Opinion, actor: Membership, reply: str, ip: str | None = None) -> Opinion:
    """The drafter's answer to an opinion (tiếp thu, giải trình), a column of the summary table."""
    from congvan.documents.services import event_record

    document = opinion.consultee.consultation.document
    check_read(actor, document)
    if actor.user_id != document.drafter_id:
        raise NotAllowed(_("Chỉ người soạn thảo ghi ý kiến tiếp thu, giải trình."))
    if not reply.strip():
        raise InvalidInput(_("Nội dung tiếp thu, giải trình không được để trống."), field="reply")
    with transaction.atomic():
        Opinion.objects.filter(pk=opinion.pk).update(reply=reply.strip())
        opinion.reply = reply.strip()
        event_record(
            organization=document.owner,
            document=document,
            action="opinion_replied",
            actor_user_id=actor.user_id,
            comment=f"{opinion.consultee.name}: {reply.strip()[:500]}",
            ip=ip,
        )
    return opinion


def pending(consultation: Consultation) -> list[Consultee]:
    """The parties whose turn has come and who have not answered yet."""
    return [c for c in consultation.parties.all() if c.opened_at is not None and not c.opinions.all()]


def consultation_remind(*, consultation: Consultation, actor: Membership, ip: str | None = None) -> int:
    """The drafter reminds everyone who has not answered; the worker sends the reminders."""
    from .tasks import send_reminders

    document = consultation.document
    check_read(actor, document)
    if actor.user_id != document.drafter_id:
        raise NotAllowed(_("Chỉ người soạn thảo gửi nhắc góp ý."))
    ids = [c.pk for c in pending(consultation)]
    if not ids:
        raise InvalidInput(_("Mọi nơi được xin ý kiến đã trả lời; không cần nhắc."))
    transaction.on_commit(lambda: send_reminders.enqueue(consultee_ids=ids, actor_user_id=actor.user_id))
    return len(ids)


def recipients_of(consultee: Consultee) -> list[Any]:
    """The people a reminder goes to."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if consultee.user_id:
        return list(users.filter(pk=consultee.user_id))
    if consultee.unit_id:
        return list(users.filter(memberships__unit_id=consultee.unit_id, memberships__role=Role.UNIT_HEAD))
    return list(
        users.filter(
            memberships__organization_id=consultee.organization_id or 0,
            memberships__role__in=[Role.LEADER, Role.CLERK],
        )
    )


def reminders_send(*, consultee_ids: list[int], actor_user_id: int | None = None) -> int:
    """Remind each still-pending party (an Event on the document, and an email to its people)."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection
    from django.utils import translation

    from congvan.documents.services import event_record

    rows = list(
        Consultee.objects.filter(pk__in=consultee_ids, opened_at__isnull=False, opinions__isnull=True)
        .select_related("user", "unit", "organization", "consultation__document__owner")
        .distinct()
    )
    messages: list[EmailMessage] = []
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        for c in rows:
            document = c.consultation.document
            late = timezone.localdate() > c.deadline
            text = (
                _("Đã quá hạn góp ý dự thảo “%(subject)s” (hạn %(d)s).")
                if late
                else _("Nhắc góp ý dự thảo “%(subject)s”, hạn %(d)s.")
            ) % {"subject": document.subject, "d": c.deadline.strftime("%d/%m/%Y")}
            with transaction.atomic():
                Consultee.objects.filter(pk=c.pk).update(reminded_at=now, reminders=c.reminders + 1)
                event_record(
                    organization=document.owner,
                    document=document,
                    action="consultation_reminded",
                    actor_user_id=actor_user_id,
                    comment=f"{c.name}: {text}",
                )
            url = f"{settings.CONGVAN_BASE_URL}/app/drafting/consultations/{c.consultation_id}/"
            messages.extend(
                EmailMessage(
                    subject=f"[Công Văn] {_('Nhắc góp ý dự thảo')}",
                    body=_("Kính gửi %(name)s,\n\n%(text)s\n\nGóp ý tại %(url)s\n")
                    % {"name": u.get_full_name(), "text": text, "url": url},
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[u.email],
                )
                for u in recipients_of(c)
                if u.email
            )
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(rows)


def reminders_due(*, today: dt.date | None = None, days_before: int = 1) -> int:
    """The daily reminder: pending parties due within ``days_before`` days or overdue, not reminded today."""
    day = today or timezone.localdate()
    ids = list(
        Consultee.objects.filter(
            opened_at__isnull=False, opinions__isnull=True, deadline__lte=day + dt.timedelta(days=days_before)
        )
        .exclude(reminded_at__date=day)
        .values_list("pk", flat=True)
        .distinct()
    )
    return reminders_send(consultee_ids=ids) if ids else 0
