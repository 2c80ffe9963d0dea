"""The whole document table written by the document_table tag — head, rows and pager — is the HTML the former
template and its pager wrote, with a state filter to keep in the pager's links, in both languages."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.utils import translation
from test_document_table import REFERENCE

from congvan.documents import selectors
from congvan.documents.listing import DocumentRows
from factories import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(agency):
    for _ in range(5):
        make_draft(agency)
    return agency


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("state", [None, "", "draft", 'a&<b>"c'])
@pytest.mark.parametrize("page", [1, 2, 3])
def test_pager_keeps_the_state_as_the_template_did(many, language, state, page):
    """The previous and next links carry the state filter, escaped; "Trang n/t" in the page's language."""
    django = engines["django"]
    documents = selectors.outgoing(many.drafter)
    with translation.override(language):
        before = django.from_string(REFERENCE).render(
            {"page": Paginator(documents, 2).get_page(page), "state": state}
        )
        after = django.get_template("web/_document_table.html").render(
            {"page": Paginator(DocumentRows(documents), 2).get_page(page), "state": state}
        )
    assert 'class="pager"' in after
    assert after == before


def test_no_page_is_an_empty_table_without_pager(db):
    """Without a page in the context the table is empty and has no pager, as the template had."""
    django = engines["django"]
    before = django.from_string(REFERENCE).render({})
    after = django.get_template("web/_document_table.html").render({})
    assert "pager" not in after
    assert after == before
