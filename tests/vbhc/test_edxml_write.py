"""Writing edXML messages: what we write validates against our XSD and reads back unchanged."""

from __future__ import annotations

import pathlib
from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from congvan.vbhc.edxml import (
    BUSINESS_RECALL,
    BUSINESS_REPLACE,
    BUSINESS_UPDATE,
    NAMESPACE,
    STATUS_CODES,
    Attachment,
    Business,
    BusinessDocumentInfo,
    Code,
    DocumentType,
    EdocMessage,
    EdxmlError,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
    build_edoc_tree,
    read_message,
    read_message_file,
    schema_errors,
    write_edoc,
    write_status,
)

REFERENCE = pathlib.Path(__file__).parents[1] / "fixtures" / "edxml" / "reference"

SENDER = Organization(
    organ_id="000.00.18.H34",
    organ_name="Sở Thông tin và Truyền thông Lạng Sơn",
    organization_in_charge="UBND tỉnh Lạng Sơn",
    organ_add="Số 2 đường Hùng Vương, thành phố Lạng Sơn",
    email="stttt@langson.gov.vn",
    telephone="0205 3812 345",
)
NEWSPAPER = Organization(organ_id="000.00.32.H34", organ_name="Báo Lạng Sơn")
RADIO = Organization(organ_id="000.00.33.H34", organ_name="Đài Phát thanh và Truyền hình tỉnh")


def sample_letter(attachments: list[Attachment] | None = None) -> EdocMessage:
    """The project's sample letter (DESIGN §1) as an edoc."""
    return EdocMessage(
        sender=SENDER,
        recipients=[NEWSPAPER, RADIO],
        document_id="000.00.18.H34,2024/04/08,412/STTTT-TTBCXB",
        code=Code(code_number="412", code_notation="STTTT-TTBCXB"),
        promulgation_info=PromulgationInfo(place="Lạng Sơn", promulgation_date=date(2024, 4, 8)),
        document_type=DocumentType(type="1", type_detail="0", type_name="Công văn"),
        subject="V/v tuyên truyền kỷ niệm các ngày lễ lớn",
        content="Thực hiện Công văn số 219/TTCS-TTTQ ngày 04/4/2024 và Công văn số 221/TTCS-TTTQ ...",
        signer_info=SignerInfo(competence="KT. GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", full_name="Lê Hải Yến"),
        due_date=date(2024, 4, 30),
        to_places=["Như trên", "UBND các huyện, thành phố", "Lưu: VT, TTBCXB (ĐTT)"],
        other_info=OtherInfo(
            priority=0,
            sphere_of_promulgation="Liên thông văn bản quốc gia",
            typer_notation="ĐTT",
            promulgation_amount=15,
            page_amount=2,
            direction=False,
            appendixes=["Công văn 219/TTCS-TTTQ", "Công văn 221/TTCS-TTTQ"],
        ),
        steering_type=1,
        trace_headers=[TraceHeader(organ_id="000.00.18.H34", timestamp=datetime(2024, 4, 8, 9, 30, 0))],
        business=Business(
            bussiness_doc_reason="Văn bản điện tử mới",
            document_id="000.00.18.H34,2024/04/08,412/STTTT-TTBCXB",
            paper=0,
            staff_info=StaffInfo(
                department="Văn phòng", staff="Nguyễn Văn Thư", email="vanthu@langson.gov.vn"
            ),
        ),
        attachments=attachments
        if attachments is not None
        else [
            Attachment(
                "cid:1",
                "412-STTTT-TTBCXB.signed.pdf",
                b"%PDF-1.7\n" + bytes(range(256)) * 40,
                "application/pdf",
            ),
            Attachment("cid:2", "219-TTCS-TTTQ.pdf", b"%PDF-1.4\n...", "application/pdf", "Công văn 219"),
        ],
    )


MINIMAL = EdocMessage(sender=Organization(organ_id="A"), recipients=[Organization(organ_id="B")], subject="S")

EDOCS = {
    "sample-letter": sample_letter(),
    "minimal": MINIMAL,
    "no-attachments": sample_letter(attachments=[]),
    "recall": replace(
        sample_letter(attachments=[]),
        business=Business(bussiness_doc_type=BUSINESS_RECALL, bussiness_doc_reason="Thu hồi do sai sót"),
    ),
    "replace": replace(
        sample_letter(),
        business=Business(
            bussiness_doc_type=BUSINESS_REPLACE,
            bussiness_doc_reason="Thay thế",
            document_id="000.00.18.H34,2024/04/08,412/STTTT-TTBCXB",
            replacements=[
                ReplacementInfo(document_id="000.00.18.H34,2024/04/01,400/STTTT-TTBCXB", organ_ids=["X", "Y"])
            ],
        ),
    ),
    "update-recipients": replace(
        sample_letter(attachments=[]),
        business=Business(
            bussiness_doc_type=BUSINESS_UPDATE,
            bussiness_doc_reason="Bổ sung nơi nhận",
            document_id="000.00.18.H34,2024/04/08,412/STTTT-TTBCXB",
            document_info=BusinessDocumentInfo(
                document_info=0,
                document_receiver=1,
                receivers=[Receiver(receiver_type=1, organ_id="000.00.34.H34")],
            ),
        ),
    ),
    "reply": replace(
        MINIMAL,
        response_for=[
            ResponseFor(organ_id="000.00.00.G22", code="7816/VPCP-TTĐT", promulgation_date=date(2015, 9, 30))
        ],
    ),
}

STATUSES = {
    code: StatusMessage(
        sender=NEWSPAPER,
        status_code=code,
        response_for=ResponseFor(
            organ_id=SENDER.organ_id,
            code="412/STTTT-TTBCXB",
            promulgation_date=date(2024, 4, 8),
            document_id="000.00.18.H34,2024/04/08,412/STTTT-TTBCXB",
        ),
        staff_info=StaffInfo(department="Văn thư", staff="Trần Thị Văn", mobile="0912000001"),
        description=label,
        timestamp=datetime(2024, 4, 9, 8, 0, 0),
    )
    for code, label in STATUS_CODES.items()
}


class TestValidatesAgainstXsd:
    @pytest.mark.parametrize("message", EDOCS.values(), ids=EDOCS.keys())
    def test_edoc(self, message: EdocMessage) -> None:
        """Every edoc we write validates against edxml.xsd, our XSD of the standard's structure."""
        assert schema_errors(write_edoc(message)) == []

    @pytest.mark.parametrize("message", STATUSES.values(), ids=STATUSES.keys())
    def test_status(self, message: StatusMessage) -> None:
        """Every status we write (01–06, 13, 15, 16) validates against edxml.xsd."""
        assert schema_errors(write_status(message)) == []

    def test_tree_validates_without_reparsing(self) -> None:
        """build_edoc_tree validates in memory, for attachments over the parser's text-node limit."""
        big = sample_letter([Attachment("cid:big", "big.bin", b"\0" * (11 * 1024 * 1024))])
        assert schema_errors(build_edoc_tree(big)) == []

    def test_xsd_is_strict(self) -> None:
        """The XSD rejects an edoc without Subject: it checks something."""
        data = write_edoc(MINIMAL).replace(b"<edXML:Subject>S</edXML:Subject>", b"")
        assert schema_errors(data)


class TestRoundTrip:
    @pytest.mark.parametrize("message", EDOCS.values(), ids=EDOCS.keys())
    def test_edoc(self, message: EdocMessage) -> None:
        """read_message(write_edoc(m)) == m: nothing lost, nothing added."""
        assert read_message(write_edoc(message)) == message

    @pytest.mark.parametrize("message", STATUSES.values(), ids=STATUSES.keys())
    def test_status(self, message: StatusMessage) -> None:
        """read_message(write_status(m)) == m."""
        assert read_message(write_status(message)) == message

    @pytest.mark.parametrize("name", ["edoc-new-sample", "status-03-sample"], ids=["edoc", "status"])
    def test_reference_messages(self, name: str) -> None:
        """A real message read, written and read again is the same message, and what we wrote is valid."""
        message = read_message_file(REFERENCE / f"{name}.edxml")
        data = write_edoc(message) if isinstance(message, EdocMessage) else write_status(message)
        assert read_message(data) == message
        assert schema_errors(data) == []

    @settings(max_examples=100, deadline=None)
    @given(
        subject=st.text(min_size=1, max_size=200),
        name=st.text(max_size=80),
        payload=st.binary(min_size=1, max_size=2048),
    )
    def test_any_text_and_bytes(self, subject: str, name: str, payload: bytes) -> None:
        """Any text survives as trimmed NFC (characters XML cannot hold dropped); any bytes survive exactly."""
        from congvan.vbhc.edxml.values import clean
        from congvan.vbhc.edxml.writer import _NOT_XML

        subject_kept = clean(_NOT_XML.sub("", subject))
        if subject_kept is None:
            return
        message = replace(
            MINIMAL,
            subject=subject,
            attachments=[Attachment("cid:x", name or "f", payload)],
        )
        again = read_message(write_edoc(message))
        assert isinstance(again, EdocMessage)
        assert again.subject == subject_kept
        assert again.attachments[0].data == payload


class TestShape:
    def test_namespace_and_prefix(self) -> None:
        """Elements are in the standard's namespace, prefixed edXML, declared once on the root."""
        root = etree.fromstring(write_edoc(MINIMAL))
        assert root.tag == f"{{{NAMESPACE}}}edXML"
        assert root.nsmap == {"edXML": NAMESPACE}
        assert all(el.prefix == "edXML" for el in root.iter())

    def test_dates_as_the_standard_writes_them(self) -> None:
        """Dates are YYYY/MM/DD and timestamps YYYY/MM/DD HH:MM:SS in the message."""
        data = write_edoc(sample_letter())
        assert b"<edXML:PromulgationDate>2024/04/08<" in data
        assert b"<edXML:Timestamp>2024/04/08 09:30:00<" in data

    def test_absent_values_are_left_out(self) -> None:
        """None is not written as an empty element (other readers treat empty as a value)."""
        data = write_edoc(MINIMAL)
        assert b"<edXML:DueDate" not in data and b"<edXML:SignerInfo" not in data

    def test_control_characters_dropped(self) -> None:
        """Characters XML 1.0 cannot carry (pasted from Word) are dropped instead of failing the export."""
        message = read_message(write_edoc(replace(MINIMAL, subject="V/v\x0b tuyên\x00 truyền")))
        assert isinstance(message, EdocMessage) and message.subject == "V/v tuyên truyền"

    def test_spliced_content_is_plain_serialisation(self) -> None:
        """write_edoc splices base64 in after serialising (for speed); the bytes equal lxml's own output."""
        message = sample_letter()
        plain = etree.tostring(
            build_edoc_tree(message), xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        assert write_edoc(message) == plain

    def test_placeholder_text_in_fields_is_harmless(self) -> None:
        """Text that looks like the splice marker stays text (its '<' is escaped), and content stays intact."""
        marker = "<!--edxml-attachment-0-->"
        attachment = Attachment("cid:1", marker, b"payload", description=marker)
        message = replace(MINIMAL, subject=marker, attachments=[attachment])
        assert read_message(write_edoc(message)) == message

    def test_manifest_lists_each_attachment(self) -> None:
        """The body manifest carries one Reference per attachment, with the same ContentId."""
        root = etree.fromstring(write_edoc(sample_letter()))
        cids = root.findall(f".//{{{NAMESPACE}}}Reference/{{{NAMESPACE}}}ContentId")
        assert [c.text for c in cids] == ["cid:1", "cid:2"]


class TestRefusesIncomplete:
    @pytest.mark.parametrize(
        "message",
        [
            replace(MINIMAL, sender=Organization()),
            replace(MINIMAL, recipients=[]),
            replace(MINIMAL, recipients=[Organization(organ_name="no id")]),
            replace(MINIMAL, subject=None),
            replace(MINIMAL, attachments=[Attachment("cid:1", "a", b"a"), Attachment("cid:1", "b", b"b")]),
            replace(MINIMAL, attachments=[Attachment("cid:1", "empty.pdf", b"")]),
        ],
        ids=[
            "no-sender-id",
            "no-recipient",
            "recipient-without-id",
            "no-subject",
            "duplicate-cid",
            "empty-file",
        ],
    )
    def test_edoc(self, message: EdocMessage) -> None:
        """An edoc missing what the standard requires is refused before anything is written."""
        with pytest.raises(EdxmlError):
            write_edoc(message)

    @pytest.mark.parametrize(
        "code", ["3", "003", "ab", ""], ids=["one-digit", "three-digits", "letters", "empty"]
    )
    def test_status_code(self, code: str) -> None:
        """A status code is two digits."""
        with pytest.raises(EdxmlError):
            write_status(replace(STATUSES["03"], status_code=code))
