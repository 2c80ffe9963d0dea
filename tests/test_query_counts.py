"""List pages and their API endpoints run a constant number of SQL queries whatever the page size (issue 2).

The selectors join or prefetch what each row shows (DESIGN §5, HackSoft styleguide), so a page of 5 rows and
a page of 40 rows cost the same. The data is built once for the module, through the services, inside a
transaction that is rolled back at the end: a sender issues 50 letters to two agencies; the first registers
every one, directs some (lead unit, lead person, co-operating unit) and shares the others with the same unit
for information (so its specialist reads all of them under the read scope ``unit``), the second leaves them
waiting.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congvan.directives.services import incoming_direct
from congvan.documents.access import document_share
from congvan.documents.incoming import incoming_register
from congvan.documents.models import Document
from congvan.documents.services import document_issue
from congvan.orgs.models import Membership
from factories import Agency, make_signed

LETTERS = 50
DIRECTED = 8
SMALL, LARGE = 5, 40
YEAR = timezone.localdate().year

pytestmark = pytest.mark.django_db


@dataclass
class World:
    sender: Agency
    registering: Agency  # registers every letter and directs some
    waiting: Agency  # leaves every letter waiting in its clerk's inbox


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Letters issued, delivered, registered and directed through the services; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        sender = Agency()
        registering = Agency("Báo Lạng Sơn", "BLS")
        waiting = Agency("Đài Phát thanh và Truyền hình tỉnh", "PTTH")
        for i in range(LETTERS):
            letter = make_signed(sender, registering.org, waiting.org, subject=f"Tuyên truyền đợt {i + 1}")
            document_issue(document=letter, actor=sender.clerk)
        copies = Document.objects.filter(owner=registering.org, direction="in").order_by("pk")
        for i, copy in enumerate(copies):
            registered = incoming_register(document=copy, actor=registering.clerk)
            if i < DIRECTED:
                incoming_direct(
                    document=registered,
                    actor=registering.head,
                    lead_unit_id=registering.unit.pk,
                    lead_user_id=registering.drafter.user_id,
                    co_unit_ids=[registering.office.pk],
                    deadline=timezone.localdate() + dt.timedelta(days=7),
                    note="Triển khai ngay",
                )
            else:
                # Under the read scope ``unit`` a specialist reads what is directed to their unit or shared
                # with it: the clerk circulates the other letters to the unit for information.
                document_share(document=registered, actor=registering.clerk, unit_id=registering.unit.pk)
        yield World(sender=sender, registering=registering, waiting=waiting)
        transaction.set_rollback(True)


@dataclass(frozen=True)
class ListCase:
    url: str  # without the size parameter
    who: str  # "<agency>.<member>" of the World
    rows: str  # how to count the rows a response shows: "page" (HTML context) or a JSON key

    def member(self, world: World) -> Membership:
        agency_name, member_name = self.who.split(".")
        return getattr(getattr(world, agency_name), member_name)


CASES = [
    pytest.param(ListCase("/app/", "waiting.clerk", "page"), id="web-home-clerk-inbox"),
    pytest.param(ListCase("/app/", "registering.head", "page"), id="web-home-leader"),
    pytest.param(ListCase("/app/incoming/", "registering.clerk", "page"), id="web-incoming-clerk"),
    pytest.param(ListCase("/app/incoming/", "registering.drafter", "page"), id="web-incoming-specialist"),
    pytest.param(ListCase("/app/outgoing/", "sender.clerk", "page"), id="web-outgoing"),
    pytest.param(
        ListCase(f"/app/registers/?direction=out&year={YEAR}", "sender.clerk", "page"), id="web-register-out"
    ),
    pytest.param(
        ListCase(f"/app/registers/?direction=in&year={YEAR}", "registering.clerk", "page"),
        id="web-register-in",
    ),
    pytest.param(ListCase("/app/audit/", "sender.clerk", "page"), id="web-audit"),
    pytest.param(ListCase("/api/v1/inbox", "waiting.clerk", "items"), id="api-inbox-clerk"),
    pytest.param(ListCase("/api/v1/inbox", "registering.head", "items"), id="api-inbox-leader"),
    pytest.param(
        ListCase("/api/v1/documents?direction=in", "registering.clerk", "items"), id="api-documents-in"
    ),
    pytest.param(
        ListCase("/api/v1/documents?direction=in", "registering.drafter", "items"),
        id="api-documents-in-specialist",
    ),
    pytest.param(
        ListCase("/api/v1/documents?direction=out", "sender.clerk", "items"), id="api-documents-out"
    ),
    pytest.param(ListCase(f"/api/v1/registers/out/{YEAR}", "sender.clerk", "rows"), id="api-register-out"),
    pytest.param(ListCase(f"/api/v1/registers/in/{YEAR}", "registering.clerk", "rows"), id="api-register-in"),
    pytest.param(ListCase("/api/v1/audit", "registering.clerk", "items"), id="api-audit"),
]


def _with_size(url: str, size: int) -> str:
    return f"{url}{'&' if '?' in url else '?'}size={size}"


def _shown(response: Any, rows: str) -> int:
    if rows == "page":
        return len(response.context["page"].object_list)
    return len(response.json()[rows])


def _queries(client: Client, case: ListCase, size: int) -> tuple[int, list[str]]:
    """The SQL statements one request for a page of ``size`` rows runs; the page must really hold that many."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_with_size(case.url, size))
    assert response.status_code == 200, response.content[:500]
    assert _shown(response, case.rows) == size, f"{case.url}: the data must fill a page of {size}"
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


class TestListQueryCounts:
    """Phụ lục VI lists (inboxes, registers, audit log) stay fast: no query per row, in the pages and the API."""

    @pytest.mark.parametrize("case", CASES)
    def test_same_queries_for_5_and_40_rows(
        self, client: Client, world: World, case: ListCase, request: pytest.FixtureRequest
    ) -> None:
        """A page of 40 rows runs exactly as many SQL queries as a page of 5 (no N+1 in selector or template)."""
        client.force_login(case.member(world).user)
        client.get(_with_size(case.url, SMALL))  # warm the per-process caches (content types, translations)
        small, _small_sql = _queries(client, case, SMALL)
        large, large_sql = _queries(client, case, LARGE)
        request.node.user_properties.append(("queries", small))  # for --junitxml and docs/benchmarks.md
        repeated = [(n, sql[:300]) for sql, n in Counter(large_sql).most_common(2) if n > 1]
        assert large == small, f"{small} queries for {SMALL} rows, {large} for {LARGE}; repeated: {repeated}"
