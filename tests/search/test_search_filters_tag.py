"""The search form's filters written by the search_filters tag (search/templatetags/search_form.py) are the
HTML the template's loop over the form wrote, bound or not, with values to escape and errors, in both
languages."""

from __future__ import annotations

import pytest
from django.template import engines
from django.utils import translation

from congvan.documents.models import Register
from congvan.search.forms import SearchForm

pytestmark = pytest.mark.django_db

# search/search.html's loop over the filters as it was before the tag: the reference.
REFERENCE = '{% for f in form %}{% if f.name != "q" and f.name != "columns" %}<label for="{{ f.id_for_label }}">{{ f.label }}</label> {{ f }} {% endif %}{% endfor %}'
SPLIT = "\n=====\n"
BOTH = "{% load search_form %}" + REFERENCE + SPLIT + "{% search_filters form %}"


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "báo cáo"},
        {
            "q": "x",
            "doc_type": "CV",
            "direction": "in",
            "year": "2024",
            "issuer": 'Sở <X> & "Y"',
            "date_from": "2024-01-31",
            "state": "issued",
            "register": "REG",
            "columns": ["subject"],
        },
        {"year": "nineteen", "date_to": "31/02/2024", "doc_type": "??"},
    ],
    ids=["unbound", "words", "every-filter", "errors"],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_filters_are_the_loops_html(agency, data, language):
    """Every filter's label and widget, in the form's order, as the loop wrote them."""
    register = Register.objects.create(
        organization=agency.org, direction="in", year=2024, name='Sổ "đến" <A>'
    )
    if data and "register" in data:
        data = {**data, "register": str(register.pk)}
    with translation.override(language):
        form = SearchForm(data, actor=agency.drafter)
        form.is_bound and form.is_valid()
        before, after = engines["django"].from_string(BOTH).render({"form": form}).split(SPLIT)
    assert "<select" in after
    assert after == before
