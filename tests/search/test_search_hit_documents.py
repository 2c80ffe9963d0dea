"""The hits' documents of the API and the portal read by a fixed statement: the ORM's objects, field by field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from search_helpers import make_doc

from congvan.documents.models import Document, Register
from congvan.search.selectors import documents_with_owner


@pytest.mark.django_db
class TestDocumentsWithOwner:
    def test_same_objects_as_the_orm(self, agency, django_assert_num_queries):
        """Every field of every document and of its owner has the value and type the ORM gives; the owner is
        attached (no query to read it); ids that do not exist are left out."""
        register = Register.objects.create(organization=agency.org, direction="in", year=2024)
        docs = [
            make_doc(agency.org, subject="Một", body="Nội dung <b>", drafting_unit=agency.unit),
            make_doc(
                agency.org,
                subject="Hai",
                register=register,
                number=7,
                number_text="07",
                symbol="STTTT-VP",
                issued_on=dt.date(2025, 1, 2),
                due_on=dt.date(2025, 2, 3),
                received_at=timezone.now(),
                confidentiality=1,
                arrival_number=12,
            ),
            make_doc(agency.org, subject="Ba", issued_on=None, signer_name="Lê Hải Yến"),
        ]
        ids = [d.pk for d in docs] + [10**9]
        expected = Document.objects.filter(pk__in=ids).select_related("owner").in_bulk()
        with django_assert_num_queries(1):
            found = documents_with_owner(ids)
            owners = {pk: d.owner for pk, d in found.items()}
        assert set(found) == set(expected) == {d.pk for d in docs}
        for pk, doc in found.items():
            for f in Document._meta.concrete_fields:
                a, b = getattr(doc, f.attname), getattr(expected[pk], f.attname)
                assert (a, type(a)) == (b, type(b)), f.attname
            for f in type(owners[pk])._meta.concrete_fields:
                assert getattr(owners[pk], f.attname) == getattr(expected[pk].owner, f.attname)
            assert not doc._state.adding and doc._state.db == expected[pk]._state.db

    def test_no_ids_no_query(self, django_assert_num_queries):
        """An empty page asks nothing."""
        with django_assert_num_queries(0):
            assert documents_with_owner([]) == {}
