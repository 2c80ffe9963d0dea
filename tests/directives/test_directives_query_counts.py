"""The dashboard and the overview pages run the same SQL whatever the number of assignments (issue 5).

Counts are SQL aggregates grouped by path prefix; figures come rolled up on each row; nothing is read per
assignment. The campaign is measured small (2 districts), then grown (8 districts, 4 communes each, with
reports) and measured again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from directives_helpers import Chain, District, build_chain, deadline, issue_campaign
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from congvan.directives.models import Assignment, Directive
from congvan.directives.services import CascadeTarget, assignment_cascade, report_submit

pytestmark = pytest.mark.django_db

FIGURES = {"tin_bai": 1, "phut_phat_song": 2, "su_kien": 0, "luot_loa": 1}


def grow(
    chain: Chain, directive: Directive, districts: list[District], communes: slice = slice(None)
) -> None:
    """Each district's office passes the work to its centre (once), the centre to the chosen communes, which
    report."""
    for d in districts:
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        centre = (
            Assignment.objects.filter(parent=top).first()
            or assignment_cascade(
                assignment=top,
                actor=d.office.leader,
                targets=[CascadeTarget(organization_id=d.centre.org.pk)],
                deadline=deadline(7),
            )[0]
        )
        chosen = d.communes[communes]
        created = assignment_cascade(
            assignment=centre,
            actor=d.centre.leader,
            targets=[CascadeTarget(organization_id=c.org.pk) for c in chosen],
            deadline=deadline(5),
        )
        by_org = {a.organization_id: a for a in created}
        for c in chosen:
            report_submit(assignment=by_org[c.org.pk], actor=c.clerk, figures=FIGURES)


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES: dict[str, Callable[[Directive, Assignment], str]] = {
    "dashboard": lambda d, a: "/app/directives/",
    "campaign": lambda d, a: f"/app/directives/{d.pk}/",
    "drill-down": lambda d, a: f"/app/directives/assignments/{a.pk}/",
    "api-dashboard": lambda d, a: "/api/v1/directive-dashboard",
    "api-campaign": lambda d, a: f"/api/v1/directives/{d.pk}",
}


@pytest.mark.parametrize("page", list(PAGES), ids=list(PAGES))
def test_same_queries_for_few_and_many_assignments(page: str) -> None:
    """DESIGN §5 (HackSoft selectors): a page makes the same number of queries for 10 rows or 1,000."""
    chain = build_chain(districts=8, communes=4)
    _letter, directive = issue_campaign(chain)
    grow(chain, directive, chain.districts[:1], slice(0, 1))
    first = chain.districts[0]
    node = Assignment.objects.get(directive=directive, organization=first.centre.org)
    client = Client()
    client.force_login(chain.so.deputy.user)
    url = PAGES[page](directive, node)
    small = count(client, url)
    before = Assignment.objects.count()
    grow(chain, directive, chain.districts[:1], slice(1, None))  # the drill-down's node gets 3 more rows
    grow(chain, directive, chain.districts[1:])
    assert Assignment.objects.count() >= before * 3
    assert Assignment.objects.filter(parent=node).count() == 4
    assert count(client, url) == small
