"""The document reader: fields of spec/parsed-document.schema.json from text, .docx, PDF and scans.

Layout variations are built from the real letter of tests/fixtures/documents/02_* (UBND Quảng Ngãi,
/UBND-KGVX, 2025) so that each test changes one thing the issue lists and checks one field.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from congvan.vbhc.reader import ParseError, parse_file, parse_text

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
SCHEMA_KEYS = {
    "source", "issuer", "issuer_parent", "number", "symbol", "type", "place", "date", "subject",
    "recipients", "references", "signature", "distribution", "urgency", "confidentiality", "body", "warnings",
}  # fmt: skip

HEADER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 15/UBND-KGVX
Quảng Ngãi, ngày 05 tháng 02 năm 2025
V/v góp ý dự thảo Quyết định sửa
đổi, bổ sung Quyết định số 2269/QĐ-TTg
"""
BODY = """Kính gửi: Sở Thông tin và Truyền thông

Theo đề nghị của Bộ Thông tin và Truyền thông tại Công văn số 202/BTTTT-KHTC ngày 21/01/2025,
Chủ tịch UBND tỉnh giao Sở Thông tin và Truyền thông chủ trì tham gia góp ý./.
"""
FOOTER = """Nơi nhận:
- Như trên;
- CT, PCT UBND tỉnh (b/cáo);
- Lưu: VT, KGVX.

TL. CHỦ TỊCH
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG

Phùng Tô Long
"""
LETTER = HEADER + "\n" + BODY + "\n" + FOOTER


def read(text: str) -> dict[str, Any]:
    return parse_text(text, "letter.txt")


class TestSchema:
    """parse_text returns exactly the schema's object: every key, None or [] when absent."""

    def test_every_key_present(self) -> None:
        """All schema keys are present, even for text with no document in it."""
        doc = read("không có gì")
        assert doc.keys() >= SCHEMA_KEYS
        assert doc["signature"] == {"authority": None, "title": None, "name": None}
        assert doc["recipients"] == [] and doc["references"] == [] and doc["distribution"] == []

    def test_output_is_json_serialisable(self) -> None:
        """The result goes straight to json.dumps (the CLI's --json)."""
        json.dumps(read(LETTER), ensure_ascii=False)

    def test_seed_sample_reads_exactly(self) -> None:
        """The project's seed letter reads to its expected JSON, field by field."""
        name = "01_sttttlangson_congvan_tuyentruyen"
        doc = parse_file(str(CORPUS / f"{name}.txt"))
        expected = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
        for field, value in expected.items():
            if field != "source":
                assert doc[field] == value, field


class TestHeader:
    """Issuer, number, symbol, type, place and date as written in the header."""

    def test_reads_letter(self) -> None:
        """The plain two-column header, flattened left column first."""
        doc = read(LETTER)
        assert (doc["issuer"], doc["number"], doc["symbol"]) == (
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
            "15",
            "UBND-KGVX",
        )
        assert (doc["type"], doc["place"], doc["date"]) == ("Công văn", "Quảng Ngãi", "2025-02-05")

    def test_right_column_first(self) -> None:
        """Motto and date before the issuer (the other flattening order)."""
        lines = HEADER.splitlines()
        text = "\n".join(lines[2:4] + [lines[5]] + lines[0:2] + [lines[4]] + lines[6:]) + "\n" + BODY
        doc = read(text)
        assert doc["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
        assert doc["date"] == "2025-02-05"

    def test_interleaved_columns(self) -> None:
        """Left and right column on one line each: 'ỦY BAN NHÂN DÂN CỘNG HÒA ...'."""
        text = (
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
            "Số: 23/BC-UBND Quảng Ngãi, ngày 23 tháng 01 năm 2025\nBÁO CÁO\nTình hình cải cách thủ tục hành chính\n"
        )
        doc = read(text + BODY)
        assert (doc["issuer"], doc["number"], doc["type"]) == (
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
            "23",
            "Báo cáo",
        )
        assert (doc["place"], doc["date"]) == ("Quảng Ngãi", "2025-01-23")

    def test_blank_number(self) -> None:
        """'Số:   /UBND-KGVX': number None, symbol kept, a warning says so."""
        doc = read(LETTER.replace("Số: 15/", "Số:      /"))
        assert (doc["number"], doc["symbol"]) == (None, "UBND-KGVX")
        assert "number left blank" in doc["warnings"]

    def test_blank_day(self) -> None:
        """'ngày   tháng 02 năm 2025': only year and month, and a warning."""
        doc = read(LETTER.replace("ngày 05 tháng", "ngày     tháng"))
        assert doc["date"] == "2025-02"
        assert "day of the date left blank" in doc["warnings"]

    def test_party_numbering(self) -> None:
        """'Số 11-NQ/TW' (no colon, hyphen): number '11', symbol 'NQ/TW', the party motto ignored."""
        text = "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 11-NQ/TW\nHà Nội, ngày 10 tháng 02 năm 2022\n"
        doc = read(text + "NGHỊ QUYẾT\nVề phương hướng phát triển vùng trung du\n")
        assert (doc["issuer"], doc["number"], doc["symbol"], doc["type"]) == (
            "BAN CHẤP HÀNH TRUNG ƯƠNG", "11", "NQ/TW", "Nghị quyết",
        )  # fmt: skip

    def test_managing_body_above_issuer(self) -> None:
        """Two agency lines: the upper one is issuer_parent."""
        doc = read("UBND TỈNH LẠNG SƠN\nSỞ THÔNG TIN VÀ\nTRUYỀN THÔNG\n" + LETTER.split("\n", 2)[2])
        assert (doc["issuer_parent"], doc["issuer"]) == ("UBND TỈNH LẠNG SƠN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG")

    @pytest.mark.parametrize(
        ("line", "field", "value"),
        [("HỎA TỐC", "urgency", "Hỏa tốc"), ("THƯỢNG KHẨN", "urgency", "Thượng khẩn"),
         ("KHẨN", "urgency", "Khẩn"), ("MẬT", "confidentiality", "Mật"), ("TỐI MẬT", "confidentiality", "Tối mật")],
        ids=["hoa-toc", "thuong-khan", "khan", "mat", "toi-mat"],
    )  # fmt: skip
    def test_urgency_and_secrecy_marks(self, line: str, field: str, value: str) -> None:
        """A mark line in the header gives urgency or confidentiality in its canonical spelling."""
        doc = read(LETTER.replace("V/v góp ý", f"{line}\nV/v góp ý"))
        assert doc[field] == value

    @pytest.mark.parametrize(
        ("title", "type_"),
        [("QUYẾT ĐỊNH", "Quyết định"), ("KẾ HOẠCH", "Kế hoạch"), ("TỜ TRÌNH", "Tờ trình"),
         ("GIẤY MỜI", "Giấy mời"), ("THÔNG BÁO", "Thông báo"), ("THÔNG TƯ LIÊN TỊCH", "Thông tư liên tịch")],
        ids=["qd", "kh", "ttr", "gm", "tb", "ttlt"],
    )  # fmt: skip
    def test_type_from_title(self, title: str, type_: str) -> None:
        """The capitalised title line names the type; the next lines are the subject."""
        text = HEADER.split("V/v")[0] + f"{title}\nVề việc tổ chức hội nghị tổng kết\n\n" + BODY
        doc = read(text)
        assert (doc["type"], doc["subject"]) == (type_, "tổ chức hội nghị tổng kết")

    def test_number_label_and_symbol_in_different_rows(self) -> None:
        """'Số:' in one table row and '/TTr-VPCP' rows below, after the motto (a Word draft)."""
        text = (
            "VĂN PHÒNG CHÍNH PHỦ\nSố:\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "/TTr-VPCP\n\nHà Nội, ngày\n\ntháng\n\nnăm 2016\n\nDỰ THẢO\n\nTỜ TRÌNH\nVề dự thảo Quy chế\n"
        )
        doc = read(text)
        assert (doc["issuer"], doc["number"], doc["symbol"], doc["type"]) == (
            "VĂN PHÒNG CHÍNH PHỦ", None, "TTr-VPCP", "Tờ trình",
        )  # fmt: skip

    def test_date_spread_over_rows(self) -> None:
        """'Hà Nội, ngày' / 'tháng' / 'năm 2016' on separate rows is one date line (year only)."""
        doc = read("BỘ NỘI VỤ\nSố: 12/BNV-VP\nHà Nội, ngày\n\ntháng\n\nnăm 2016\nV/v báo cáo\n")
        assert (doc["place"], doc["date"]) == ("Hà Nội", "2016")

    def test_draft_mark_is_not_the_issuer(self) -> None:
        """'DỰ THẢO' stamped above the title is skipped when looking for the issuer."""
        doc = read("DỰ THẢO\nBỘ NỘI VỤ\nSố: 12/BNV-VP\nHà Nội, ngày 05 tháng 3 năm 2016\nV/v báo cáo\n")
        assert doc["issuer"] == "BỘ NỘI VỤ"

    def test_type_from_symbol_when_title_lost(self) -> None:
        """No title line: 'QĐ-UBND' in the symbol still says Quyết định."""
        doc = read(LETTER.replace("15/UBND-KGVX", "15/QĐ-UBND").replace("V/v ", ""))
        assert doc["type"] == "Quyết định"


class TestSubject:
    """The trích yếu, joined into one line, without 'V/v' / 'Về việc'."""

    def test_multi_line_vv(self) -> None:
        """A V/v wrapped over two lines is joined with a space."""
        assert (
            read(LETTER)["subject"] == "góp ý dự thảo Quyết định sửa đổi, bổ sung Quyết định số 2269/QĐ-TTg"
        )

    @pytest.mark.parametrize(
        "prefix", ["V/v:", "Về việc :", "V/V", "VỀ VIỆC"], ids=["colon", "old-style", "caps", "caps-full"]
    )
    def test_prefix_variants(self, prefix: str) -> None:
        """Old styles ('Về việc :') and capitals lose the prefix the same way."""
        doc = read(LETTER.replace("V/v góp ý", f"{prefix} góp ý"))
        assert doc["subject"].startswith("góp ý dự thảo")

    def test_symbol_wrapped_at_slash(self) -> None:
        """'2269/' at a line end and 'QĐ-TTg' on the next line join without a space."""
        doc = read(LETTER.replace("số 2269/QĐ-TTg", "số 2269/\nQĐ-TTg"))
        assert doc["subject"].endswith("số 2269/QĐ-TTg")


class TestRecipients:
    """'Kính gửi:' entries, on one line or as a dash list."""

    def test_one_line(self) -> None:
        """'Kính gửi: Sở ...' is one recipient."""
        assert read(LETTER)["recipients"] == ["Sở Thông tin và Truyền thông"]

    def test_dash_list_with_wrapped_entry(self) -> None:
        """A dash list whose entry wraps onto a line starting with a capital."""
        body = BODY.replace(
            "Kính gửi: Sở Thông tin và Truyền thông",
            "Kính gửi:\n- Văn phòng Chính phủ;\n- Bộ trưởng Bộ Nội vụ, Tổ phó Tổ công tác của\nThủ tướng Chính phủ.",
        )
        doc = read(HEADER + body)
        assert doc["recipients"] == [
            "Văn phòng Chính phủ",
            "Bộ trưởng Bộ Nội vụ, Tổ phó Tổ công tác của Thủ tướng Chính phủ",
        ]

    def test_inline_dash_list(self) -> None:
        """'Kính gửi: - A; - B.' on one line gives two entries."""
        doc = read(
            HEADER + BODY.replace("Sở Thông tin và Truyền thông\n", "- Sở Tài chính; - Sở Nội vụ.\n", 1)
        )
        assert doc["recipients"] == ["Sở Tài chính", "Sở Nội vụ"]


class TestReferences:
    """Cited documents, in order of first citation, each once."""

    def test_slash_date_and_kind(self) -> None:
        """'Công văn số 202/BTTTT-KHTC ngày 21/01/2025' gives kind, number, symbol, date."""
        refs = read(LETTER)["references"]
        assert {"kind": "Công văn", "number": "202", "symbol": "BTTTT-KHTC", "date": "2025-01-21"} in refs

    def test_subject_citation_first_and_dated_later(self) -> None:
        """A citation in the subject comes first; a later citation fills its date."""
        text = LETTER.replace("./.", " theo Quyết định số 2269/QĐ-TTg ngày 31/12/2021./.")
        assert read(text)["references"][0] == {
            "kind": "Quyết định", "number": "2269", "symbol": "QĐ-TTg", "date": "2021-12-31",
        }  # fmt: skip

    def test_written_out_date(self) -> None:
        """'ngày 04 tháng 4 năm 2024' is a date as well as '04/4/2024'."""
        refs = read("Thực hiện Kế hoạch số 23/KH-UBND ngày 04 tháng 4 năm 2024 của UBND tỉnh.")["references"]
        assert refs == [{"kind": "Kế hoạch", "number": "23", "symbol": "KH-UBND", "date": "2024-04-04"}]

    def test_party_reference(self) -> None:
        """'Nghị quyết 11-NQ/TW ngày 10/2/2022' is number 11, symbol NQ/TW."""
        refs = read("nhất là Nghị quyết 11-NQ/TW ngày 10/2/2022 của Bộ Chính trị")["references"]
        assert refs == [{"kind": "Nghị quyết", "number": "11", "symbol": "NQ/TW", "date": "2022-02-10"}]

    def test_symbol_broken_over_lines(self) -> None:
        """'Công điện số 131/CĐ-' / 'TTg ngày ...' is one citation."""
        refs = read("tại Công điện số 131/CĐ-\nTTg ngày 11/12/2024 của Thủ tướng")["references"]
        assert refs[0]["symbol"] == "CĐ-TTg" and refs[0]["date"] == "2024-12-11"

    def test_dates_are_not_citations(self) -> None:
        """'04/4/2024' and '2021-2025' are not documents."""
        assert read("từ ngày 04/4/2024, giai đoạn 2021-2025")["references"] == []

    def test_own_number_is_not_a_reference(self) -> None:
        """The document's own number and symbol, repeated in the body, is not cited."""
        doc = read(LETTER.replace("./.", " (Công văn số 15/UBND-KGVX)./."))
        assert all(ref["number"] != "15" for ref in doc["references"])

    def test_generic_document_has_no_kind(self) -> None:
        """'văn bản số ...' does not say which type: kind is None."""
        refs = read("tại văn bản số 4836/SNV-TCBC ngày 04/9/2025")["references"]
        assert refs[0]["kind"] is None


class TestSignatureAndDistribution:
    """Signing authority lines, title, name, and the Nơi nhận list."""

    def test_stacked_authority(self) -> None:
        """'TL. CHỦ TỊCH' over 'KT. CHÁNH VĂN PHÒNG' join with ' / '."""
        sig = read(LETTER)["signature"]
        assert sig == {
            "authority": "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG", "title": "PHÓ CHÁNH VĂN PHÒNG", "name": "Phùng Tô Long",
        }  # fmt: skip

    def test_distribution(self) -> None:
        """Entries lose their dash and final ';' or '.'."""
        assert read(LETTER)["distribution"] == ["Như trên", "CT, PCT UBND tỉnh (b/cáo)", "Lưu: VT, KGVX"]

    def test_interleaved_with_distribution(self) -> None:
        """'Nơi nhận: TL. CHỦ TỊCH' / '- Như trên; KT. CHÁNH VĂN PHÒNG' (columns read row by row)."""
        footer = (
            "Nơi nhận: TL. CHỦ TỊCH\n- Như trên; KT. CHÁNH VĂN PHÒNG\n- CT, PCT UBND tỉnh (b/cáo); PHÓ CHÁNH VĂN PHÒNG\n"
            "- Lưu: VT, KGVX.\n\nPhùng Tô Long\n"
        )
        doc = read(HEADER + BODY + footer)
        assert doc["signature"]["authority"] == "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG"
        assert doc["signature"]["title"] == "PHÓ CHÁNH VĂN PHÒNG"
        assert doc["distribution"] == ["Như trên", "CT, PCT UBND tỉnh (b/cáo)", "Lưu: VT, KGVX"]

    @pytest.mark.parametrize(
        ("written", "canonical"),
        [
            ("T/M UBND TỈNH", "TM. UBND TỈNH"),
            ("K/T CHỦ TỊCH", "KT. CHỦ TỊCH"),
            ("KT.CHỦ TỊCH", "KT. CHỦ TỊCH"),
        ],
        ids=["t-m", "k-t", "no-space"],
    )
    def test_old_authority_styles(self, written: str, canonical: str) -> None:
        """Old 'T/M', 'K/T' and a missing space read as the Điều 13 forms."""
        doc = read(HEADER + BODY + f"{written}\nPHÓ CHỦ TỊCH\n\nTrần Hoàng Tuấn\n")
        assert doc["signature"]["authority"] == canonical

    def test_authority_on_its_own_line(self) -> None:
        """'TM.' alone on a line (a narrow table cell) joins the next line."""
        doc = read(
            HEADER + BODY + "TM.\nỦY BAN NHÂN DÂN TỈNH\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Phòng\n"
        )
        assert doc["signature"]["authority"] == "TM. ỦY BAN NHÂN DÂN TỈNH / KT. CHỦ TỊCH"

    def test_own_capacity_has_no_authority(self) -> None:
        """A head signing in their own capacity: title and name, authority None."""
        doc = read(HEADER + BODY + "GIÁM ĐỐC\n\n(Đã ký)\n\nLê Hải Yến\n")
        assert doc["signature"] == {"authority": None, "title": "GIÁM ĐỐC", "name": "Lê Hải Yến"}


class TestNoise:
    """Stamps, e-signature text and page numbers mixed into the text are ignored."""

    def test_e_signature_stamp(self) -> None:
        """'Ký bởi ...', 'Thời gian ký ...' and timestamps do not become header fields."""
        stamp = "Ký bởi: Văn phòng UBND tỉnh\nEmail: vpubnd@quangngai.gov.vn\nThời gian ký: 24/01/2025 14:23:43 +07:00\n"
        assert read(stamp + LETTER) == read(LETTER) | {"body": read(stamp + LETTER)["body"]}

    def test_arrival_stamp(self) -> None:
        """The 'CÔNG VĂN ĐẾN / Số: ... / Ngày: ...' receipt stamp is not the document's number."""
        stamp = "CÔNG VĂN ĐẾN\nSố: 1234\nNgày: 07/02/2025\nChuyển: VP\n"
        doc = read(stamp + LETTER)
        assert (doc["number"], doc["symbol"]) == ("15", "UBND-KGVX")

    def test_page_numbers(self) -> None:
        """A lone page number inside the body is dropped."""
        doc = read(LETTER.replace("Chủ tịch UBND tỉnh giao", "2\nChủ tịch UBND tỉnh giao"))
        assert "\n2\n" not in (doc["body"] or "")

    def test_markdown(self) -> None:
        """Markdown headings and bold marks around the signature block are removed."""
        doc = read(LETTER.replace("Nơi nhận:", "### **Nơi nhận:**").replace("TL. CHỦ TỊCH", "**TL. CHỦ TỊCH"))
        assert doc["signature"]["authority"] == "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG"
        assert doc["distribution"][0] == "Như trên"

    def test_tone_placement_kept_as_written(self) -> None:
        """Output keeps 'Xoá' as written; only keys are normalised."""
        doc = read(LETTER.replace("V/v góp ý", "V/v Xoá nhà tạm, góp ý"))
        assert doc["subject"].startswith("Xoá nhà tạm")


class TestFiles:
    """parse_file: text encodings, .docx with header tables, PDF text layers and scans."""

    def test_utf16_text(self, tmp_path: Path) -> None:
        """UTF-16 with a BOM (Notepad's 'Unicode') reads like UTF-8."""
        path = tmp_path / "letter.txt"
        path.write_bytes(LETTER.encode("utf-16"))
        assert parse_file(str(path))["symbol"] == "UBND-KGVX"

    def test_tcvn3_file(self) -> None:
        """A TCVN3 file is converted, with a warning, and reads like its Unicode original."""
        doc = parse_file(str(CORPUS / "42_sgddthanoi_congvan_2928_tcvn3.txt"))
        assert doc["symbol"] == "SGDĐT-KHTC" and doc["issuer"] == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
        assert any("TCVN3" in w for w in doc["warnings"])

    def test_vni_file(self) -> None:
        """A VNI file is converted and read."""
        doc = parse_file(str(CORPUS / "43_bogddt_congvan_1277_vni.txt"))
        assert doc["recipients"] == ["Các Sở Giáo dục và Đào tạo", "Cục Nhà trường - Bộ Quốc phòng"]

    def test_docx_header_tables(self) -> None:
        """A .docx whose header and signature are two-column tables."""
        doc = parse_file(str(CORPUS / "docx" / "02_ubndquangngai_congvan_kgvx.docx"))
        assert doc["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
        assert doc["signature"]["name"] == "Phùng Tô Long"
        assert doc["distribution"][-1] == "Lưu: VT, KGVX(bnt)"

    def test_pdf_text_layer_columns(self) -> None:
        """A PDF's two header columns and the Nơi nhận / signature columns come apart."""
        doc = parse_file(str(CORPUS / "pdf" / "01_sttttlangson_congvan_tuyentruyen.pdf"))
        assert (doc["place"], doc["date"], doc["symbol"]) == ("Lạng Sơn", "2024-04", "STTTT-TTBCXB")
        assert doc["signature"]["authority"] == "KT. GIÁM ĐỐC" and len(doc["recipients"]) == 3

    @pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
    def test_scan_says_ocr_was_used(self) -> None:
        """A scanned PNG is read by Tesseract, and the warnings say so."""
        doc = parse_file(str(CORPUS / "scan" / "02_ubndquangngai_congvan_kgvx_png.png"))
        assert any("OCR" in w for w in doc["warnings"])
        assert doc["symbol"] == "UBND-KGVX"


class TestBadInput:
    """Unreadable files raise ParseError with a Vietnamese and an English message."""

    def test_empty_file(self, tmp_path: Path) -> None:
        """An empty (or whitespace-only) file."""
        path = tmp_path / "empty.txt"
        path.write_bytes(b"  \n")
        with pytest.raises(ParseError, match="empty file"):
            parse_file(str(path))

    def test_binary_junk(self, tmp_path: Path) -> None:
        """Random bytes are not a document."""
        path = tmp_path / "junk.txt"
        path.write_bytes(os.urandom(4096))
        with pytest.raises(ParseError, match="binary|encoding"):
            parse_file(str(path))

    def test_file_over_100_mb(self, tmp_path: Path) -> None:
        """A file over 100 MB is refused from its size, before reading (a sparse file here)."""
        path = tmp_path / "huge.txt"
        with open(path, "wb") as handle:
            handle.truncate(100 * 1024 * 1024 + 1)
        with pytest.raises(ParseError, match="100 MB"):
            parse_file(str(path))

    def test_pdf_without_text_and_no_ocr(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A scanned PDF when Tesseract is missing: a clear error, not empty fields."""
        monkeypatch.setattr(shutil, "which", lambda name: None)
        with pytest.raises(ParseError, match="OCR"):
            parse_file(str(CORPUS / "scan" / "02_ubndquangngai_congvan_kgvx.pdf"))

    def test_zip_bomb_named_docx(self, tmp_path: Path) -> None:
        """Zip members are measured before python-docx opens the file."""
        path = tmp_path / "bomb.docx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))  # ~1000:1
        with pytest.raises(ParseError, match="zip bomb"):
            parse_file(str(path))

    def test_zip_that_is_not_word(self, tmp_path: Path) -> None:
        """A zip without word/document.xml."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        path = tmp_path / "fake.docx"
        path.write_bytes(buffer.getvalue())
        with pytest.raises(ParseError, match="not a Word document"):
            parse_file(str(path))

    def test_unknown_legacy_encoding(self, tmp_path: Path) -> None:
        """Bytes that are neither UTF-8, TCVN3 nor VNI (here Windows-1251 Cyrillic)."""
        path = tmp_path / "old.txt"
        path.write_bytes("Постановление правительства о делопроизводстве".encode("cp1251"))
        with pytest.raises(ParseError, match="unknown legacy encoding"):
            parse_file(str(path))

    def test_word_97_document(self, tmp_path: Path) -> None:
        """An old .doc (OLE) is named as such."""
        path = tmp_path / "old.doc"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
        with pytest.raises(ParseError, match=r"\.doc"):
            parse_file(str(path))

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist."""
        with pytest.raises(ParseError, match="not found"):
            parse_file(str(tmp_path / "nothing.txt"))

    def test_message_is_bilingual(self, tmp_path: Path) -> None:
        """ParseError carries the Vietnamese text for clerks and the English for logs."""
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
        with pytest.raises(ParseError) as caught:
            parse_file(str(path))
        assert caught.value.vi == "Tệp rỗng" and caught.value.en == "empty file"
