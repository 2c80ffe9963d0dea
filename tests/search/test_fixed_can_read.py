"""Opening a document asks the permission rule by the SQL written once per shape of person
(documents.listing.fixed_ids_sql, issue 10): the very statement the ORM writes for
``readable_by(actor).filter(pk=…)``, and the same answer for every role, read scope and document."""

from __future__ import annotations

import pytest
from test_search_permissions import ROLES, world  # noqa: F401 — the fixture

from congvan.documents import permissions
from congvan.documents.listing import fixed_ids_sql
from congvan.documents.models import Document
from congvan.documents.selectors import readable_by

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_the_statement_is_the_orms(world, role):  # noqa: F811
    """The SQL and parameters of readable_by(actor).filter(pk=…).values("id"), parameter for parameter."""
    people, docs = world
    actor = people[role]
    sql, params = readable_by(actor).filter(pk=docs[0].pk).values("id").query.sql_with_params()
    fixed = fixed_ids_sql("can_read", permissions._readable_one, actor, document_id=docs[0].pk)
    assert fixed == (sql, list(params))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("scope", ["unit", "organization"])
def test_every_document_gets_the_orms_answer(world, settings, role, scope):  # noqa: F811
    """Docs/security.md's rule: for each document of both agencies (ordinary, confidential, drafted, signed,
    assigned, of another unit, of another organisation) can_read says what the ORM's EXISTS says."""
    settings.CONGVAN_READ_SCOPE = scope
    people, docs = world
    actor = people[role]
    for doc in docs:
        expected = readable_by(actor).filter(pk=doc.pk).exists()
        assert permissions.can_read(actor, Document.objects.get(pk=doc.pk)) is expected, doc.subject


def test_some_are_refused_and_some_allowed(world):  # noqa: F811
    """The comparison above is not empty: a specialist of another unit reads some documents, not all."""
    people, docs = world
    answers = {permissions.can_read(people["other_specialist"], Document.objects.get(pk=d.pk)) for d in docs}
    assert answers == {True, False}


def test_an_id_beyond_the_columns_range_is_left_to_the_orm(world):  # noqa: F811
    """A document id past the 32-bit placeholders' range is not written into the statement: the ORM answers."""
    people, _docs = world
    assert fixed_ids_sql("can_read", permissions._readable_one, people["drafter"], document_id=2**40) is None
    assert permissions._readable(people["drafter"], 2**40) is False
