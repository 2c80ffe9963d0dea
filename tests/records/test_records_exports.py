"""Export of a case file to PDF and XML in chronological order (Phụ lục VI III.4.g) and the year's mục lục hồ sơ
(Phụ lục VI V.6) as PDF and XLSX. Real WeasyPrint, pypdf, pyHanko and openpyxl output, read back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from lxml import etree
from openpyxl import load_workbook
from pypdf import PdfReader
from records_helpers import make_case_file

from congvan.documents.models import Document
from congvan.documents.services import attachment_add
from congvan.records.exports import case_file_pdf, case_file_xml, catalogue_pdf, catalogue_xlsx
from congvan.vbhc.signing import verify_pdf
from factories import Agency, make_draft
from signing_helpers import signed_letter

pytestmark = pytest.mark.django_db


def _dated(agency: Agency, subject: str, day: dt.date) -> Document:
    doc = make_draft(agency, subject=subject)
    Document.objects.filter(pk=doc.pk).update(issued_on=day, number=day.day, symbol="KH-STTTT")
    doc.refresh_from_db()
    return doc


@pytest.fixture
def filed(agency: Agency) -> tuple[object, list[Document], bytes]:
    """A file whose documents were added out of date order; the middle one carries a signed PDF."""
    late = _dated(agency, "Báo cáo kết quả", dt.date(2026, 6, 20))
    early = _dated(agency, "Kế hoạch tuyên truyền", dt.date(2026, 3, 2))
    middle = _dated(agency, "Công văn hướng dẫn", dt.date(2026, 4, 5))
    signed = signed_letter()[1]
    attachment_add(
        document=middle,
        actor=agency.drafter,
        name="05-STTTT.pdf",
        content=signed,
        content_type="application/pdf",
    )
    attachment_add(document=early, actor=agency.drafter, name="phu-luc.docx", content=b"PK docx bytes")
    return make_case_file(agency, late, early, middle), [early, middle, late], signed


def test_case_file_pdf_keeps_the_signed_pdf_intact_as_an_attachment(filed: tuple) -> None:
    """Signed PDFs stay intact in the case file's PDF: the original bytes are embedded and still verify."""
    case_file, _docs, signed = filed
    reader = PdfReader(io.BytesIO(case_file_pdf(case_file)))
    embedded = {name: data[0] for name, data in reader.attachments.items()}
    pdf_names = [n for n in embedded if n.endswith("05-STTTT.pdf")]
    assert len(pdf_names) == 1
    assert embedded[pdf_names[0]] == signed
    reports = verify_pdf(embedded[pdf_names[0]], trust_roots=[])
    assert len(reports) == 2 and all(r.intact for r in reports)
    assert any(n.endswith("phu-luc.docx") for n in embedded)


def test_case_file_pdf_has_cover_table_of_contents_and_documents_in_date_order(filed: tuple) -> None:
    """Cover, "mục lục văn bản trong hồ sơ", then the documents in chronological order, not filing order
    (III.4.g); the outline points at each document."""
    case_file, docs, signed = filed
    reader = PdfReader(io.BytesIO(case_file_pdf(case_file)))
    front = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    assert "HỒ SƠ" in front and "MỤC LỤC VĂN BẢN TRONG HỒ SƠ" in front
    titles = [item.title for item in reader.outline]  # type: ignore[union-attr]
    assert [t.split("— ", 1)[1] for t in titles] == [d.subject for d in docs]
    signed_pages = len(PdfReader(io.BytesIO(signed)).pages)
    assert len(reader.pages) >= 2 + 1 + signed_pages + 1


def test_case_file_xml_carries_the_metadata_of_phu_luc_vi(filed: tuple, agency: Agency) -> None:
    """The XML has the fields of Phụ lục VI Phần II Mục III: FileCode (OrganId, FileCatalog, FileNotation),
    Title, Maintenance, DocTotal, StartDate, EndDate, and per document DocOrdinal, CodeNumber, CodeNotation,
    IssuedDate, Subject, PageAmount — in chronological order."""
    case_file, docs, _signed = filed
    root = etree.fromstring(case_file_xml(case_file))
    assert root.findtext("FileCode/OrganId") == agency.org.code
    assert root.findtext("FileCode/FileCatalog") == "2026"
    assert root.findtext("FileCode/FileNotation") == case_file.notation
    assert root.findtext("Title") == case_file.title
    assert root.findtext("Maintenance") == "Vĩnh viễn"
    assert root.findtext("DocTotal") == "3"
    assert (root.findtext("StartDate"), root.findtext("EndDate")) == ("02/03/2026", "20/06/2026")
    documents = root.findall("Documents/Document")
    assert [d.findtext("Subject") for d in documents] == [d.subject for d in docs]
    assert [d.findtext("DocOrdinal") for d in documents] == ["1", "2", "3"]
    assert documents[1].findtext("IssuedDate") == "05/04/2026"
    assert documents[1].findtext("CodeNotation") == "KH-STTTT"
    assert int(documents[1].findtext("PageAmount") or 0) >= 1
    assert documents[1].find("Files/File").get("sha256")  # type: ignore[union-attr]


def test_the_catalogue_of_a_year_as_xlsx_and_pdf(filed: tuple, agency: Agency) -> None:
    """Mục lục hồ sơ (Phụ lục VI V.6): one row per case file of the year's plan."""
    case_file, _docs, _signed = filed
    other = make_case_file(agency, notation="02.VP")
    other.title = "Hồ sơ hội nghị"
    other.save()
    ws = load_workbook(io.BytesIO(catalogue_xlsx(case_file.plan))).active
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    assert [(r[1], r[5]) for r in rows] == [("01.TTBCXB", 3), ("02.VP", 0)]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(catalogue_pdf(case_file.plan))).pages)
    assert "MỤC LỤC HỒ SƠ NĂM 2026" in text and "Hồ sơ hội nghị" in text
