"""The search page's result rows written in Python (search/templatetags/search_results.py) are the HTML the
template's loop wrote, character for character: in both languages, for every column first or not, with values
to escape, an empty first value and highlighted snippets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.utils import translation
from search_helpers import make_doc

from congvan.documents.models import Register
from congvan.search.fields import FIELDS, related_of
from congvan.search.selectors import SearchParams, staff_search

pytestmark = pytest.mark.django_db

# The loop of search/search.html before the rows were written in Python: the reference.
REFERENCE = (
    "<tbody>\n"
    "{% for hit, values in rows %}<tr>{% for v in values %}<td>{% if forloop.first %}"
    '<a href="{% url \'web:document\' hit.document.pk %}">{{ v|default:"—" }}</a>{% else %}{{ v }}{% endif %}'
    "</td>{% endfor %}</tr>\n"
    '{% if hit.snippet %}<tr class="snippet"><td colspan="{{ fields|length }}">{{ hit.snippet }}</td></tr>'
    "{% endif %}\n"
    "{% endfor %}\n"
    "</tbody>"
)
NEW = "{% load search_results %}<tbody>\n{% search_rows rows fields|length %}\n</tbody>"


@pytest.fixture
def hits_docs(agency):
    register = Register.objects.create(
        organization=agency.org, direction="in", year=2024, name='Sổ <đến> & "A"'
    )
    make_doc(
        agency.org,
        subject="Phòng cháy <b>chữa</b> cháy & \"cứu hộ\" 'A'",
        number_text="221",
        symbol="TTCS-TTTQ",
        drafting_unit=agency.unit,
        register=register,
        issuer_name="",
        signer_name="Nguyễn <Văn> A",
        arrival_number=7,
        due_on=dt.date(2024, 5, 1),
        body="Nội dung về phòng cháy chữa cháy trong mùa khô.",
    )
    make_doc(
        agency.org, subject="Phòng cháy mùa khô", issuer_name="UBND <tỉnh>", direction="out", state="draft"
    )
    make_doc(
        agency.org,
        subject="Phòng cháy",
        issued_on=None,
        register=Register.objects.create(organization=agency.org, direction="out", year=2025),
    )


def _render_both(actor, columns: list[str], q: str) -> tuple[str, str]:
    page = staff_search(actor, SearchParams(q=q), related=related_of(columns))
    context = {
        "fields": [(k, FIELDS[k]) for k in columns],
        "rows": [(h, [FIELDS[k].value(h.document) for k in columns]) for h in page.hits],
    }
    django = engines["django"]
    return django.from_string(REFERENCE).render(context), django.from_string(NEW).render(context)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("first", list(FIELDS))
def test_rows_are_the_templates(agency, hits_docs, language, first):
    """Every column, first (the link, "—" when empty) or among the others, is written as the loop wrote it."""
    columns = [first, *(k for k in FIELDS if k != first)]
    with translation.override(language):
        for q in ("phong chay", "mua kho", "221/TTCS-TTTQ"):
            before, after = _render_both(agency.head, columns, q)
            assert "<tr>" in before
            if q == "phong chay":
                assert '<tr class="snippet">' in before
                assert "&lt;b&gt;" in before
            if first == "number_symbol" and q == "phong chay":
                assert "—</a>" in before
            assert after == before


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_hits_and_default_columns(agency, hits_docs, language):
    """No hits: the body is empty as it was; the default columns are written as the loop wrote them."""
    from congvan.search.fields import DEFAULT_FIELDS

    with translation.override(language):
        for q in ("khong co gi", "phong chay"):
            before, after = _render_both(agency.head, list(DEFAULT_FIELDS), q)
            assert after == before
