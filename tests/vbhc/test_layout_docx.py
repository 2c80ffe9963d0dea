"""The DOCX layout of Phụ lục I, checked on the document structure python-docx reads back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from congvan.vbhc.layout import render_docx, sample_document


def make_doc(**overrides: Any) -> dict[str, Any]:
    doc = sample_document()
    doc.update(overrides)
    return doc


def open_docx(doc: dict[str, Any]) -> DocxDocument:
    return Document(io.BytesIO(render_docx(doc)))


@pytest.fixture(scope="module")
def letter() -> DocxDocument:
    return open_docx(sample_document())


def cell_texts(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


class TestPage:
    """Phụ lục I I.1-I.4: A4, margins 20-25 / 30-35 / 15-20 mm, Times New Roman."""

    def test_page_is_a4_with_the_decree_margins(self, letter: DocxDocument) -> None:
        section = letter.sections[0]
        sizes = (section.page_width, section.page_height)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert all(m is not None for m in (*sizes, *margins))
        assert tuple(m.mm for m in sizes if m is not None) == pytest.approx((210, 297), abs=0.1)
        # Word stores twentieths of a point, so compare millimetres to a tenth.
        top, bottom, left, right = (round(m.mm, 1) for m in margins if m is not None)
        assert 20 <= top <= 25 and 20 <= bottom <= 25
        assert 30 <= left <= 35 and 15 <= right <= 20

    def test_normal_style_is_times_new_roman(self, letter: DocxDocument) -> None:
        assert letter.styles["Normal"].font.name == "Times New Roman"

    def test_page_number_field_skips_the_first_page(self, letter: DocxDocument) -> None:
        """Phụ lục I I.7: numbered in the top margin, no number on page 1."""
        section = letter.sections[0]
        assert section.different_first_page_header_footer
        assert 'w:instr="PAGE"' in section.header._element.xml
        assert "PAGE" not in section.first_page_header._element.xml


class TestHeader:
    """Phụ lục I II.1-II.5: the header table with issuer at left and Quốc hiệu, Tiêu ngữ at right."""

    def test_issuer_is_in_the_left_cell_in_bold(self, letter: DocxDocument) -> None:
        left = letter.tables[0].rows[0].cells[0]
        assert cell_texts(left) == ["UBND TỈNH LẠNG SƠN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]
        assert left.paragraphs[1].runs[0].bold

    def test_state_title_and_motto_are_in_the_right_cell(self, letter: DocxDocument) -> None:
        right = letter.tables[0].rows[0].cells[1]
        assert cell_texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        assert all(p.runs[0].bold for p in right.paragraphs if p.text)

    def test_motto_and_issuer_carry_their_rules(self, letter: DocxDocument) -> None:
        left, right = letter.tables[0].rows[0].cells
        assert "w:bottom" in right.paragraphs[1]._p.xml
        assert "w:top" in left.paragraphs[2]._p.xml  # the short rule under the issuer

    def test_number_and_vv_are_left_and_the_date_line_italic_right(self, letter: DocxDocument) -> None:
        number, date = letter.tables[0].rows[1].cells
        texts = cell_texts(number)
        assert texts[0].startswith("Số:") and texts[0].endswith("/STTTT-TTBCXB")
        assert texts[1].startswith("V/v tuyên truyền")
        assert number.paragraphs[1].runs[0].font.size == Pt(12)
        assert cell_texts(date)[0].startswith("Lạng Sơn, ngày")
        assert date.paragraphs[0].runs[0].italic

    def test_named_type_has_a_centred_bold_type_name(self) -> None:
        document = open_docx(make_doc(type="Kế hoạch", symbol="KH-STTTT", recipients=[]))
        heading = next(p for p in document.paragraphs if p.text == "KẾ HOẠCH")
        assert heading.alignment == WD_ALIGN_PARAGRAPH.CENTER and heading.runs[0].bold


class TestBody:
    """Phụ lục I II.6.e and II.9.d: Kính gửi, then justified paragraphs with a first-line indent."""

    def test_recipients_follow_kinh_gui_with_punctuation(self, letter: DocxDocument) -> None:
        texts = [p.text for p in letter.paragraphs]
        start = next(n for n, t in enumerate(texts) if t.startswith("Kính gửi:"))
        assert texts[start] == "Kính gửi:\t- Báo Lạng Sơn;"
        assert texts[start + 2] == "- Phòng Văn hóa và Thông tin các huyện, thành phố."

    def test_a_single_recipient_sits_on_the_kinh_gui_line(self) -> None:
        document = open_docx(make_doc(recipients=["Bộ Nội vụ"]))
        assert [p.text for p in document.paragraphs if p.text.startswith("Kính gửi")] == [
            "Kính gửi:\tBộ Nội vụ."
        ]

    def test_body_paragraphs_are_justified_with_a_first_line_indent(self, letter: DocxDocument) -> None:
        body = [p for p in letter.paragraphs if p.text.startswith("Thực hiện Công văn")]
        assert body and body[0].alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert body[0].paragraph_format.first_line_indent == Mm(12.7)


class TestClosing:
    """Phụ lục I II.7 and II.9.d: Nơi nhận at left (12pt bold italic, entries 11pt), signature at right."""

    def test_distribution_heading_and_entries_have_their_sizes(self, letter: DocxDocument) -> None:
        left = letter.tables[-1].rows[0].cells[0]
        heading = left.paragraphs[0]
        assert heading.text == "Nơi nhận:" and heading.runs[0].font.size == Pt(12)
        assert heading.runs[0].bold and heading.runs[0].italic
        assert [p.text for p in left.paragraphs[1:]][-1] == "- Lưu: VT, TTBCXB (ĐTT)."
        assert all(p.runs[0].font.size == Pt(11) for p in left.paragraphs[1:])

    def test_signature_block_reads_authority_title_then_name(self, letter: DocxDocument) -> None:
        right = letter.tables[-1].rows[0].cells[1]
        assert cell_texts(right) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Hải Yến"]
        assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)


def test_the_reader_reads_every_field_back(tmp_path: Any) -> None:
    """Render and parse are inverses: `congvan parse X.docx --json | congvan render - -o X.docx` keeps the letter."""
    reader = pytest.importorskip("congvan.vbhc.reader")
    if not hasattr(reader, "parse_file"):
        pytest.skip("the reader has no parse_file in this build")
    expected = sample_document()
    path = tmp_path / "letter.docx"
    path.write_bytes(render_docx(expected))
    parsed = reader.parse_file(str(path))
    fields: tuple[str, ...] = (
        "issuer",
        "issuer_parent",
        "number",
        "symbol",
        "type",
        "place",
        "date",
        "subject",
    )
    fields += ("recipients", "signature", "distribution", "urgency", "confidentiality")
    assert {k: parsed[k] for k in fields} == {k: expected[k] for k in fields}


def test_a_subject_of_500_characters_renders() -> None:
    """Phụ lục VI Phần II allows 500 characters of subject; DOCX core properties hold only 255."""
    document = open_docx(
        make_doc(type="Quyết định", symbol="QĐ-STTTT", recipients=[], subject="Về việc " + "x" * 492)
    )
    assert len(document.core_properties.title) == 255
    assert any(p.text.endswith("x" * 20) for p in document.paragraphs)
