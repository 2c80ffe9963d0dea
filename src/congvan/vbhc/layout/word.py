"""DOCX through python-docx: the same lines as the PDF, as ordinary Word paragraphs and tables so that
a clerk can still edit the draft in Word or LibreOffice (Phụ lục I; the lines come from ``model``)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .metrics import balanced_lines, text_width_mm
from .model import HEADER_LEFT_MM, MOTTO, STATE_TITLE, TEXT_WIDTH_MM, Letter, letter_from_dict

FONT = "Times New Roman"
PAGE_W, PAGE_H = 210, 297  # Phụ lục I I.1: A4
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15  # Phụ lục I I.3, in mm
TEXT_W = TEXT_WIDTH_MM
HEADER_LEFT_W = HEADER_LEFT_MM  # same split as the PDF
HEADER_RIGHT_W = TEXT_W - HEADER_LEFT_W
STAMP_RED = RGBColor(0xE0, 0x00, 0x00)

# Elements that must follow w:pBdr inside w:pPr (ECMA-376 order); Word rejects a file that breaks it.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):  # otherwise Word picks another font for some scripts
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")  # Vietnamese proofing instead of a page of red squiggles
    rpr.append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _page_numbers(document: DocxDocument) -> None:
    """Page number centred in the top margin from page 2 on (Phụ lục I I.7)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("2")  # placeholder text Word replaces when it updates the field
    run.font.size = Pt(13)
    run._r.addprevious(field)
    field.append(run._r)


def _border(paragraph: DocxParagraph, side: str, *, space_pt: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    sides = ("top", "left", "bottom", "right") if side == "box" else (side,)
    for name in sides:
        edge = OxmlElement(f"w:{name}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "6")  # eighths of a point: 0.75 pt, as the PDF
        edge.set(qn("w:space"), str(space_pt))
        edge.set(qn("w:color"), "E00000" if side == "box" else "000000")
        pbdr.append(edge)
    ppr.insert_element_before(pbdr, *_AFTER_PBDR)


def _para(
    container: Any,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    first: bool = False,
) -> DocxParagraph:
    """A paragraph with one run; ``first`` reuses the empty paragraph a new table cell comes with."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    if before:
        paragraph.paragraph_format.space_before = Pt(before)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        # Only set what is on: an explicit "off" is one more XML element per run for nothing.
        if bold:
            run.bold = True
        if italic:
            run.italic = True
    return paragraph


def _narrow(paragraph: DocxParagraph, width_mm: float, column_mm: float) -> None:
    """Centre a paragraph of the given width in its column, so its border is that long."""
    side = max(0.0, (column_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)


def _short_rule(container: Any, line_mm: float, column_mm: float) -> None:
    """A rule 40% as long as the line above (1/3-1/2, Phụ lục I II.2.b and II.5.b)."""
    rule = _para(container, size=2, before=2)
    rule.paragraph_format.line_spacing = Pt(2)
    _narrow(rule, min(line_mm, column_mm) * 0.4, column_mm)
    _border(rule, "top")


def _table(document: DocxDocument, widths: tuple[float, ...], rows: int = 1) -> Any:
    table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Word's default 1.9 mm cell padding would wrap the Quốc hiệu, which fills its column to the millimetre.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:  # ECMA-376 order: tblCellMar comes before tblLook
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid: LibreOffice sizes columns from it, Word from the cells
    for row in table.rows:
        row.allow_break_across_pages = False
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    return table


def _broken_para(cell: _Cell, text: str, *, bold: bool, first: bool) -> list[str]:
    """A 12 pt header paragraph, broken in balanced halves with a line break when it is too wide."""
    lines = balanced_lines(text, 12, HEADER_LEFT_W, bold=bold)
    paragraph = _para(cell, lines[0], size=12, bold=bold, first=first)
    for line in lines[1:]:
        run = paragraph.runs[0]
        run.add_break()
        run.add_text(line)
    return lines


def _header(document: DocxDocument, letter: Letter) -> None:
    table = _table(document, (HEADER_LEFT_W, HEADER_RIGHT_W), rows=2)
    left, right = table.rows[0].cells
    first = True
    if letter.issuer_parent:
        _broken_para(left, letter.issuer_parent, bold=False, first=True)
        first = False
    if letter.issuer:
        lines = _broken_para(left, letter.issuer, bold=True, first=first)
        widest = max(text_width_mm(line, 12, bold=True) for line in lines)
        _short_rule(left, widest, HEADER_LEFT_W)
    _para(right, STATE_TITLE, size=12, bold=True, first=True)
    motto = _para(right, MOTTO, size=13, bold=True)
    _narrow(motto, text_width_mm(MOTTO, 13, bold=True) + 2, HEADER_RIGHT_W)
    _border(motto, "bottom")  # Phụ lục I II.1.b: as long as the line
    number_cell, date_cell = table.rows[1].cells
    _para(number_cell, letter.number_line, size=13, before=6, first=True)
    if letter.is_official_letter and letter.subject:
        _para(number_cell, f"V/v {letter.subject}", size=12, before=6)
    for mark in (letter.confidentiality, letter.urgency):
        if mark:
            stamp = _para(number_cell, mark, size=13, bold=True, before=8)
            stamp.runs[0].font.color.rgb = STAMP_RED
            _narrow(stamp, text_width_mm(mark, 13, bold=True) + 4, HEADER_LEFT_W)
            _border(stamp, "box")
    _para(date_cell, letter.date_line, size=13, italic=True, before=6, first=True)


def _title(document: DocxDocument, letter: Letter) -> None:
    if letter.is_official_letter:
        return
    _para(document, letter.type_heading, bold=True, before=18)
    if letter.subject:
        _para(document, letter.subject, bold=True)
    _short_rule(document, text_width_mm(letter.subject or letter.type_heading, 14, bold=True), TEXT_W)


def _recipients(document: DocxDocument, letter: Letter) -> None:
    """'Kính gửi:' with the items in a column starting at its colon (Phụ lục I II.9.d)."""
    if not letter.recipients:
        return
    label = "Kính gửi:"
    label_w = text_width_mm(label + " ", 14) + 2
    block_w = label_w + max(text_width_mm(r, 14) for r in letter.recipients)
    start = max(0.0, (TEXT_W - block_w) / 2)
    for n, item in enumerate(letter.recipients):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.left_indent = Mm(start + label_w)
        paragraph.paragraph_format.keep_with_next = True
        if n == 0:
            paragraph.paragraph_format.space_before = Pt(14)
            paragraph.paragraph_format.first_line_indent = Mm(-label_w)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(start + label_w))
            paragraph.add_run(f"{label}\t{item}")
        else:
            paragraph.add_run(item)


def _body(document: DocxDocument, letter: Letter) -> None:
    """Justified, first line indented 1.27 cm, 6 pt between paragraphs (Phụ lục I II.6.e)."""
    last = len(letter.body) - 1
    for n, item in enumerate(letter.body):
        paragraph = _para(
            document,
            item.label,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            before=6,
        )
        run = paragraph.add_run(item.text[len(item.label) :])
        run.bold = item.heading or item.centred or None
        run.italic = item.basis or None
        if item.centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.paragraph_format.first_line_indent = Mm(12.7)
        if n == last:  # the last paragraph travels with the signature block
            paragraph.paragraph_format.keep_with_next = True


def _closing(document: DocxDocument, letter: Letter) -> None:
    table = _table(document, (TEXT_W / 2, TEXT_W / 2))
    left, right = table.rows[0].cells
    if letter.distribution:
        _para(
            left,
            "Nơi nhận:",
            size=12,
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            before=12,
            first=True,
        )
        for item in letter.distribution:
            _para(left, item, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = [*letter.authority_lines, *([letter.title] if letter.title else [])]
    first = True
    for n, line in enumerate(lines):
        _para(right, line, bold=True, before=12 if n == 0 else 0, first=first)
        first = False
    space = _para(right, first=first)
    space.paragraph_format.space_after = Mm(22)  # room for the signature image (Phụ lục I II.7.d)
    _para(right, letter.name, bold=True)


def render_docx(doc: Mapping[str, Any]) -> bytes:
    """Lay out a document (the parsed-document schema dict) as an editable A4 DOCX (Phụ lục I)."""
    letter = letter_from_dict(doc)
    document = Document()
    _setup(document)
    _page_numbers(document)
    # Core properties hold at most 255 characters; a subject may have 500 (Phụ lục VI Phần II).
    document.core_properties.title = f"{letter.number_line} {letter.subject}".strip()[:255]
    document.core_properties.language = "vi-VN"
    _header(document, letter)  # python-docx's template body is empty: the header table comes first
    _title(document, letter)
    _recipients(document, letter)
    _body(document, letter)
    _closing(document, letter)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
