"""The portal's document page is read by two fixed statements (portal.selectors.public_page, issue 10); what they
find is what the ORM's rule (``public_documents``) finds: the same publication, category, document, owner and
files, and nothing for a document the public may not see."""

from __future__ import annotations

import pytest
from portal_helpers import HIDDEN_KINDS, make_kind

from congvan.documents.models import Attachment
from congvan.portal.selectors import live_publications, public_documents, public_page

pytestmark = pytest.mark.django_db


def values(obj) -> list:
    return [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields]


def test_the_same_rows_as_the_orm(public_doc, django_assert_num_queries):
    """Every field of the publication and what it joins, and the files in their order, as the ORM reads them."""
    first = public_doc.attachments.get()
    Attachment.objects.filter(pk=first.pk).update(position=1)  # the new file goes first, by position
    Attachment.objects.create(
        document=public_doc,
        stored=first.stored,
        name="a-phu-luc.pdf",
        content_type="application/pdf",
        position=0,
    )
    expected = live_publications().select_related("category", "document__owner").get(document=public_doc)
    expected_files = list(Attachment.objects.filter(document=public_doc).select_related("stored"))
    with django_assert_num_queries(2):
        page = public_page(public_doc.pk)
        assert page is not None
        publication, files = page
        for got, want in [
            (publication, expected),
            (publication.category, expected.category),
            (publication.document, expected.document),
            (publication.document.owner, expected.document.owner),
        ]:
            assert values(got) == values(want)
            assert [type(v) for v in values(got)] == [type(v) for v in values(want)]
        assert [values(a) for a in files] == [values(a) for a in expected_files]
        assert [values(a.stored) for a in files] == [values(a.stored) for a in expected_files]
    assert [a.name for a in files][0] == "a-phu-luc.pdf"


@pytest.mark.parametrize("kind", HIDDEN_KINDS, ids=HIDDEN_KINDS)
def test_nothing_for_what_the_public_may_not_see(agency, kind):
    """Unpublished, withdrawn, confidential, recalled, a recalled original's copy, a draft, a refused document:
    no page, as the ORM's rule finds none (Phụ lục VI on publishing; portal.selectors)."""
    doc = make_kind(agency.org, kind)
    assert not public_documents().filter(pk=doc.pk).exists()
    assert public_page(doc.pk) is None


@pytest.mark.parametrize("pk", [0, 10**9, 10**30], ids=["zero", "absent", "too-large"])
def test_nothing_for_a_key_of_no_document(agency, pk):
    """A number that is no document's, even past the column's range, finds no page (the portal's 404)."""
    assert public_page(pk) is None
