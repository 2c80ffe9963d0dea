"""Helpers of the records tests: an issued letter, a case file with documents, an administrator."""

from __future__ import annotations

from congvan.documents.models import Document
from congvan.documents.services import document_issue
from congvan.orgs.models import Membership
from congvan.records.models import CaseFile
from congvan.records.services import CaseFileData, case_file_add_document, case_file_create
from congvan.vbhc.workflow import Role
from factories import Agency, make_member, make_signed


def make_issued(
    agency: Agency, subject: str = "Tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ"
) -> Document:
    doc = make_signed(agency, subject=subject)
    return document_issue(document=doc, actor=agency.clerk)


def make_admin(agency: Agency) -> Membership:
    return make_member(agency.org, Role.ADMIN, title="QUẢN TRỊ", full_name="Phạm Quản Trị")


def make_case_file(
    agency: Agency, *documents: Document, notation: str = "01.TTBCXB", year: int = 2026
) -> CaseFile:
    case_file = case_file_create(
        actor=agency.drafter,
        year=year,
        data=CaseFileData(
            notation=notation, title="Hồ sơ tuyên truyền kỷ niệm 70 năm", unit_id=agency.unit.pk
        ),
    )
    for doc in documents:
        case_file_add_document(actor=agency.drafter, case_file=case_file, document=doc)
    return case_file
