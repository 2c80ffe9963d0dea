"""Digital signatures (issue 4, Signatures): PAdES with pyHanko, incremental updates, verification.

Rules: Nghị định 30/2020 Điều 5 (an electronic document is valid with its digital signatures), Phụ lục I II.7.d
(the signer's image between title and name), II.8.a (the seal over the left third of the signer's image), II.8.b
(attachments: number, symbol and time at the top right of page 1, Times New Roman 10); Luật Giao dịch điện tử
2023 Điều 22-23 (a valid certificate at signing time; the document unchanged after signing).
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest

from congvan.vbhc.signing import (
    SigningError,
    load_pkcs12,
    seal_box,
    sign_attachment,
    sign_pdf,
    signature_space,
    verify_pdf,
)
from congvan.vbhc.signing.placement import MM
from signing_helpers import (
    AGENCY,
    AGENCY_PASS,
    SIGNER,
    SIGNER_PASS,
    TITLE,
    append_blank_page,
    keys,
    letter_pdf,
    signed_letter,
)


def trust() -> list[object]:
    return [keys().ca.certificate]


class TestSignAndVerify:
    """A document signed by its signer and its agency verifies: two valid signatures (Điều 5; Phụ lục I II.7-8)."""

    def test_two_valid_signatures_signer_then_agency(self) -> None:
        _, twice, _ = signed_letter()
        reports = verify_pdf(twice, trust_roots=trust())
        assert [r.signer for r in reports] == [SIGNER, AGENCY]
        assert all(r.ok for r in reports), [r.to_dict() for r in reports]
        assert reports[0].changes_after == "signatures"  # the agency's signature came later
        assert reports[1].changes_after == "none"
        assert reports[0].chain[-1].startswith("Common Name: Test CA")
        assert reports[0].signing_time is not None and reports[0].timestamp is None  # no RFC 3161 server
        assert reports[0].location == "Lạng Sơn"

    def test_every_signature_is_an_incremental_update(self) -> None:
        """A signed file is never rewritten: each signed version starts with the previous bytes."""
        once, twice, _ = signed_letter()
        assert once.startswith(letter_pdf())
        assert twice.startswith(once)
        assert twice.count(b"%%EOF") == letter_pdf().count(b"%%EOF") + 2

    def test_untrusted_root_is_reported_not_ok(self) -> None:
        _, twice, _ = signed_letter()
        reports = verify_pdf(twice, trust_roots=[])
        assert all(r.intact and r.valid and not r.trusted and not r.ok for r in reports)
        assert len(reports[0].chain) == 2  # still shown, from the certificates the signature carries

    def test_json_report_names_everything_the_interface_shows(self) -> None:
        _, twice, _ = signed_letter()
        data = verify_pdf(twice, trust_roots=trust())[0].to_dict()
        for key in (
            "signer",
            "signing_time",
            "chain",
            "intact",
            "valid",
            "trusted",
            "modified",
            "ok",
            "summary",
        ):
            assert key in data


class TestPlacement:
    """Phụ lục I II.7.d: the signer's image is centred between title and name; II.8.a: the seal covers the
    left third of it."""

    def test_signer_image_between_title_and_name(self) -> None:
        _, _, box = signed_letter()
        doc = pdfium.PdfDocument(letter_pdf())
        page = doc[box.page]
        text = page.get_textpage()
        name = text.get_charbox(text.search(SIGNER).get_next()[0])
        title = text.get_charbox(text.search(TITLE).get_next()[0])
        assert name[3] < box.y1 and box.y2 < title[1]  # above the name, below the title
        assert box.x1 > page.get_width() / 2  # in the right column

    def test_seal_over_left_third_of_signature(self) -> None:
        _, _, box = signed_letter()
        seal = seal_box(box)
        assert seal.x2 == pytest.approx(box.x1 + box.width / 3)
        assert seal.x1 < box.x1
        assert seal.width == pytest.approx(34 * MM)

    def test_widgets_where_placed(self) -> None:
        _, twice, box = signed_letter()
        from pypdf import PdfReader

        page = PdfReader(io.BytesIO(twice)).pages[box.page]
        rects = [tuple(float(v) for v in a.get_object()["/Rect"]) for a in page["/Annots"]]
        assert any(abs(r[0] - box.x1) < 1 and abs(r[3] - box.y2) < 1 for r in rects)
        assert len(rects) == 2

    def test_name_missing_is_a_clear_error(self) -> None:
        with pytest.raises(SigningError, match="Không tìm thấy tên người ký"):
            signature_space(letter_pdf(), name="Nguyễn Văn Không Có")


class TestAttachment:
    """Phụ lục I II.8.b, III.1.d: an attachment in a separate file gets the agency signature at the top right
    of page 1 showing number, symbol and signing time (ISO 8601, +07:00) in Times New Roman 10, no image."""

    def test_signed_at_top_right_of_page_one(self) -> None:
        from pypdf import PdfReader

        signed = sign_attachment(
            letter_pdf(), credentials=load_pkcs12(keys().agency_p12, AGENCY_PASS), number_symbol="05/QĐ-STTTT"
        )
        assert signed.startswith(letter_pdf())
        [report] = verify_pdf(signed, trust_roots=trust())
        assert report.ok and report.signer == AGENCY
        page = PdfReader(io.BytesIO(signed)).pages[0]
        [annot] = [a.get_object() for a in page["/Annots"]]
        x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert x1 > width / 2 and y2 > height - 20 * MM  # right half, in the top margin
        assert "/AP" in annot  # a visible appearance: the stamp text

    def test_stamp_text_in_times_new_roman_10(self) -> None:
        """The appearance's text: 'Số: 05/QĐ-STTTT' and the time with its +07:00 offset, Times-metric 10 pt."""
        import datetime as dt

        import pdfplumber

        from congvan.vbhc.signing import attachment_stamp_lines
        from congvan.vbhc.signing.appearance import text_pdf

        lines = attachment_stamp_lines("05/QĐ-STTTT", dt.datetime(2024, 4, 5, 2, 3, 4, tzinfo=dt.UTC))
        assert lines == ["Số: 05/QĐ-STTTT", "Thời gian ký: 2024-04-05T09:03:04+07:00"]
        with pdfplumber.open(io.BytesIO(text_pdf(lines, width_mm=78, height_mm=11))) as pdf:
            page = pdf.pages[0]
            assert page.extract_text().splitlines() == lines
            chars = page.chars
        assert {round(c["size"]) for c in chars} == {10}
        assert all(any(f in c["fontname"] for f in ("Times", "Tinos", "Liberation")) for c in chars)
        assert {c["non_stroking_color"] for c in chars} <= {(0,), (0, 0, 0), None, 0}


class TestTampering:
    """Luật Giao dịch điện tử 2023 Điều 22: a change after signing must show. One byte changed makes the
    signature not intact; a page appended without a signature is reported as modified."""

    @pytest.mark.parametrize(
        "where",
        [
            pytest.param("first_revision", id="byte-in-signed-content"),
            pytest.param("last_revision", id="byte-in-agency-revision"),
        ],
    )
    def test_one_byte_changed(self, where: str) -> None:
        once, twice, _ = signed_letter()
        data = bytearray(twice)
        if where == "first_revision":
            at = data.index(b"WeasyPrint")
        else:
            at = data.index(b"/Reason", len(once))
            at = data.index(b"(", at) + 1  # inside the agency's reason string, covered by its byte range
        data[at] ^= 0x01
        reports = verify_pdf(bytes(data), trust_roots=trust())
        assert not all(r.ok for r in reports)
        broken = reports if where == "first_revision" else reports[1:]
        assert all(not r.intact or not r.valid for r in broken)

    def test_page_appended_without_signature_is_modified(self) -> None:
        _, twice, _ = signed_letter()
        tampered = append_blank_page(twice)
        assert tampered.startswith(twice)
        reports = verify_pdf(tampered, trust_roots=trust())
        assert [r.modified for r in reports] == [True, True]
        assert all(r.intact and not r.ok for r in reports)
        assert reports[0].summary_vi() == "Không hợp lệ: văn bản đã bị sửa đổi sau khi ký"


def _sign(pdf: bytes, p12: bytes, passphrase: bytes) -> bytes:
    return sign_pdf(pdf, pkcs12=p12, passphrase=passphrase, reason="test")


class TestBadInput:
    """Bad input gets a clear error (Vietnamese, then English) and nothing is signed (Luật GDĐT 2023 Điều 23)."""

    @pytest.mark.parametrize(
        ("case", "message"),
        [
            pytest.param("broken-p12", "không phải tệp PKCS#12", id="broken-pkcs12"),
            pytest.param("empty-p12", "rỗng", id="empty-pkcs12"),
            pytest.param("wrong-passphrase", "Mật khẩu của chứng thư số không đúng", id="wrong-passphrase"),
            pytest.param("expired", "đã hết hạn", id="expired-certificate"),
            pytest.param("not-yet-valid", "chưa có hiệu lực", id="not-yet-valid-certificate"),
            pytest.param("modified", "đã bị sửa đổi sau khi ký", id="pdf-modified-after-signing"),
            pytest.param("not-pdf", "không phải là PDF", id="not-a-pdf"),
            pytest.param("truncated-pdf", "PDF", id="truncated-pdf"),
        ],
    )
    def test_refused_with_a_clear_message(self, case: str, message: str) -> None:
        from signing_helpers import certificate_p12

        k = keys()
        pdf, p12, passphrase = letter_pdf(), k.signer_p12, SIGNER_PASS
        if case == "broken-p12":
            p12 = p12[: len(p12) // 2]
        elif case == "empty-p12":
            p12 = b""
        elif case == "wrong-passphrase":
            passphrase = b"sai"
        elif case == "expired":
            p12 = certificate_p12(days_from_now=-400, days_valid=30)
        elif case == "not-yet-valid":
            p12 = certificate_p12(days_from_now=30, days_valid=365)
        elif case == "modified":
            pdf = append_blank_page(signed_letter()[1])
        elif case == "not-pdf":
            pdf = "Công văn số 05 — văn bản thường".encode()
        elif case == "truncated-pdf":
            pdf = pdf[:200]
        with pytest.raises(SigningError) as caught:
            _sign(pdf, p12, passphrase)
        assert message in caught.value.vi
        assert caught.value.en  # and an English one for the logs

    def test_verify_refuses_what_is_not_a_pdf(self) -> None:
        with pytest.raises(SigningError, match="không phải là PDF"):
            verify_pdf(b"<html>not a pdf</html>", trust_roots=trust())

    def test_unreachable_timestamp_server_is_a_clear_error(self) -> None:
        """Timestamps come from the configured RFC 3161 server; when it does not answer, nothing is signed."""
        with pytest.raises(SigningError, match="dấu thời gian"):
            sign_pdf(
                letter_pdf(),
                pkcs12=keys().signer_p12,
                passphrase=SIGNER_PASS,
                timestamp_url="http://127.0.0.1:9/tsa",
            )

    def test_unsigned_pdf_has_no_reports(self) -> None:
        assert verify_pdf(letter_pdf(), trust_roots=trust()) == []


def test_attachment_stamp_time_is_the_signing_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Phụ lục I II.8.b: the time shown on the attachment is the signature's own signing time (+07:00)."""
    from congvan.vbhc.signing import sign as sign_module

    shown: list[list[str]] = []
    original = sign_module.attachment_stamp_lines

    def spy(number_symbol, signed_at):  # type: ignore[no-untyped-def]
        shown.append(original(number_symbol, signed_at))
        return shown[-1]

    monkeypatch.setattr(sign_module, "attachment_stamp_lines", spy)
    signed = sign_attachment(
        letter_pdf(), credentials=load_pkcs12(keys().agency_p12, AGENCY_PASS), number_symbol="05/STTTT-TTBCXB"
    )
    [report] = verify_pdf(signed, trust_roots=trust())
    assert report.signing_time is not None
    local = report.signing_time.astimezone(sign_module.VIETNAM)
    assert shown == [["Số: 05/STTTT-TTBCXB", f"Thời gian ký: {local.isoformat()}"]]
    assert local.isoformat().endswith("+07:00")
