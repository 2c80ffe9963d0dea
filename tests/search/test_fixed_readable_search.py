"""The staff search puts the permission rule into its statement as SQL written once per shape of person
(documents.listing.fixed_ids_sql, issue 10): the very SQL and parameters the ORM writes for readable_by, and
the same hits, scores, order and totals as the search given the QuerySet — with and without exact filters."""

from __future__ import annotations

import pytest
from test_search_permissions import ROLES, world  # noqa: F401 — the fixture

from congvan.documents.listing import fixed_ids_sql
from congvan.documents.selectors import readable_by
from congvan.search.selectors import SearchParams, reads_few, search, staff_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("scope", ["unit", "organization"])
def test_the_rules_sql_is_the_orms(world, settings, role, scope):  # noqa: F811
    """For every role and read scope: the ORM's own SQL of readable_by(actor).values("id"), parameter for
    parameter."""
    settings.CONGVAN_READ_SCOPE = scope
    actor = world[0][role]
    sql, params = readable_by(actor).values("id").query.sql_with_params()
    fixed = fixed_ids_sql("readable_by", readable_by, actor)
    assert fixed is not None
    assert fixed[0] == sql
    assert fixed[1] == list(params)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "params",
    [
        SearchParams(q="tuyen truyen chuyen doi so"),
        SearchParams(q="chuyen doi"),
        SearchParams(q="chuyen doi", direction="out"),
        SearchParams(q=""),
    ],
    ids=["words", "two words", "a filter", "no words"],
)
def test_the_same_hits_as_the_search_of_the_queryset(world, role, params):  # noqa: F811
    """staff_search: the hits, scores, order and total of search() given readable_by(actor) itself."""
    actor = world[0][role]
    for limit, offset in ((50, 0), (2, 1), (2, 50)):
        expected = search(
            base=readable_by(actor),
            params=params,
            owner_id=actor.organization_id,
            limit=limit,
            offset=offset,
            few=reads_few(actor),
        )
        got = staff_search(actor, params, limit=limit, offset=offset)
        assert [(h.document.pk, h.score, str(h.snippet)) for h in got.hits] == [
            (h.document.pk, h.score, str(h.snippet)) for h in expected.hits
        ]
        assert got.total == expected.total
