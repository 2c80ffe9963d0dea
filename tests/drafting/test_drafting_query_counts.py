"""The version list of a draft renders with a constant number of SQL queries, for 5 versions or 200 (issue 11).

The list selects the author with each version and leaves the snapshots (body, fields, files) unread."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drafting_helpers import new_draft

from congvan.documents.models import Document
from congvan.drafting.models import Version
from factories import Agency

pytestmark = pytest.mark.django_db


def grow_to(doc: Document, agency: Agency, n: int) -> None:
    """Versions 2..n, as saves by the drafter would leave them (bulk, for speed: the list is measured here)."""
    first = Version.objects.get(document=doc, number=1)
    start = Version.objects.filter(document=doc).count() + 1
    Version.objects.bulk_create(
        Version(
            document=doc,
            number=i,
            author_id=agency.drafter.user_id,
            created_at=timezone.now(),
            reason="edited",
            fields=first.fields,
            body=f"{first.body}\nĐoạn {i}. " + "nội dung dài " * 200,
            attachments=[],
            changes=["body"],
            digest=f"{i:064d}",
        )
        for i in range(start, n + 1)
    )


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_version_list_page_makes_the_same_queries_for_5_or_200_versions(agency: Agency) -> None:
    """DESIGN §5 (HackSoft styleguide): a list page costs the same for any number of rows."""
    doc = new_draft(agency, body="Nội dung ban đầu.")
    client = Client()
    client.force_login(agency.drafter.user)
    url = f"/app/drafting/documents/{doc.pk}/versions/"
    grow_to(doc, agency, 5)
    small = count(client, url)
    grow_to(doc, agency, 200)
    large = count(client, url)
    assert large == small
    assert client.get(url).content.decode().count('data-version="') == 200


def test_version_list_api_makes_a_fixed_number_of_queries(
    agency: Agency, django_assert_num_queries: object
) -> None:
    """The API list of 200 versions: the same queries as for one."""
    doc = new_draft(agency, body="Nội dung ban đầu.")
    client = Client()
    client.force_login(agency.drafter.user)
    url = f"/api/v1/documents/{doc.pk}/versions"
    one = count(client, url)
    grow_to(doc, agency, 200)
    with django_assert_num_queries(one):  # type: ignore[operator]
        assert len(client.get(url).json()) == 200
