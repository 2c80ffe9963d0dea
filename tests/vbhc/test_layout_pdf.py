"""The PDF layout of Phụ lục I, checked on word positions read back from the rendered file."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from congvan.vbhc.layout import LayoutError, render_pdf, sample_document
from congvan.vbhc.layout.model import letter_from_dict

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


def make_doc(**overrides: Any) -> dict[str, Any]:
    doc = sample_document()
    doc.update(overrides)
    return doc


def words(pdf_bytes: bytes, page: int) -> list[dict[str, Any]]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return pdf.pages[page].extract_words(extra_attrs=["fontname", "size"])


def page_count(pdf_bytes: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


def find(ws: list[dict[str, Any]], text: str) -> dict[str, Any]:
    """The first word equal to ``text``; fails the test with the page's words if absent."""
    for w in ws:
        if w["text"] == text:
            return w
    raise AssertionError(f"{text!r} not on the page: {[w['text'] for w in ws][:80]}")


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_pdf(sample_document())


@pytest.fixture(scope="module")
def first_page(sample_pdf: bytes) -> list[dict[str, Any]]:
    return words(sample_pdf, 0)


@pytest.fixture(scope="module")
def last_page(sample_pdf: bytes) -> list[dict[str, Any]]:
    return words(sample_pdf, page_count(sample_pdf) - 1)


class TestPage:
    """Phụ lục I I.1-I.4: A4 portrait, margins 20-25 / 30-35 / 15-20 mm, Times New Roman (or its metric twin)."""

    def test_pages_are_a4_portrait(self, sample_pdf: bytes) -> None:
        for page in PdfReader(io.BytesIO(sample_pdf)).pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)

    def test_text_stays_within_the_margins(self, first_page: list[dict[str, Any]]) -> None:
        assert min(w["x0"] for w in first_page) >= 30 * MM - 1
        assert max(w["x1"] for w in first_page) <= (210 - 15) * MM + 1
        assert min(w["top"] for w in first_page) >= 20 * MM - 1

    def test_body_reaches_both_margins_when_justified(self, first_page: list[dict[str, Any]]) -> None:
        body = [w for w in first_page if w["size"] == pytest.approx(14, abs=0.1) and w["top"] > 80 * MM]
        assert min(w["x0"] for w in body) == pytest.approx(30 * MM, abs=1)
        assert max(w["x1"] for w in body) == pytest.approx((210 - 15) * MM, abs=1)

    def test_every_font_is_embedded_and_times_metric(self, sample_pdf: bytes) -> None:
        names = set()
        for page in PdfReader(io.BytesIO(sample_pdf)).pages:
            resources: Any = page["/Resources"]
            for font in resources["/Font"].values():
                font = font.get_object()
                descriptor = (
                    font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                )["/FontDescriptor"]
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font[
                    "/BaseFont"
                ]
                names.add(str(font["/BaseFont"]))
        # Another family here (DejaVu) means the Times-metric font lacks Vietnamese letters: Debian's
        # fonts-liberation 1.07 does; fonts-liberation2 or fonts-croscore (Tinos) must be installed.
        assert names and all(("Times" in n or "Liberation" in n or "Tinos" in n) for n in names), (
            f"{sorted(names)}: install fonts-liberation2 or fonts-croscore (scripts/install-system-deps)"
        )


class TestHeader:
    """Phụ lục I II.1-II.4 and the diagram of mục IV: issuer at top left, Quốc hiệu and Tiêu ngữ at top right."""

    def test_state_title_is_at_the_top_right_in_bold(self, first_page: list[dict[str, Any]]) -> None:
        word = find(first_page, "CỘNG")
        assert word["x0"] > A4[0] * 0.45 and word["top"] < 35 * MM
        assert "Bold" in word["fontname"]

    def test_motto_is_under_the_state_title(self, first_page: list[dict[str, Any]]) -> None:
        state, motto = find(first_page, "CỘNG"), find(first_page, "Độc")
        assert motto["top"] > state["bottom"] - 1 and motto["x0"] > A4[0] * 0.45

    def test_issuer_is_at_the_top_left_in_bold_under_its_parent(
        self, first_page: list[dict[str, Any]]
    ) -> None:
        parent, issuer = find(first_page, "UBND"), find(first_page, "SỞ")
        assert issuer["x1"] < A4[0] / 2 and issuer["top"] < 35 * MM
        assert parent["top"] < issuer["top"]
        assert "Bold" in issuer["fontname"] and "Bold" not in parent["fontname"]

    def test_number_is_on_the_left_and_date_line_in_italics_on_the_right(
        self, first_page: list[dict[str, Any]]
    ) -> None:
        number, place = find(first_page, "Số:"), find(first_page, "Lạng")
        assert number["x1"] < A4[0] / 2 < place["x0"]
        assert abs(number["top"] - place["top"]) < 6
        assert "Italic" in place["fontname"]

    def test_official_letter_has_its_subject_after_vv_under_the_number(
        self, first_page: list[dict[str, Any]]
    ) -> None:
        number, vv = find(first_page, "Số:"), find(first_page, "V/v")
        assert vv["top"] > number["bottom"] and vv["x1"] < A4[0] / 2
        assert vv["size"] == pytest.approx(12, abs=0.1)

    def test_named_type_has_its_name_and_subject_centred_in_bold(self) -> None:
        pdf = render_pdf(make_doc(type="Quyết định", symbol="QĐ-STTTT", recipients=[], subject="Về việc thử"))
        ws = words(pdf, 0)
        name = find(ws, "QUYẾT")
        centre = (name["x0"] + find(ws, "ĐỊNH")["x1"]) / 2
        assert centre == pytest.approx((30 + (210 - 30 - 15) / 2) * MM, abs=3)
        assert "Bold" in name["fontname"]

    def test_urgency_mark_sits_in_the_left_column_under_the_number(self) -> None:
        ws = words(render_pdf(make_doc(urgency="Hỏa tốc")), 0)
        mark = find(ws, "HỎA")
        assert mark["x1"] < A4[0] / 2 and mark["top"] > find(ws, "Số:")["bottom"]


class TestBody:
    """Phụ lục I II.6: the legal bases in italics; numbered section titles in bold."""

    def test_legal_basis_lines_are_italic(self) -> None:
        body = "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;\nĐiều 1. Nội dung."
        ws = words(render_pdf(make_doc(type="Quyết định", symbol="QĐ-STTTT", recipients=[], body=body)), 0)
        assert "Italic" in find(ws, "Căn")["fontname"]
        assert "Italic" not in find(ws, "Nội")["fontname"]

    def test_an_article_label_is_bold_and_its_text_upright(self) -> None:
        body = "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc."
        ws = words(render_pdf(make_doc(type="Quyết định", symbol="QĐ-STTTT", recipients=[], body=body)), 0)
        assert "Bold" in find(ws, "Điều")["fontname"] and "Bold" not in find(ws, "Ban")["fontname"]

    def test_a_line_in_capitals_is_centred_in_bold(self) -> None:
        body = "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Nội dung."
        ws = words(render_pdf(make_doc(type="Quyết định", symbol="QĐ-UBND", recipients=[], body=body)), 0)
        decides = find(ws, "ĐỊNH:")
        line = [w for w in ws if abs(w["top"] - decides["top"]) < 2]
        centre = (min(w["x0"] for w in line) + max(w["x1"] for w in line)) / 2
        assert centre == pytest.approx((30 + (210 - 30 - 15) / 2) * MM, abs=3)
        assert "Bold" in decides["fontname"]

    def test_numbered_section_titles_are_bold(self, first_page: list[dict[str, Any]]) -> None:
        assert "Bold" in find(first_page, "Tuyên")["fontname"]


class TestReflow:
    """Text read from a PDF or a scan keeps its source's line ends; the layout joins them into paragraphs
    again so that they justify (Phụ lục I II.6.e) instead of printing one ragged paragraph per line."""

    WRAPPED = (
        "Theo đề nghị của Bộ Thông tin và Truyền thông tại Công văn số\n"
        "202/BTTTT-KHTC ngày 21/01/2025 về việc góp ý dự thảo Quyết định sửa đổi,\n"
        "bổ sung một số điều của Quyết định số 2269/QĐ-TTg ngày 31/12/2021 của Thủ\n"
        "tướng Chính phủ phê duyệt Chương trình cung cấp dịch vụ, Công điện số 131/CĐ-\n"
        "TTg ngày 11/12/2024 của Thủ tướng Chính phủ./.\n"
        "1. Kết quả đánh giá tác động và thẩm định TTHC trong dự án, dự thảo\n"
        "văn bản quy phạm pháp luật có quy định TTHC\n"
        "Trong tháng 01 năm 2025, tỉnh Quảng Ngãi thực hiện đánh giá tác động.\n"
    )

    def test_hard_wrapped_lines_join_into_paragraphs(self) -> None:
        texts = [p.text for p in letter_from_dict(make_doc(body=self.WRAPPED)).body]
        assert len(texts) == 3
        assert texts[0].startswith("Theo đề nghị") and texts[0].endswith("Thủ tướng Chính phủ./.")
        assert "131/CĐ-TTg" in texts[0]  # a symbol cut at its hyphen joins without a space

    def test_a_wrapped_section_title_stays_one_bold_heading(self) -> None:
        heading = letter_from_dict(make_doc(body=self.WRAPPED)).body[1]
        assert heading.heading and heading.text.endswith("có quy định TTHC")

    def test_one_paragraph_per_line_is_kept_as_typed(self) -> None:
        doc = sample_document()
        assert len(letter_from_dict(doc).body) == len(str(doc["body"]).splitlines())


class TestLongIssuer:
    """Phụ lục I II.2.b: a long agency name may take several lines; they break in balanced halves."""

    def test_a_name_too_wide_for_the_column_breaks_between_balanced_halves(self) -> None:
        ws = words(render_pdf(make_doc(issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", issuer_parent=None)), 0)
        assert find(ws, "TỈNH")["top"] > find(ws, "DÂN")["bottom"] - 1
        assert abs(find(ws, "TỈNH")["top"] - find(ws, "NGÃI")["top"]) < 2


class TestClosing:
    """Phụ lục I II.7 and II.9: the signature block at the right, Nơi nhận at the left below the body."""

    def test_distribution_is_bottom_left_below_the_body(self, last_page: list[dict[str, Any]]) -> None:
        heading = find(last_page, "Nơi")
        last_body_word = find(last_page, "hành).")
        assert heading["x0"] == pytest.approx(30 * MM, abs=1)
        assert heading["top"] > last_body_word["bottom"]

    def test_distribution_heading_is_12pt_bold_italic_and_entries_11pt(
        self, last_page: list[dict[str, Any]]
    ) -> None:
        heading, entry = find(last_page, "Nơi"), find(last_page, "trên;")
        assert heading["size"] == pytest.approx(12, abs=0.1)
        assert "Bold" in heading["fontname"] and "Italic" in heading["fontname"]
        assert entry["size"] == pytest.approx(11, abs=0.1)

    def test_archive_line_is_the_last_entry(self, last_page: list[dict[str, Any]]) -> None:
        archive, first = find(last_page, "Lưu:"), find(last_page, "trên;")
        assert archive["top"] > first["top"]

    def test_signer_name_is_under_the_title_in_the_right_column(
        self, last_page: list[dict[str, Any]]
    ) -> None:
        authority, title, name = find(last_page, "KT."), find(last_page, "PHÓ"), find(last_page, "Lê")
        assert A4[0] / 2 < authority["x0"] and A4[0] / 2 < title["x0"] and A4[0] / 2 < name["x0"]
        assert authority["top"] < title["top"] < name["top"]
        assert name["top"] - title["bottom"] > 15 * MM  # room for the signature image

    def test_authority_line_is_level_with_the_distribution_heading(
        self, last_page: list[dict[str, Any]]
    ) -> None:
        assert abs(find(last_page, "KT.")["top"] - find(last_page, "Nơi")["top"]) < 4


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    doc = sample_document()
    doc["body"] = "\n".join([str(doc["body"])] * 3)
    return render_pdf(doc)


class TestPageNumbers:
    """Phụ lục I I.7: page numbers centred in the top margin, not on the first page."""

    def test_first_page_has_no_number(self, long_pdf: bytes) -> None:
        assert not [w for w in words(long_pdf, 0) if w["top"] < 20 * MM]

    def test_later_pages_are_numbered_in_the_top_margin(self, long_pdf: bytes) -> None:
        count = page_count(long_pdf)
        assert count >= 3
        for index in range(1, count):
            margin = [w for w in words(long_pdf, index) if w["bottom"] < 20 * MM]
            assert [w["text"] for w in margin] == [str(index + 1)]
            centre = (margin[0]["x0"] + margin[0]["x1"]) / 2
            assert centre == pytest.approx((30 + (210 - 30 - 15) / 2) * MM, abs=3)


class TestInput:
    def test_a_field_of_the_wrong_type_is_a_layout_error(self) -> None:
        with pytest.raises(LayoutError, match="recipients"):
            render_pdf(make_doc(recipients="Báo Lạng Sơn"))

    def test_an_impossible_date_is_a_layout_error(self) -> None:
        with pytest.raises(LayoutError, match="2024-02-30"):
            render_pdf(make_doc(date="2024-02-30"))


@pytest.fixture(scope="module")
def parsed(sample_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample PDF read back by congvan.vbhc.reader.parse_file (skipped in a build without it)."""
    reader = pytest.importorskip("congvan.vbhc.reader")
    if not hasattr(reader, "parse_file"):
        pytest.skip("the reader has no parse_file in this build")
    path = tmp_path_factory.mktemp("readback") / "letter.pdf"
    path.write_bytes(sample_pdf)
    result: dict[str, Any] = reader.parse_file(str(path))
    return result


class TestReadBack:
    """What the layout prints, the reader (congvan.vbhc.reader) reads back: render and parse are inverses."""

    FIELDS = ("issuer", "issuer_parent", "number", "symbol", "type", "subject", "signature", "distribution")

    def test_header_subject_and_closing_read_back(self, parsed: dict[str, Any]) -> None:
        expected = sample_document()
        assert {k: parsed[k] for k in self.FIELDS} == {k: expected[k] for k in self.FIELDS}

    def test_date_line_and_recipients_read_back(self, parsed: dict[str, Any]) -> None:
        expected = sample_document()
        assert (parsed["place"], parsed["date"], parsed["recipients"]) == (
            expected["place"],
            expected["date"],
            expected["recipients"],
        )
