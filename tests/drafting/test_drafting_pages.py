"""The drafting pages and API: versions listed, compared and restored; consultations asked, answered, reminded
and summed up in the table of opinions (page, DOCX, PDF) — server-rendered, without JavaScript (issue 11)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from drafting_helpers import draft_with_versions, party

from congvan.documents.models import Document
from congvan.documents.tokens import token_create
from congvan.drafting.models import Consultee, Mode, Opinion, Verdict
from congvan.drafting.services import consultation_request, opinion_give
from congvan.orgs.models import Membership
from factories import Agency, fresh, make_signed

pytestmark = pytest.mark.django_db


def client_for(member: Membership) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def bearer(member: Membership) -> dict[str, str]:
    _token, key = token_create(user=member.user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def consulted(agency: Agency) -> tuple[Document, object]:
    doc = draft_with_versions(agency)
    c = consultation_request(
        document=fresh(doc),
        actor=agency.drafter,
        mode=Mode.PARALLEL,
        parties=[party(agency.unit_head), party(agency.deputy)],
    )
    return doc, c


class TestVersionPages:
    def test_the_document_page_links_to_versions_and_consultations(self, agency: Agency) -> None:
        """The document page has the "Phiên bản" and "Góp ý" section."""
        doc = draft_with_versions(agency)
        html = client_for(agency.drafter).get(f"/app/documents/{doc.pk}/").content.decode()
        assert f"/app/drafting/documents/{doc.pk}/versions/" in html and "Xin ý kiến góp ý" in html

    def test_compare_page_marks_words_fields_and_files(self, agency: Agency) -> None:
        """Side by side: inserted words in <ins>, the attachment added, on one page."""
        doc = draft_with_versions(agency)
        html = client_for(agency.drafter).get(f"/app/drafting/documents/{doc.pk}/versions/compare/?a=1&b=3")
        text = html.content.decode()
        assert html.status_code == 200
        assert "<ins>tăng </ins><ins>cường </ins>" in text and "+ ke-hoach.txt" in text

    def test_restore_by_post_makes_a_new_version(self, agency: Agency) -> None:
        """The restore button posts; the list then shows version 4 restored from 1."""
        doc = draft_with_versions(agency)
        client = client_for(agency.drafter)
        response = client.post(f"/app/drafting/documents/{doc.pk}/versions/1/restore/", follow=True)
        assert "Khôi phục từ phiên bản 1" in response.content.decode()

    def test_restore_of_a_signed_document_is_refused_with_a_message(self, agency: Agency) -> None:
        """409 with a Vietnamese message, nothing changed."""
        doc = make_signed(agency)
        response = client_for(agency.drafter).post(f"/app/drafting/documents/{doc.pk}/versions/1/restore/")
        assert response.status_code == 409 and "đã được ký" in response.content.decode()

    def test_another_organisation_cannot_see_the_versions(
        self, agency: Agency, recipients: list[Agency]
    ) -> None:
        """A draft is its organisation's own: 404 elsewhere (a denial reveals nothing)."""
        doc = draft_with_versions(agency)
        assert (
            client_for(recipients[0].head).get(f"/app/drafting/documents/{doc.pk}/versions/").status_code
            == 404
        )


class TestConsultationPages:
    def test_ask_by_form_then_answer_and_see_it_late_or_not(self, agency: Agency) -> None:
        """The drafter asks by the form; the asked person answers on the page; the table shows the answer."""
        doc = draft_with_versions(agency)
        drafter = client_for(agency.drafter)
        response = drafter.post(
            f"/app/drafting/documents/{doc.pk}/consultations/new/",
            {
                "mode": "parallel",
                "people": [agency.unit_head.pk],
                "deadline": "2999-01-01",
                "note": "Góp ý giúp.",
            },
        )
        assert response.status_code == 302
        url = response["Location"]
        head = client_for(agency.unit_head)
        assert "Dự thảo xin ý kiến" in head.get("/app/drafting/consultations/").content.decode()
        answer = head.post(
            url + "answer/",
            {
                "verdict": "comments",
                "text": "Bổ sung thời hạn.",
                "consultee": Consultee.objects.get().pk,
                "files": io.BytesIO(b"y kien"),
            },
        )
        assert answer.status_code == 302
        assert "Bổ sung thời hạn." in drafter.get(url).content.decode()

    def test_an_answer_from_someone_not_asked_is_403(self, agency: Agency) -> None:
        """Refused with a message, nothing written."""
        _doc, c = consulted(agency)
        response = client_for(agency.clerk).post(
            f"/app/drafting/consultations/{c.pk}/answer/", {"verdict": "agree"}
        )  # type: ignore[attr-defined]
        assert response.status_code in (403, 404) and not Opinion.objects.exists()

    @pytest.mark.parametrize("kind", ["docx", "pdf"])
    def test_the_summary_table_as_a_file(self, agency: Agency, kind: str) -> None:
        """The bảng tổng hợp ý kiến as DOCX (python-docx) and PDF (WeasyPrint), with the answers in it."""
        _doc, c = consulted(agency)
        opinion_give(
            consultation=c, actor=agency.unit_head, verdict=Verdict.AGREE_WITH_COMMENTS, text="Sửa mục 2."
        )  # type: ignore[arg-type]
        response = client_for(agency.drafter).get(f"/app/drafting/consultations/{c.pk}/summary.{kind}")  # type: ignore[attr-defined]
        assert response.status_code == 200
        if kind == "pdf":
            from pypdf import PdfReader

            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
            assert "BẢNG TỔNG HỢP Ý KIẾN" in text and "Sửa mục 2." in text
        else:
            from docx import Document as Docx

            table = Docx(io.BytesIO(response.content)).tables[0]
            cells = [[c.text for c in row.cells] for row in table.rows]
            assert cells[1][1:4] == [
                agency.unit_head.user.get_full_name(),
                "Nhất trí, có ý kiến",
                "Sửa mục 2.",
            ]
            assert cells[2][2] == "Chưa có ý kiến"

    def test_the_summary_page_lists_each_party(self, agency: Agency) -> None:
        """Who was asked, with the answer or that none came yet."""
        _doc, c = consulted(agency)
        html = client_for(agency.drafter).get(f"/app/drafting/consultations/{c.pk}/summary/").content.decode()  # type: ignore[attr-defined]
        assert "BẢNG TỔNG HỢP Ý KIẾN" in html and html.count("Chưa có ý kiến") == 2


class TestApi:
    def test_versions_compare_and_restore_through_the_api(self, client: Client, agency: Agency) -> None:
        """GET versions, GET compare, POST restore (201), restore after signing 409."""
        doc = draft_with_versions(agency)
        h = bearer(agency.drafter)
        listed = client.get(f"/api/v1/documents/{doc.pk}/versions", **h).json()
        assert [v["number"] for v in listed] == [3, 2, 1]
        cmp = client.get(f"/api/v1/documents/{doc.pk}/versions/compare?a=1&b=2", **h).json()
        assert (cmp["words_added"], cmp["words_removed"]) == (2, 0)
        assert client.post(f"/api/v1/documents/{doc.pk}/versions/1/restore", **h).status_code == 201
        signed = make_signed(agency)
        refused = client.post(f"/api/v1/documents/{signed.pk}/versions/1/restore", **h)
        assert refused.status_code == 409 and "đã được ký" in refused.json()["detail"]

    def test_consultation_through_the_api(self, client: Client, agency: Agency) -> None:
        """POST a consultation, answer it (multipart), read it back, the summary rows, a 403 for an outsider."""
        doc = draft_with_versions(agency)
        created = client.post(
            f"/api/v1/documents/{doc.pk}/consultations",
            {
                "mode": "sequential",
                "parties": [
                    {"user_id": agency.unit_head.user_id, "deadline": "2999-01-01"},
                    {"unit_id": agency.office.pk, "deadline": "2999-01-02"},
                ],
            },
            content_type="application/json",
            **bearer(agency.drafter),
        )
        assert created.status_code == 201, created.content
        cid = created.json()["id"]
        assert [p["opened"] for p in created.json()["parties"]] == [True, False]
        outsider = client.post(
            f"/api/v1/consultations/{cid}/opinions", {"verdict": "agree"}, **bearer(agency.deputy)
        )
        assert outsider.status_code in (403, 404)
        answered = client.post(
            f"/api/v1/consultations/{cid}/opinions",
            {"verdict": "disagree", "text": "Chưa phù hợp."},
            **bearer(agency.unit_head),
        )
        assert answered.status_code == 201 and answered.json()["late"] is False
        detail = client.get(f"/api/v1/consultations/{cid}", **bearer(agency.drafter)).json()
        assert [p["opened"] for p in detail["parties"]] == [True, True]
        rows = client.get(f"/api/v1/consultations/{cid}/summary", **bearer(agency.drafter)).json()["rows"]
        assert rows[0][2] == "Không nhất trí"


def test_the_openapi_document_lists_the_drafting_endpoints(client: Client, agency: Agency) -> None:
    """Everything is in the API too (DESIGN §4: /api/v1/openapi.json): versions, compare, restore, consultations,
    answers, reminders, replies and the summary table."""
    client.force_login(agency.drafter.user)
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/documents/{doc_id}/versions",
        "/api/v1/documents/{doc_id}/versions/compare",
        "/api/v1/documents/{doc_id}/versions/{number}/restore",
        "/api/v1/documents/{doc_id}/consultations",
        "/api/v1/consultations/{pk}/opinions",
        "/api/v1/consultations/{pk}/remind",
        "/api/v1/opinions/{pk}/reply",
        "/api/v1/consultations/{pk}/summary/{kind}",
    } <= paths
