"""The staff search page, its exports and saved searches, and the API endpoint (Phụ lục VI III.6)."""

from __future__ import annotations

import pytest
from search_helpers import make_doc

from congvan.search.models import SavedSearch
from factories import PASSWORD, Agency


@pytest.fixture
def signed_in(client, agency):
    client.login(username=agency.drafter.user.username, password=PASSWORD)
    return client


@pytest.fixture
def docs(agency):
    other = Agency("Sở Tài chính", "STC")
    return {
        # Owned by the searcher's unit: under the read scope ``unit`` that is why it is readable.
        "mine": make_doc(
            agency.org,
            subject="Xóa nhà tạm, nhà dột nát",
            number_text="221",
            symbol="TTCS-TTTQ",
            drafting_unit=agency.unit,
        ),
        "secret": make_doc(agency.org, subject="Xóa nhà tạm (mật)", confidentiality=1),
        "foreign": make_doc(other.org, subject="Xóa nhà tạm ở nơi khác"),
    }


@pytest.mark.django_db
class TestSearchPage:
    def test_page_shows_readable_hits_only(self, signed_in, docs):
        """The page lists what the person may open and nothing else."""
        body = signed_in.get("/app/search/", {"q": "xoa nha tam"}).content.decode()
        assert f"/app/documents/{docs['mine'].pk}/" in body
        assert f"/app/documents/{docs['secret'].pk}/" not in body
        assert f"/app/documents/{docs['foreign'].pk}/" not in body

    def test_snippet_is_highlighted(self, signed_in, docs):
        """Results carry the matched words in <mark>."""
        body = signed_in.get("/app/search/", {"q": "xoa nha tam", "columns": ["subject"]}).content.decode()
        assert "<mark>" in body

    @pytest.mark.parametrize(
        ("fields", "shown", "hidden"),
        [(["subject"], "Trích yếu", "Người ký"), (["signer", "subject"], "Người ký", "Sổ đăng ký")],
        ids=["subject-only", "signer-and-subject"],
    )
    def test_columns_are_the_users_choice(self, signed_in, docs, fields, shown, hidden):
        """The fields shown are the ones the person ticked."""
        body = signed_in.get("/app/search/", {"q": "xoa", "columns": fields}).content.decode()
        table = body.split("<thead>")[1].split("</thead>")[0]
        assert shown in table
        assert hidden not in table

    def test_top_bar_has_the_search_box(self, signed_in, docs):
        """Every staff page has the search box in its top bar."""
        body = signed_in.get("/app/").content.decode()
        assert 'action="/app/search/"' in body

    @pytest.mark.parametrize(
        ("fmt", "magic"), [("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")], ids=["xlsx", "docx", "pdf"]
    )
    def test_export(self, signed_in, docs, fmt, magic):
        """Results export to XLSX, DOCX and PDF."""
        response = signed_in.get("/app/search/", {"q": "xoa nha tam", "format": fmt})
        assert response.status_code == 200
        assert response.content.startswith(magic)

    def test_export_holds_only_readable_documents(self, signed_in, docs):
        """The export follows the same rule as the page."""
        import io

        from openpyxl import load_workbook

        response = signed_in.get(
            "/app/search/", {"q": "xoa nha tam", "format": "xlsx", "columns": ["subject"]}
        )
        cells = [
            c.value for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in row
        ]
        assert "Xóa nhà tạm, nhà dột nát" in cells
        assert not any("mật" in str(c) or "nơi khác" in str(c) for c in cells)

    def test_saved_search_runs_again(self, signed_in, agency, docs):
        """A saved search is kept for its owner and opens the same results."""
        signed_in.post("/app/search/save/", {"name": "Nhà tạm", "query": "q=xoa+nha+tam"})
        saved = SavedSearch.objects.get(user=agency.drafter.user)
        body = signed_in.get(f"/app/search/?{saved.query}").content.decode()
        assert f"/app/documents/{docs['mine'].pk}/" in body


@pytest.mark.django_db
class TestSearchApi:
    def test_api_returns_readable_hits_only(self, signed_in, docs):
        """GET /api/v1/search answers with the same rule as the page."""
        data = signed_in.get("/api/v1/search", {"q": "xoa nha tam"}).json()
        assert [r["id"] for r in data["results"]] == [docs["mine"].pk]
        assert data["total"] == 1

    def test_api_number_symbol(self, signed_in, docs):
        """A number/symbol query through the API."""
        data = signed_in.get("/api/v1/search", {"q": "221/TTCS-TTTQ"}).json()
        assert [r["id"] for r in data["results"]] == [docs["mine"].pk]

    @pytest.mark.parametrize(
        "params", [{"limit": 0}, {"limit": 101}, {"offset": -1}], ids=["zero", "too-many", "negative"]
    )
    def test_api_rejects_bad_paging(self, signed_in, docs, params):
        """Bad paging is a 400 answer."""
        assert signed_in.get("/api/v1/search", {"q": "xoa", **params}).status_code == 400


@pytest.mark.django_db
class TestQueriesPerPage:
    """The hits' documents come with the relations their columns show, in the same queries for 1 hit or many."""

    @pytest.fixture
    def register(self, agency):
        from congvan.documents.models import Register

        return Register.objects.create(organization=agency.org, direction="in", year=2024, name="Sổ đến")

    def _docs(self, agency, register, subject: str, n: int) -> None:
        for _ in range(n):
            make_doc(
                agency.org, subject=subject, drafting_unit=agency.unit, register=register, issuer_name=""
            )

    @pytest.mark.parametrize(
        "columns",
        [[], ["subject", "register", "unit", "issuer"], ["number_symbol", "signer"]],
        ids=["default", "related", "none-related"],
    )
    def test_page(self, signed_in, agency, register, columns):
        """The page's queries do not grow with the hits, whatever the columns shown."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._docs(agency, register, "Hội nghị một lần", 1)
        self._docs(agency, register, "Phòng cháy chữa cháy", 6)
        counts, bodies = [], []
        for q in ("hoi nghi", "phong chay"):
            with CaptureQueriesContext(connection) as ctx:
                bodies.append(signed_in.get("/app/search/", {"q": q, "columns": columns}).content.decode())
            counts.append(len(ctx))
        assert counts[0] == counts[1]
        if "register" in columns:
            rows = bodies[1].split("<tbody>")[1]
            assert rows.count("<td>Sổ đến</td>") == 6
            assert rows.count(f"<td>{agency.unit.name}</td>") == 6
            assert rows.count(f"<td>{agency.org.name}</td>") == 6

    def test_api(self, signed_in, agency, register):
        """The API's queries do not grow with the hits; the issuer falls back to the owner's name."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._docs(agency, register, "Hội nghị một lần", 1)
        self._docs(agency, register, "Phòng cháy chữa cháy", 6)
        counts = []
        for q, n in (("hoi nghi", 1), ("phong chay", 6)):
            with CaptureQueriesContext(connection) as ctx:
                data = signed_in.get("/api/v1/search", {"q": q}).json()
            counts.append(len(ctx))
            assert len(data["results"]) == n
            assert {r["issuer"] for r in data["results"]} == {agency.org.name}
        assert counts[0] == counts[1]
