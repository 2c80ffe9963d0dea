"""The search page is the same HTML, byte for byte, as the former template gave from the former context (the
results' rows through the template's loop, the saved searches as model objects), in both languages, for the
default columns, every column and none matching; only the CSRF tokens, random at each rendering, differ."""

from __future__ import annotations

import re

import pytest
from django.template import engines
from django.utils import translation
from search_helpers import make_doc
from test_search_results_tag import REFERENCE

from congvan.documents.models import Register
from congvan.search.fields import FIELDS
from congvan.search.models import SavedSearch
from factories import PASSWORD

pytestmark = pytest.mark.django_db

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _former_template() -> str:
    """search/search.html with the results' loop the template had before search_rows."""
    source = engines["django"].get_template("search/search.html").template.source
    source = source.replace("{% load i18n search_results %}", "{% load i18n %}")
    new = "<tbody>\n{% search_rows rows fields|length %}\n</tbody>"
    assert new in source
    return source.replace(new, REFERENCE)


@pytest.fixture
def page_docs(agency):
    register = Register.objects.create(organization=agency.org, direction="in", year=2024)
    for i in range(3):
        make_doc(
            agency.org,
            subject=f'Phòng cháy <b>chữa</b> cháy & "{i}"',
            body="Kế hoạch phòng cháy chữa cháy mùa khô năm 2024 của cơ quan.",
            drafting_unit=agency.unit,
            register=register,
            number_text=str(200 + i),
            symbol="KH-UBND",
        )
    SavedSearch.objects.create(user=agency.drafter.user, name="Phòng <cháy>", query="q=phong+chay")
    SavedSearch.objects.create(user=agency.drafter.user, name="A & B", query="q=a")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "params",
    [
        {"q": "phong chay"},
        {"q": "phong chay", "columns": list(FIELDS)},
        {"q": "khong co gi"},
        {"q": "phong chay", "page": "2"},
    ],
    ids=["default", "every-column", "no-hits", "past-the-end"],
)
def test_page_is_the_former_templates(client, agency, page_docs, language, params):
    """The whole page, rendered again by the former template from the former context, is the same."""
    client.login(username=agency.drafter.user.username, password=PASSWORD)
    response = client.get("/app/search/", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    context = response.context[0].flatten()
    context["saved"] = SavedSearch.objects.filter(user_id=agency.drafter.user.pk)
    with translation.override(language):
        before = (
            engines["django"].from_string(_former_template()).render(context, request=response.wsgi_request)
        )
    after = response.content.decode()
    assert "Phòng &lt;cháy&gt;" in after
    if params["q"] == "phong chay" and "page" not in params:
        assert '<tr class="snippet">' in after
    assert _CSRF.sub("", after) == _CSRF.sub("", before)
