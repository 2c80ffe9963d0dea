"""A register read by statements compiled once per shape (registers.RegisterRows.of, issue 10): the same entries,
cells, pages and count as the register's QuerySet read through the ORM, for each reader and direction."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from test_register_rows import books  # noqa: F401 — the fixture

from congvan.documents import selectors
from congvan.documents.registers import RegisterRows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("direction", ["out", "in"])
@pytest.mark.parametrize("who", ["clerk", "deputy", "head", "drafter"])
@pytest.mark.parametrize(("page", "size"), [(1, 100), (2, 3), (9, 4)])
def test_the_same_entries_as_the_orm(books, direction, who, page, size):  # noqa: F811
    """Each reader's book of a year: the same entries with their cells, in the same order, the same count."""
    actor = getattr(books, who)
    documents = selectors.register_documents(actor, direction=direction, year=2024)
    before = Paginator(RegisterRows(documents, direction=direction), size).get_page(page)
    after = Paginator(RegisterRows.of(actor, direction=direction, year=2024), size).get_page(page)
    assert after.paginator.count == before.paginator.count
    assert list(after) == list(before)


@pytest.mark.parametrize("direction", ["out", "in"])
def test_each_year_is_its_own_book(books, direction):  # noqa: F811
    """The year is a parameter of the statement: another year's book has that year's entries."""
    for year in (2023, 2024, 2025):
        documents = selectors.register_documents(books.clerk, direction=direction, year=year)
        expected = list(RegisterRows(documents, direction=direction))
        assert list(RegisterRows.of(books.clerk, direction=direction, year=year)) == expected
    assert RegisterRows.of(books.clerk, direction=direction, year=2024)._fixed is not None


def test_a_year_out_of_range_reads_no_entries(books):  # noqa: F811
    """A year beyond the column's range is left to the ORM: an empty book, as before."""
    rows = RegisterRows.of(books.clerk, direction="in", year=10**12)
    assert rows._fixed is None
    assert rows.count() == 0


def test_the_directions_leads_are_the_orms(books):  # noqa: F811
    """The leads of an incoming book's directions (one fixed statement): the rows, in the order, of the ORM's
    query with the lead unit's and person's names — with directions to units, to people and to neither."""
    from congvan.directives.models import Direction
    from congvan.documents.registers import _directions_leads

    ids = list(
        selectors.register_documents(books.clerk, direction="in", year=2024).values_list("pk", flat=True)
    )
    first = ids[0]
    Direction.objects.create(
        document_id=first, directed_by=books.head.user, lead_person_id=books.deputy.user_id
    )
    Direction.objects.create(document_id=first, directed_by=books.head.user)
    expected = list(
        Direction.objects.filter(document_id__in=ids)
        .order_by("document_id", "-created_at", "-id")
        .values_list(
            "document_id",
            "lead_unit__name",
            "lead_person__full_name",
            "lead_person__first_name",
            "lead_person__last_name",
            "lead_person__username",
        )
    )
    assert len(expected) >= 3
    assert _directions_leads(ids) == expected
    assert _directions_leads([]) == []
