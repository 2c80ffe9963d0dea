"""The search page's saved searches, read as plain rows by a fixed statement, are the person's own, by name,
and the page's list of them is the HTML the model objects gave."""

from __future__ import annotations

import pytest
from django.template import engines

from congvan.search.models import SavedSearch
from congvan.search.selectors import SavedRow, saved_searches_of
from factories import Agency

pytestmark = pytest.mark.django_db


def _section() -> str:
    """The saved searches' section of search/search.html."""
    template = engines["django"].get_template("search/search.html").template.source
    start = template.index("{% if saved %}")
    return "{% load i18n %}" + template[start : template.index("{% endif %}", start) + len("{% endif %}")]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_saved_rows_are_the_models(agency, count):
    """The person's saved searches only, ordered by name, with the same HTML in the page."""
    user = agency.drafter.user
    for name, query in [("Zeta <b>", "q=a&b=%22c%22"), ("alpha", "q=x"), ("Bê & cê", "q=%C3%A1")][:count]:
        SavedSearch.objects.create(user=user, name=name, query=query)
    SavedSearch.objects.create(user=Agency("Sở Tài chính", "STC").drafter.user, name="other", query="q=o")
    models = SavedSearch.objects.filter(user_id=user.pk)
    rows = saved_searches_of(user.pk)
    assert rows == [SavedRow(s.pk, s.name, s.query) for s in models]
    assert len(rows) == count
    section = engines["django"].from_string(_section())
    before = section.render({"saved": models, "csrf_token": "t"})
    assert section.render({"saved": rows, "csrf_token": "t"}) == before
    assert ("Bê &amp; cê" in before) == (count == 3)
