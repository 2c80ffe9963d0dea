"""The document read by a fixed statement (documents.statements, issue 10) is the ORM's
``select_related("owner")`` read: the same values and types, the owner attached, nothing found where the ORM
finds nothing, and the lock only inside a transaction."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from congvan.documents.models import Document
from congvan.documents.services import document_issue
from congvan.documents.statements import document_with_owner
from factories import make_signed

pytestmark = pytest.mark.django_db


def values(obj) -> list:
    return [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields]


class TestDocumentWithOwner:
    def test_the_same_document_and_owner_as_the_orm(self, agency, recipients, django_assert_num_queries):
        """An issued letter and the incoming copy made of it: every field as the ORM reads it, the owner too."""
        issued = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
        incoming = Document.objects.get(owner=recipients[0].org, direction="in")
        for doc in (issued, incoming):
            expected = Document.objects.select_related("owner").get(pk=doc.pk)
            with django_assert_num_queries(1):
                got = document_with_owner(doc.pk)
                assert got is not None
                assert values(got) == values(expected)
                assert values(got.owner) == values(expected.owner)
            assert [type(v) for v in values(got)] == [type(v) for v in values(expected)]
            assert got._state.adding is False and got._state.db == "default"

    @pytest.mark.parametrize(
        "pk", [0, 10**6, 10**30, -(10**30)], ids=["zero", "absent", "too-large", "too-small"]
    )
    def test_nothing_where_the_orm_finds_nothing(self, agency, pk):
        """A key that is no document's, or out of the column's range, finds nothing (the API's 404)."""
        assert document_with_owner(pk) is None
        assert not Document.objects.filter(pk=pk).exists()

    @pytest.mark.django_db(transaction=True)
    def test_the_lock_needs_a_transaction(self, agency, recipients):
        """As ``select_for_update``: refused outside a transaction; inside, only the document's row is locked."""
        doc = make_signed(agency, recipients[0].org)
        with pytest.raises(TransactionManagementError):
            document_with_owner(doc.pk, lock=True)
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            assert document_with_owner(doc.pk, lock=True) == doc
        (sql,) = [q["sql"] for q in queries.captured_queries if "SELECT" in q["sql"]]
        if connection.features.has_select_for_update_of:
            assert sql.endswith("FOR UPDATE OF d")

    def test_the_api_answers_404_for_an_id_out_of_range(self, client, agency):
        """A 30-digit id is a document that does not exist, as before."""
        from congvan.documents.tokens import token_create

        _token, key = token_create(user=agency.clerk.user, name="x")
        response = client.get(f"/api/v1/documents/{10**30}", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 404
