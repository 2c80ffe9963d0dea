"""The API's document lists (/documents, /inbox) read as rows give the JSON the schema gives for the models."""

from __future__ import annotations

import datetime as dt

import pytest

from congvan.api import schemas as s
from congvan.api.urls import api, paged, summary
from congvan.documents import selectors
from congvan.documents.models import Confidentiality, Document, Urgency
from congvan.documents.services import document_submit
from congvan.documents.tokens import token_create
from factories import make_draft, make_signed

pytestmark = pytest.mark.django_db


def bearer(member):
    _token, key = token_create(user=member.user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def schema_json(documents, page: int = 1, size: int = 50) -> bytes:
    """The page as it was made before the rows: model objects, ``summary``, validated by s.DocumentPage."""
    current, meta = paged(documents, page, size)
    data = s.DocumentPage.model_validate({**meta, "items": [summary(d) for d in current]}).model_dump()
    return api.renderer.render(None, data, response_status=200).encode()  # type: ignore[arg-type]


@pytest.fixture
def documents(agency, recipients):
    """Documents of every shape a list shows: drafts, a signed letter, a numbered one with its dates, incoming
    ones with and without an issuer's name and number, urgent and confidential ones."""
    make_draft(agency, subject='Về việc <thử> & "kiểm tra"', urgency=Urgency.VERY_URGENT)
    make_draft(agency, confidentiality=Confidentiality.SECRET, due_on=dt.date(2025, 3, 9))
    make_signed(agency, recipients[0].org)
    document_submit(document=make_draft(agency, subject="Chờ trưởng phòng"), actor=agency.drafter)
    Document.objects.create(
        owner=agency.org,
        direction="out",
        state="issued",
        doc_type="QD",
        number=7,
        symbol="QĐ-STTTT",
        issued_on=dt.date(2024, 5, 2),
        subject="Quyết định " + "rất dài " * 30,
        drafting_unit=agency.unit,
        document_id="000.00.01.H33.2024.7",
    )
    Document.objects.create(
        owner=agency.org,
        direction="in",
        state="registered",
        subject="Văn bản đến không ghi cơ quan",
        arrival_number=3,
        number_text="12",
        symbol="UBND-VX",
        urgency=Urgency.FLASH,
    )
    Document.objects.create(
        owner=agency.org,
        direction="in",
        state="received",
        doc_type="TB",
        subject="Thông báo",
        issuer_name="Báo Lạng Sơn",
        issuer_code="000.00.02.H33",
        issued_on=dt.date(2024, 1, 31),
        confidentiality=Confidentiality.TOP_SECRET,
    )
    Document.objects.create(owner=agency.org, direction="in", state="directed", subject="Đã giao", number=1)
    return agency


@pytest.mark.parametrize("direction", ["in", "out"])
@pytest.mark.parametrize(("page", "size"), [(1, 50), (1, 3), (1, 2), (2, 2), (99, 3)])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_documents_list_is_the_schemas_json(client, documents, direction, page, size, language):
    """GET /documents answers, byte for byte, what the models validated by s.DocumentPage gave: every field,
    the owner's name and code for an incoming document without its issuer's, the labels in the language
    asked for, the page counted and clamped as before."""
    agency = documents
    response = client.get(
        f"/api/v1/documents?direction={direction}&page={page}&size={size}",
        HTTP_ACCEPT_LANGUAGE=language,
        **bearer(agency.clerk),
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    from django.utils import translation

    with translation.override(language):
        pick = selectors.incoming if direction == "in" else selectors.outgoing
        assert response.content == schema_json(pick(agency.clerk), page, size)
    assert response.json()["count"] == (5 if direction == "out" else 3)


def test_documents_list_filters_as_before(client, documents):
    """The state and text filters narrow the rows as they narrowed the models."""
    agency = documents
    for query, expected in (
        ("state=draft", 2),
        ("state=content_review", 1),
        ("q=thử", 1),
        ("state=issued&q=Quyết", 1),
        ("q=nothing", 0),
    ):
        response = client.get(f"/api/v1/documents?direction=out&{query}", **bearer(agency.clerk))
        assert response.json()["count"] == expected, query
        assert response.content == schema_json(
            selectors.outgoing(
                agency.clerk,
                state=dict(x.split("=") for x in query.split("&")).get("state"),
                q=dict(x.split("=") for x in query.split("&")).get("q"),
            )
        )


@pytest.mark.parametrize("who", ["deputy", "clerk", "drafter", "unit_head"])
def test_inbox_is_the_schemas_json(client, documents, who):
    """GET /inbox answers what the models validated by s.DocumentPage gave, for every role."""
    actor = getattr(documents, who)
    response = client.get("/api/v1/inbox", **bearer(actor))
    assert response.status_code == 200
    assert response.content == schema_json(selectors.waiting_for(actor))
    assert response.json()["count"] > 0


def test_a_list_page_makes_the_same_queries_for_any_number_of_rows(
    client, documents, django_assert_num_queries
):
    """A page of the list reads its rows in one query besides the count and the token's; a first page that
    holds the whole list is counted by its length, without the count's query."""
    headers = bearer(documents.clerk)
    client.get("/api/v1/me", **headers)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/documents?direction=out", **headers).json()["count"] == 5
    with django_assert_num_queries(3):
        assert client.get("/api/v1/documents?direction=out&size=5", **headers).json()["count"] == 5
    for _ in range(20):
        make_draft(documents)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/documents?direction=out", **headers).json()["count"] == 25
    with django_assert_num_queries(3):
        assert client.get("/api/v1/documents?direction=out&size=10", **headers).json()["count"] == 25
    with django_assert_num_queries(3):
        assert client.get("/api/v1/documents?direction=out&page=2&size=10", **headers).json()["count"] == 25
