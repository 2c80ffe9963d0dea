"""Document lists read as plain rows (issue 10): the same documents, values and labels as the model gives."""

from __future__ import annotations

import pytest

from congvan.documents.models import Confidentiality, Document
from congvan.documents.selectors import readable_by
from factories import Agency, make_draft


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk", "head"])
def test_clerk_and_head_read_every_document_of_their_organisation(agency, who):
    """The clerk and the head of the agency read every document their organisation owns — ordinary and
    confidential, in any state, whoever drafted it — and nothing of another organisation."""
    other = Agency("Sở Tài chính", "STC")
    mine = [
        make_draft(agency).pk,
        make_draft(agency, confidentiality=Confidentiality.SECRET).pk,
        make_draft(agency, confidentiality=Confidentiality.ABSOLUTE).pk,
        Document.objects.create(owner=agency.org, direction="in", state="received", subject="Đến").pk,
        Document.objects.create(
            owner=agency.org, direction="in", state="directed", subject="Mật đến", confidentiality=2
        ).pk,
    ]
    make_draft(other)
    make_draft(other, confidentiality=Confidentiality.SECRET)
    actor = getattr(agency, who)
    assert sorted(readable_by(actor).values_list("pk", flat=True)) == sorted(mine)


@pytest.mark.django_db
def test_reading_ahead_pages_as_before(agency):
    """With the first page read ahead, every page of every size has the same rows, count and number of pages
    as without; a list that fits in its first page is counted without a query."""
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congvan.documents.listing import DocumentRows
    from congvan.documents.selectors import outgoing

    for _ in range(5):
        make_draft(agency)
    for size in range(1, 8):
        for number in (1, 2, 3, 99, 0, "x", None):
            plain = Paginator(DocumentRows(outgoing(agency.clerk)), size).get_page(number)
            ahead_rows = DocumentRows(outgoing(agency.clerk))
            with CaptureQueriesContext(connection) as queries:
                ahead_rows.read_ahead(size)
                ahead = Paginator(ahead_rows, size).get_page(number)
                got = [r.pk for r in ahead]
            assert got == [r.pk for r in plain]
            assert (ahead.number, ahead.paginator.count, ahead.paginator.num_pages) == (
                plain.number,
                plain.paginator.count,
                plain.paginator.num_pages,
            )
            if size > 5:
                assert len(queries) == 1
            elif ahead.number == 1:
                assert len(queries) == 2
