"""GET /api/v1/search writes its hits without validating them through SearchOut again (issue 10): the JSON is
byte for byte the one the schema's validation gave — dates, scores, snippets with their marks and escapes,
documents with and without a date or an issuer of their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from search_helpers import make_doc

from congvan.api.urls import api
from congvan.search.api import SearchIn, SearchOut, search_answer
from factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, agency):
    client.login(username=agency.clerk.user.username, password=PASSWORD)
    return client


@pytest.fixture
def docs(agency):
    return [
        make_doc(agency.org, subject="Xóa nhà tạm, nhà dột nát", number_text="221", symbol="TTCS-TTTQ"),
        make_doc(agency.org, subject='Xóa nhà tạm <b>"mới"</b> & cũ', issued_on=None, issuer_name=""),
        make_doc(
            agency.org,
            subject="Báo cáo",
            body="Kết quả xóa nhà tạm năm 2024 & kế hoạch năm 2025.",
            issuer_name="UBND huyện",
            signer_name="Nguyễn Văn A",
            issued_on=dt.date(2025, 1, 31),
        ),
    ]


def schema_json(request, query: dict[str, str]) -> bytes:
    """The answer as it was given before: validated by SearchOut, then rendered."""
    data = SearchOut.model_validate(search_answer(request, SearchIn(**query))).model_dump()
    return api.renderer.render(RequestFactory().get("/"), data, response_status=200).encode()


@pytest.mark.parametrize(
    "query",
    [
        {"q": "xoa nha tam"},
        {"q": "221/TTCS-TTTQ"},
        {"q": "xoa", "limit": "2", "offset": "1"},
        {"q": "khong co"},
    ],
    ids=["words", "number-symbol", "a page", "no hit"],
)
def test_the_answer_is_the_schemas_json(signed_in, agency, docs, query):
    """Every hit's field in the schema's order, with the schema's rendering of dates, floats and text."""
    response = signed_in.get("/api/v1/search", query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == schema_json(response.wsgi_request, query)
    if query["q"] == "xoa nha tam":
        assert response.json()["total"] == 3


def test_bad_paging_is_still_refused(signed_in, docs):
    """The answer's own checks still run first: a limit out of range is a 400 with its message."""
    response = signed_in.get("/api/v1/search", {"q": "xoa", "limit": "0"})
    assert response.status_code == 400
    assert "limit" in response.json()["detail"]
