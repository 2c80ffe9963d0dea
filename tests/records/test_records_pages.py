"""The records pages under /app/records/ and the API under /api/v1/: thin layers over the same services."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from records_helpers import make_admin, make_case_file

from congvan.documents.models import Confidentiality, Event
from congvan.documents.tokens import token_create
from congvan.records.models import CaseFile, Freeze
from congvan.vbhc.workflow import Role
from factories import Agency, make_draft, make_member

pytestmark = pytest.mark.django_db


def _bearer(member) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=member.user, name='t')[1]}"}


def test_a_case_file_is_opened_and_filled_from_the_pages(client: Client, agency: Agency) -> None:
    """Open a case file in the year's plan, put a document in it, see it listed with its number in the file."""
    doc = make_draft(agency, subject="Kế hoạch tuyên truyền")
    client.force_login(agency.drafter.user)
    created = client.post(
        "/app/records/new/",
        {"year": "2026", "notation": "01.TTBCXB", "title": "Hồ sơ tuyên truyền", "rights": "public"},
    )
    case_file = CaseFile.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/app/records/{case_file.pk}/"
    added = client.post(f"/app/records/{case_file.pk}/documents/", {"document": str(doc.pk)})
    assert added.status_code == 302
    page = client.get(f"/app/records/{case_file.pk}/").content.decode()
    assert "Kế hoạch tuyên truyền" in page and case_file.file_code in page
    listing = client.get("/app/records/?year=2026").content.decode()
    assert "Hồ sơ tuyên truyền" in listing


def test_bad_input_on_the_page_is_a_vietnamese_400(client: Client, agency: Agency) -> None:
    """A case file without a title is refused with a message, nothing created."""
    client.force_login(agency.drafter.user)
    response = client.post("/app/records/new/", {"year": "2026", "notation": "01", "title": ""})
    assert response.status_code == 400 and "Tiêu đề hồ sơ" in response.content.decode()
    assert not CaseFile.objects.exists()


@pytest.mark.parametrize(("kind", "magic"), [("pdf", b"%PDF"), ("xml", b"<?xml")], ids=["pdf", "xml"])
def test_exports_download_and_are_logged(client: Client, agency: Agency, kind: str, magic: bytes) -> None:
    """Export of a case file (III.4.g) from the page; each export is in the audit log."""
    case_file = make_case_file(agency, make_draft(agency))
    client.force_login(agency.drafter.user)
    response = client.get(f"/app/records/{case_file.pk}/export/{kind}/")
    assert response.status_code == 200 and response.content.startswith(magic)
    assert Event.objects.filter(action="exported", comment=f"{case_file.file_code} {kind}").count() == 1


def test_an_export_with_documents_the_person_may_not_read_is_refused(client: Client, agency: Agency) -> None:
    """The whole file or nothing: a confidential document outside a person's reach blocks their export."""
    secret = make_draft(agency, confidentiality=Confidentiality.SECRET)
    case_file = make_case_file(agency, secret)
    other = make_member(agency.org, Role.SPECIALIST, full_name="Trần Văn B")
    client.force_login(other.user)
    assert client.get(f"/app/records/{case_file.pk}/export/pdf/").status_code == 403
    assert "Còn 1 văn bản bạn không được xem" in client.get(f"/app/records/{case_file.pk}/").content.decode()


def test_catalogue_xlsx_from_the_page(client: Client, agency: Agency) -> None:
    """Mục lục hồ sơ of a year as XLSX (Phụ lục VI V.6)."""
    make_case_file(agency, notation="01.VP")
    client.force_login(agency.clerk.user)
    response = client.get("/app/records/?year=2026&format=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["B5"].value == "01.VP"


def test_the_plan_page_makes_the_same_queries_for_2_or_12_files(client: Client, agency: Agency) -> None:
    """List pages make a constant number of queries."""
    client.force_login(agency.drafter.user)
    for n in range(2):
        make_case_file(agency, notation=f"0{n}.A")
    with CaptureQueriesContext(connection) as few:
        client.get("/app/records/?year=2026")
    for n in range(10):
        make_case_file(agency, notation=f"1{n}.B")
    with CaptureQueriesContext(connection) as many:
        client.get("/app/records/?year=2026")
    assert len(many) == len(few)


def test_api_opens_fills_and_freezes_a_case_file(client: Client, agency: Agency) -> None:
    """The API's case files and freezes: create, add a document, an administrator freezes, adding is refused."""
    doc = make_draft(agency)
    created = client.post(
        "/api/v1/case-files",
        {"year": 2026, "notation": "02.VP", "title": "Hồ sơ hội nghị"},
        content_type="application/json",
        **_bearer(agency.drafter),
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    added = client.post(
        f"/api/v1/case-files/{pk}/documents",
        {"document_id": doc.pk},
        content_type="application/json",
        **_bearer(agency.drafter),
    )
    assert added.status_code == 201 and added.json()["documents"][0]["ordinal"] == 1
    frozen = client.post(
        "/api/v1/freezes",
        {"kind": "case_file", "target": pk, "reason": "Thanh tra"},
        content_type="application/json",
        **_bearer(make_admin(agency)),
    )
    assert frozen.status_code == 201 and Freeze.objects.filter(case_file_id=pk).exists()
    refused = client.post(
        f"/api/v1/case-files/{pk}/documents",
        {"document_id": make_draft(agency).pk},
        content_type="application/json",
        **_bearer(agency.drafter),
    )
    assert refused.status_code == 409 and "đóng băng" in refused.json()["detail"]


def test_api_freeze_by_a_non_administrator_is_403(client: Client, agency: Agency) -> None:
    """Only the administrator freezes (IV.1.g)."""
    response = client.post(
        "/api/v1/freezes",
        {"kind": "document", "target": make_draft(agency).pk, "reason": "x"},
        content_type="application/json",
        **_bearer(agency.clerk),
    )
    assert response.status_code == 403
