"""Helpers of the exchange tests: a remote installation's messages, signed with its key."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from congvan.vbhc.edxml import EdocMessage, StatusMessage, read_message

REMOTE_ORGAN = "000.00.99.G01"


def remote_edoc(to_code: str, *, number: str = "15", attachments: int = 1, business=None):
    """An edoc from the remote organisation to ``to_code``, as another installation would send it."""
    from congvan.vbhc import edxml

    day = dt.date(2024, 4, 4)
    return edxml.EdocMessage(
        sender=edxml.Organization(organ_id=REMOTE_ORGAN, organ_name="Cục Thông tin cơ sở"),
        recipients=[edxml.Organization(organ_id=to_code, organ_name="Nơi nhận")],
        document_id=edxml.make_document_id(REMOTE_ORGAN, day, number, "TTCS-TTTQ"),
        code=edxml.Code(code_number=number, code_notation="TTCS-TTTQ"),
        promulgation_info=edxml.PromulgationInfo(place="Hà Nội", promulgation_date=day),
        document_type=edxml.DocumentType(type="1", type_name="Công văn"),
        subject="Thông tin, tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
        signer_info=edxml.SignerInfo(
            competence="KT. CỤC TRƯỞNG", position="PHÓ CỤC TRƯỞNG", full_name="Trần Minh Đức"
        ),
        business=business,
        attachments=[
            edxml.Attachment(
                content_id=f"a{i}",
                name=f"tep-{i}.txt",
                data=f"nội dung {i}".encode(),
                content_type="text/plain",
            )
            for i in range(attachments)
        ],
    )


def post_signed(client, body: bytes, key: Ed25519PrivateKey):
    from congvan.exchange import keys

    return client.post(
        "/exchange/v1/messages",
        data=body,
        content_type="application/xml",
        headers={keys.SIGNATURE_HEADER: keys.sign(body, key)},
    )


FILES = (
    ("219-TTCS-TTTQ.pdf", b"%PDF-1.4 cong van 219", "application/pdf"),
    ("Kế hoạch tuyên truyền.docx", b"PK\x03\x04 ke hoach", ""),
)


def issued_letter(agency, *recipients, files=FILES):  # type: ignore[no-untyped-def]
    """The sample letter drafted with its attachments, checked, signed 'KT. GIÁM ĐỐC' and issued."""
    from congvan.documents.services import (
        attachment_add,
        document_approve,
        document_issue,
        document_sign,
        document_submit,
    )
    from congvan.vbhc.workflow import SigningAuthority
    from factories import make_draft

    draft = make_draft(agency, *recipients)
    for name, data, content_type in files:
        attachment_add(
            document=draft, actor=agency.drafter, name=name, content=data, content_type=content_type
        )
    document_submit(document=draft, actor=agency.drafter)
    document_approve(document=draft, actor=agency.unit_head)
    document_sign(document=draft, actor=agency.deputy, authority=SigningAuthority.KT)
    return document_issue(document=draft, actor=agency.clerk)


def read_edoc(data: bytes) -> EdocMessage:
    """The edoc message in ``data`` (a test failure when it is a status)."""
    message = read_message(data)
    assert isinstance(message, EdocMessage)
    return message


def read_status(data: bytes) -> StatusMessage:
    """The status message in ``data``."""
    message = read_message(data)
    assert isinstance(message, StatusMessage)
    return message
