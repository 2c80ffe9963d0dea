"""Reading edXML messages (QCVN 102:2016): the reference messages exactly, messy vendor messages leniently,
malformed ones refused with the line and the reason."""

from __future__ import annotations

import base64
import json
import pathlib
import textwrap
from datetime import date, datetime

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from congvan.vbhc.edxml import (
    DEFAULT_LIMITS,
    DocumentIdParts,
    EdocMessage,
    EdxmlError,
    StatusMessage,
    extract_zip,
    make_document_id,
    read_message,
    read_message_file,
    split_document_id,
    to_json,
)
from congvan.vbhc.edxml.attachments import Base64Stream, decode_base64
from congvan.vbhc.edxml.values import parse_date, parse_timestamp

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "edxml"
REFERENCE = FIXTURES / "reference"
SCHEMA = json.loads((FIXTURES / "edxml-message.schema.json").read_text(encoding="utf-8"))
MESSY = sorted(p.name for p in FIXTURES.glob("*.edxml") if p.name != "broken-tag.edxml")


def read(name: str) -> EdocMessage | StatusMessage:
    return read_message((FIXTURES / name).read_bytes())


def edoc(name: str) -> EdocMessage:
    message = read(name)
    assert isinstance(message, EdocMessage)
    return message


class TestReferenceMessages:
    @pytest.mark.parametrize("name", ["edoc-new-sample", "status-03-sample"], ids=["edoc", "status"])
    def test_reads_as_expected_json(self, name: str) -> None:
        """The two real messages read exactly as their .expected.json (DESIGN §4, edxml inspect)."""
        got = to_json(read_message_file(REFERENCE / f"{name}.edxml"))
        want = json.loads((REFERENCE / f"{name}.expected.json").read_text(encoding="utf-8"))
        assert {key: got[key] for key in want} == want

    @pytest.mark.parametrize("name", ["edoc-new-sample", "status-03-sample"], ids=["edoc", "status"])
    def test_reads_without_warnings(self, name: str) -> None:
        """A message that follows the standard leaves nothing to report."""
        assert read_message_file(REFERENCE / f"{name}.edxml").warnings == []

    def test_kind_follows_status_code(self) -> None:
        """A MessageHeader with a StatusCode is a status message; without one, an edoc."""
        assert isinstance(read_message_file(REFERENCE / "status-03-sample.edxml"), StatusMessage)
        assert isinstance(read_message_file(REFERENCE / "edoc-new-sample.edxml"), EdocMessage)

    def test_zipped_attachment_holds_another_message(self) -> None:
        """A zipped attachment is carried as the zip's bytes; extract_zip opens it within the limits."""
        message = read_message_file(REFERENCE / "edoc-new-sample.edxml")
        assert isinstance(message, EdocMessage)
        [(member_name, member)] = extract_zip(message.attachments[0].data, DEFAULT_LIMITS)
        assert member_name.endswith(".edxml")
        inner = read_message(member)
        assert isinstance(inner, EdocMessage)
        assert inner.document_id == "9fbfbad2-f1f8-4256-a2eb-50fb1061cddb"


@pytest.mark.parametrize(
    "name", MESSY + ["reference/edoc-new-sample.edxml", "reference/status-03-sample.edxml"]
)
def test_json_view_follows_the_schema(name: str) -> None:
    """Every message read prints as spec/edxml-message.schema.json describes, every key present."""
    jsonschema.Draft202012Validator(SCHEMA).validate(to_json(read(name)))


class TestMessyMessages:
    @pytest.mark.parametrize(
        ("name", "field", "expected"),
        [
            ("late-namespace.edxml", lambda m: m.sender.organ_id, "000.00.18.H34"),
            (
                "late-namespace.edxml",
                lambda m: [o.organ_name for o in m.recipients],
                ["Báo Lạng Sơn", "Đài Phát thanh và Truyền hình tỉnh"],
            ),
            ("late-namespace.edxml", lambda m: m.document_id, "000.00.18.H34,2024/04/08,412/STTTT-TTBCXB"),
            (
                "late-namespace.edxml",
                lambda m: (m.attachments[0].name, m.attachments[0].content_type),
                ("ghi-chu.txt", "text/plain"),
            ),
            ("late-namespace.edxml", lambda m: m.attachments[0].data.decode(), "Ghi chú tuyên truyền.\n"),
            ("unaccented.edxml", lambda m: m.promulgation_info.promulgation_date, date(2024, 4, 5)),
            ("unaccented.edxml", lambda m: m.due_date, date(2024, 4, 30)),
            ("unaccented.edxml", lambda m: m.business.bussiness_doc_type, 3),
            ("unaccented.edxml", lambda m: m.business.replacements[0].organ_ids, ["000.00.18.H34"]),
            ("unaccented.edxml", lambda m: m.trace_headers[0].timestamp, datetime(2024, 4, 5, 8, 30)),
            ("unaccented.edxml", lambda m: m.other_info.page_amount, None),
            ("undeclared-prefix.edxml", lambda m: m.attachments[0].name, "to-trinh.pdf"),
            ("undeclared-prefix.edxml", lambda m: m.attachments[0].description, "Tờ trình"),
            ("zipped-attachment.edxml", lambda m: m.attachments[0].is_zip, True),
            ("nfd-text.edxml", lambda m: m.subject, "V/v tuyên truyền kỷ niệm"),
            ("utf16.edxml", lambda m: m.sender.organ_name, "Sở Thông tin và Truyền thông Lạng Sơn"),
        ],
        ids=[
            "late-ns-sender",
            "late-ns-recipients-in-order",
            "late-ns-documentid-after-steering",
            "late-ns-attachment-name-from-manifest",
            "late-ns-unprefixed-attachment",
            "day-first-date",
            "iso-due-date",
            "business-english-spelling",
            "replacement-organs",
            "iso-trace-timestamp",
            "non-numeric-count-is-none",
            "undeclared-xlink-prefix",
            "description-from-manifest",
            "zip-detected",
            "nfd-to-nfc",
            "utf16-with-bom",
        ],
    )
    def test_field(self, name: str, field, expected) -> None:
        """Messy but well-formed messages read: elements found by name in any namespace and order."""
        assert field(edoc(name)) == expected

    def test_empty_elements_read_as_absent(self) -> None:
        """Empty elements are None or empty lists, never empty strings (schema: 'carries empty, is null')."""
        message = edoc("empty-and-commented.edxml")
        assert message.sender.email is None and message.sender.fax is None
        assert message.recipients[0].organ_name is None
        assert message.code.code_notation is None
        assert message.promulgation_info.promulgation_date is None
        assert message.signer_info is None
        assert message.to_places == [] and message.other_info.appendixes == []
        assert message.other_info.priority is None and message.steering_type is None

    def test_commented_and_empty_response_for_are_ignored(self) -> None:
        """A commented-out ResponseFor does not exist; an all-empty one means 'none' (vendor habit)."""
        assert edoc("empty-and-commented.edxml").response_for == []

    def test_trailing_spaces_trimmed(self) -> None:
        """Strings are trimmed (schema)."""
        assert edoc("empty-and-commented.edxml").subject == "Báo cáo tình hình"

    def test_empty_status_code_reads_as_edoc(self) -> None:
        """An empty StatusCode does not make a status message; it is reported."""
        message = edoc("empty-and-commented.edxml")
        assert any("StatusCode" in w for w in message.warnings)

    def test_status_code_gets_leading_zero(self) -> None:
        """Status codes are two digits ('05'); a vendor's '5' is read as '05' and reported."""
        message = read("status-unprefixed.edxml")
        assert isinstance(message, StatusMessage)
        assert message.status_code == "05"
        assert message.status_label == "Đang xử lý"
        assert message.warnings

    def test_unknown_status_code_kept_and_reported(self) -> None:
        """A status code outside QCVN 102's list is kept as written (a vendor's private code) and reported."""
        source = (FIXTURES / "status-unprefixed.edxml").read_bytes().replace(b">5<", b">99<")
        message = read_message(source)
        assert isinstance(message, StatusMessage) and message.status_code == "99"
        assert any("99" in w for w in message.warnings)

    @pytest.mark.parametrize(
        ("type_code", "type_name", "disagrees"),
        [("1", "Thong tu", True), ("1", "Thông tư", True), ("2", "Công văn", True), ("1", "Công văn", False),
         ("2", "Nghị định", False), ("1", "Quyết định", False), ("2", "Quyết định", False)],
        ids=["unaccented-thong-tu-as-1", "thong-tu-as-1", "cong-van-as-2", "cong-van-as-1", "nghi-dinh-as-2",
             "quyet-dinh-either-1", "quyet-dinh-either-2"],
    )  # fmt: skip
    def test_type_code_against_type_name(self, type_code: str, type_name: str, disagrees: bool) -> None:
        """Type (1 administrative, 2 legal) that disagrees with TypeName is reported; TypeName is kept."""
        source = (FIXTURES / "unaccented.edxml").read_text(encoding="utf-8")
        source = source.replace("<Type>1</Type>", f"<Type>{type_code}</Type>").replace("Thong tu", type_name)
        message = read_message(source.encode())
        assert isinstance(message, EdocMessage)
        assert message.document_type.type_name == type_name
        assert any("TypeName" in w for w in message.warnings) is disagrees

    def test_manifest_without_content_is_reported(self) -> None:
        """A manifest Reference with no carried attachment is noted, not fatal."""
        source = (FIXTURES / "undeclared-prefix.edxml").read_bytes()
        start, end = source.index(b"<edXML:AttachmentEncoded>"), source.index(b"</edXML:AttachmentEncoded>")
        message = read_message(source[:start] + source[end + len(b"</edXML:AttachmentEncoded>") :])
        assert message.warnings and isinstance(message, EdocMessage) and message.attachments == []


class TestRefused:
    def test_not_well_formed_names_line(self) -> None:
        """Malformed XML is refused with the line where the parser stopped and its reason."""
        with pytest.raises(EdxmlError) as caught:
            read("broken-tag.edxml")
        assert caught.value.line == 7
        assert "Subjct" in caught.value.en and "dòng 7" in str(caught.value)

    @pytest.mark.parametrize(
        "data",
        [
            b"",
            b"   ",
            b"<edXML",
            b"<edXML></edXML><x/>",
            b"\xff\xfe\x00garbage",
            b"<edXML>&undefined;</edXML>",
        ],
        ids=["empty", "blank", "truncated", "two-roots", "bad-bom", "undefined-entity"],
    )
    def test_malformed_bytes(self, data: bytes) -> None:
        """Anything not well-formed raises EdxmlError (never lxml's own exception)."""
        with pytest.raises(EdxmlError):
            read_message(data)

    def test_other_root_is_not_edxml(self) -> None:
        """A well-formed document whose root is not edXML is refused, naming the root."""
        with pytest.raises(EdxmlError, match="document"):
            read("not-edxml.xml")

    def test_missing_message_header(self) -> None:
        """An edXML root without MessageHeader cannot be a message."""
        with pytest.raises(EdxmlError, match="MessageHeader"):
            read_message(b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope/></edXML>')

    def test_bad_base64_names_the_element(self) -> None:
        """Attachment content that is not base64 is refused, naming the attachment's element."""
        source = (FIXTURES / "late-namespace.edxml").read_bytes().replace(b"R2hpIGNo", b"R2h!IGNo")
        with pytest.raises(EdxmlError) as caught:
            read_message(source)
        assert caught.value.where and "ContentTransferEncoded" in caught.value.where

    def test_missing_file(self, tmp_path: pathlib.Path) -> None:
        """A file that cannot be opened is an EdxmlError too, so the CLI reports it the same way."""
        with pytest.raises(EdxmlError):
            read_message_file(tmp_path / "none.edxml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2019/01/16", date(2019, 1, 16)), ("2019-01-16", date(2019, 1, 16)), ("16/01/2019", date(2019, 1, 16)),
     ("2019/1/6", date(2019, 1, 6)), ("2019/01/16 00:00:00", date(2019, 1, 16)), ("2014/02/30", None),
     ("hôm qua", None), ("", None)],
    ids=["standard", "iso", "day-first", "unpadded", "with-time", "impossible", "words", "empty"],
)  # fmt: skip
def test_dates(text: str, expected: date | None) -> None:
    """Dates: YYYY/MM/DD as the standard writes them, and the other forms vendors send; invalid ones are None."""
    assert parse_date(text, "x", []) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2015/09/20 11:08:36", "2015-09-20T11:08:36"), ("2015-09-20T11:08:36", "2015-09-20T11:08:36"),
     ("2015/09/20", "2015-09-20T00:00:00"), ("20/09/2015 11:08", "2015-09-20T11:08:00"),
     ("2015-09-20T11:08:36+07:00", "2015-09-20T11:08:36+07:00")],
    ids=["standard", "iso", "date-only", "day-first-no-seconds", "with-zone"],
)  # fmt: skip
def test_timestamps(text: str, expected: str) -> None:
    """Timestamps print as 'YYYY-MM-DDTHH:MM:SS' as written, no zone added (schema)."""
    value = parse_timestamp(text, "x", [])
    assert value is not None and value.isoformat() == expected


class TestBase64:
    @settings(max_examples=100, deadline=None)
    @given(
        payload=st.binary(max_size=300_000),
        cuts=st.lists(st.integers(min_value=0, max_value=400_000), max_size=8),
    )
    def test_streamed_decoding_matches_whole(self, payload: bytes, cuts: list[int]) -> None:
        """Attachment text decoded as the parser streams it, split anywhere and MIME-wrapped, equals the bytes."""
        text = "\r\n".join(textwrap.wrap(base64.b64encode(payload).decode(), 76))
        stream = Base64Stream()
        previous = 0
        for cut in sorted(c % (len(text) + 1) for c in cuts) + [len(text)]:
            stream.feed(text[previous:cut])
            previous = cut
        assert stream.finish("x") == payload

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("QUJD", b"ABC"), ("QUI", b"AB"), ("QQ", b"A"), (" Q U I = ", b"AB"), ("", b"")],
        ids=["exact", "missing-one-pad", "missing-two-pads", "spaces", "empty"],
    )
    def test_lenient_padding_and_whitespace(self, text: str, expected: bytes) -> None:
        """Missing padding and whitespace anywhere are vendor habits, not errors."""
        assert decode_base64(text, "x") == expected

    @pytest.mark.parametrize(
        "text", ["QU!D", "QQ==QUJD=", "Q"], ids=["bad-char", "pad-in-middle", "one-char"]
    )
    def test_invalid_refused(self, text: str) -> None:
        """What is not base64 is refused, naming where."""
        with pytest.raises(EdxmlError, match="base64"):
            decode_base64(text, "/edXML/x")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "passwd"), ("C:\\Windows\\evil.exe", "evil.exe"), ("..", "attachment"),
     (".hidden", "hidden"), ("Công văn 412.pdf", "Công văn 412.pdf")],
    ids=["posix-traversal", "windows-path", "dots-only", "hidden", "plain"],
)  # fmt: skip
def test_safe_filename(name: str, expected: str) -> None:
    """An attachment's name from another system never chooses a directory when saved."""
    from congvan.vbhc.edxml import Attachment

    assert Attachment("cid:1", name, b"x").safe_filename == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("000.00.00.G22,2015/09/30,7816/VPCP-TTĐT", ("000.00.00.G22", date(2015, 9, 30), "7816/VPCP-TTĐT")),
     (" 000.00.18.H34 , 2024/4/8 , 412/STTTT-TTBCXB ", ("000.00.18.H34", date(2024, 4, 8), "412/STTTT-TTBCXB")),
     ("000.00.00.G22,2014/02/30,7806/VPCP-TTĐT", None),
     ("9fbfbad2-f1f8-4256-a2eb-50fb1061cddb", None), (None, None)],
    ids=["standard", "spaces-unpadded", "impossible-date", "uuid", "none"],
)  # fmt: skip
def test_split_document_id(text: str | None, expected: tuple | None) -> None:
    """Document identifiers are 'OrganId,YYYY/MM/DD,number/symbol' (DESIGN §3); other shapes give None."""
    parts = split_document_id(text)
    assert (None if parts is None else (parts.organ_id, parts.promulgation_date, parts.code)) == expected


def test_make_document_id_round_trips() -> None:
    """make_document_id writes the shape split_document_id reads, with the standard's padded date."""
    made = make_document_id("000.00.18.H34", date(2024, 4, 8), "412", "STTTT-TTBCXB")
    assert made == "000.00.18.H34,2024/04/08,412/STTTT-TTBCXB"
    assert split_document_id(made) == DocumentIdParts("000.00.18.H34", date(2024, 4, 8), "412/STTTT-TTBCXB")
