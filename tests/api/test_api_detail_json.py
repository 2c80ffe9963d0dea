"""GET /api/v1/documents/<id> writes the detail without validating it through s.DocumentOut again (issue 10):
the JSON is byte for byte the one the schema's validation gave, for an outgoing letter with every kind of
related row, the incoming copy it made, a bare draft, in both languages."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation
from test_api_document_detail import bearer, issued_letter

from congvan.api import schemas as s
from congvan.api.urls import api, detail
from congvan.documents.models import Document
from factories import make_draft

pytestmark = pytest.mark.django_db


def schema_json(actor, pk: int) -> bytes:
    """The detail as it was answered before: validated by s.DocumentOut, then rendered."""
    document = Document.objects.select_related("owner").get(pk=pk)
    data = s.DocumentOut.model_validate(detail(actor, document)).model_dump()
    request = RequestFactory().get("/")
    return api.renderer.render(request, data, response_status=200).encode()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("which", ["issued", "incoming", "draft"])
def test_the_detail_is_the_schemas_json(client, agency, recipients, language, which):
    """Every field, in the schema's order, with the schema's rendering of dates, times and labels."""
    letter = issued_letter(agency, recipients)
    if which == "issued":
        actor, pk = agency.clerk, letter.pk
    elif which == "incoming":
        actor = recipients[1].clerk
        pk = Document.objects.get(owner=recipients[1].org, direction="in").pk
    else:
        actor, pk = agency.drafter, make_draft(agency, subject='Về việc <thử> & "kiểm tra"').pk
    response = client.get(f"/api/v1/documents/{pk}", **bearer(actor), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    with translation.override(language):
        assert response.content == schema_json(actor, pk)
