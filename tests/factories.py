"""Small factory functions for tests: each makes one thing with sensible defaults."""

from __future__ import annotations

import io
import itertools

from django.contrib.auth import get_user_model

from congvan.documents.models import Attachment, Document, Reference
from congvan.documents.services import (
    DraftData,
    RecipientLine,
    document_approve,
    document_create_draft,
    document_sign,
    document_submit,
)
from congvan.orgs.models import Membership, Organization, Unit
from congvan.vbhc.workflow import Role, SigningAuthority

_seq = itertools.count(1)
PASSWORD = "mat-khau-thu-nghiem"
_password_hash: str | None = None


def make_org(
    name: str | None = None,
    *,
    abbreviation: str = "STTTT",
    parent: Organization | None = None,
    place: str = "Lạng Sơn",
) -> Organization:
    n = next(_seq)
    return Organization.objects.create(
        code=f"000.00.{n:02d}.H33",
        name=name or f"Cơ quan {n}",
        short_name=name or f"CQ{n}",
        abbreviation=abbreviation,
        parent=parent,
        place=place,
    )


def make_unit(org: Organization, code: str = "TTBCXB", name: str | None = None) -> Unit:
    return Unit.objects.create(organization=org, code=code, name=name or f"Phòng {code}")


def make_member(
    org: Organization,
    role: Role,
    *,
    unit: Unit | None = None,
    title: str = "",
    is_head: bool = False,
    username: str | None = None,
    full_name: str = "Nguyễn Văn A",
) -> Membership:
    global _password_hash
    from django.contrib.auth.hashers import make_password

    if _password_hash is None:
        _password_hash = make_password(PASSWORD)
    user = get_user_model().objects.create(
        username=username or f"{role.value}{next(_seq)}", full_name=full_name, password=_password_hash
    )
    return Membership.objects.create(
        user=user, organization=org, unit=unit, role=role.value, title=title, is_head=is_head
    )


class Agency:
    """An agency with a unit and one person in every role of its workflow."""

    def __init__(
        self,
        name: str = "Sở Thông tin và Truyền thông",
        abbreviation: str = "STTTT",
        parent: Organization | None = None,
    ) -> None:
        self.org = make_org(name, abbreviation=abbreviation, parent=parent)
        self.unit = make_unit(self.org, "TTBCXB")
        self.office = make_unit(self.org, "VP", "Văn phòng")
        self.drafter = make_member(
            self.org, Role.SPECIALIST, unit=self.unit, title="CHUYÊN VIÊN", full_name="Đinh Thu Trang"
        )
        self.unit_head = make_member(self.org, Role.UNIT_HEAD, unit=self.unit, title="TRƯỞNG PHÒNG")
        self.head = make_member(self.org, Role.LEADER, title="GIÁM ĐỐC", is_head=True)
        self.deputy = make_member(self.org, Role.LEADER, title="PHÓ GIÁM ĐỐC", full_name="Lê Hải Yến")
        self.clerk = make_member(self.org, Role.CLERK, unit=self.office, title="VĂN THƯ")


def draft_data(
    *recipients: Organization,
    subject: str = "Tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
    **extra: object,
) -> DraftData:
    return DraftData(
        subject=subject,
        body="Thực hiện Công văn số 219/TTCS-TTTQ ngày 04/4/2024 của Cục Thông tin cơ sở ...",
        recipients=[RecipientLine(o.name, [o.pk]) for o in recipients]
        or [RecipientLine("Các cơ quan, đơn vị")],
        distribution=[RecipientLine("Như trên"), RecipientLine("Lưu: VT, TTBCXB")],
        **extra,  # type: ignore[arg-type]
    )


def make_draft(agency: Agency, *recipients: Organization, **extra: object) -> Document:
    return document_create_draft(actor=agency.drafter, data=draft_data(*recipients, **extra))


def make_signed(agency: Agency, *recipients: Organization, **extra: object) -> Document:
    """A letter drafted, checked and signed 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC', waiting for its number."""
    doc = make_draft(agency, *recipients, **extra)
    document_submit(document=doc, actor=agency.drafter)
    document_approve(document=doc, actor=agency.unit_head)
    return document_sign(document=doc, actor=agency.deputy, authority=SigningAuthority.KT)


def make_reference(
    doc: Document, number: str, symbol: str, *, issuer_name: str = "", position: int = 0
) -> Reference:
    """A document cited by ``doc`` ("Căn cứ Công văn số …")."""
    return Reference.objects.create(
        document=doc, number=number, symbol=symbol, issuer_name=issuer_name, position=position
    )


def make_attachment(
    doc: Document, content: bytes, *, position: int = 0, name: str = "tep.txt", text: str | None = None
) -> Attachment:
    """A file attached to ``doc``; ``text``: its text as already extracted (None: never extracted yet)."""
    from congvan.documents.storage import store
    from congvan.search.models import ExtractedText

    stored = store(content)
    if text is not None:
        ExtractedText.objects.get_or_create(stored=stored, defaults={"text": text})
    return Attachment.objects.create(
        document=doc, stored=stored, name=name, content_type="text/plain", position=position
    )


def fresh(doc: Document) -> Document:
    return Document.objects.get(pk=doc.pk)


def blank_pdf(pages: int = 1) -> bytes:
    """A PDF of ``pages`` blank A4 pages, as an upload."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
