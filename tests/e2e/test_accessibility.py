"""axe-core in Chromium over the portal's pages and the main staff pages (issue 6: "pass an accessibility check").

axe-core comes from the repository's own dependencies: the ``axe-playwright-python`` package (MIT) bundles
``axe.min.js`` (axe-core, MPL-2.0), so a fresh machine gets it from ``scripts/bootstrap`` with no download of
its own. The rules run are axe's WCAG 2.0/2.1 A and AA and 2.2 AA sets plus its best practices; any violation, of any
impact, fails the test with axe's own report (rule, elements, why).
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from e2e_walk import Walk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()
# WCAG 2.0 and 2.1 (A, AA), 2.2 (AA), and axe's best practices (landmarks, one h1, headings in order …).
RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}


def violations(walk: Walk, path: str) -> str:
    """axe's report of the page at ``path`` ('' when it has no violation)."""
    response = walk.page.goto(walk.url(path))
    assert response is not None and response.status == 200, path
    walk.check()
    results = AXE.run(walk.page, options={**RULES, "resultTypes": ["violations"]})
    return results.generate_report() if results.violations_count else ""


def portal_paths(demo: dict[str, Any]) -> dict[str, str]:
    from congvan.portal.demo import CATEGORY

    letter = demo["central_letters"][0]
    return {
        "home": "/",
        "list-filtered": "/?type=CV&year=2024",
        "search-results": "/?q=dien+bien+phu",
        "search-nothing": "/?q=khongcovanbannao",
        "document": f"/van-ban/{letter.pk}/",
        "category": f"/?category={CATEGORY}",
    }


PORTAL = ["home", "list-filtered", "search-results", "search-nothing", "document", "category"]


@pytest.mark.parametrize("name", PORTAL, ids=PORTAL)
def test_portal_page_has_no_axe_violation(walk: Walk, demo: dict[str, Any], name: str) -> None:
    """WCAG 2.1 A/AA (Phụ lục VI; issue 6): each public page, as anyone sees it without signing in, passes
    axe-core with no violation."""
    assert violations(walk, portal_paths(demo)[name]) == ""


def staff_paths(demo: dict[str, Any]) -> dict[str, str]:
    letter = demo["central_letters"][0]
    return {
        "home": "/app/",
        "incoming": "/app/incoming/",
        "outgoing": "/app/outgoing/",
        "document": f"/app/documents/{letter.pk}/",
        "search": "/app/search/?q=xoa+nha+tam",
        "registers": "/app/registers/",
    }


STAFF = ["home", "incoming", "outgoing", "document", "search", "registers"]


def test_login_page_has_no_axe_violation(walk: Walk) -> None:
    """WCAG 2.1 A/AA: the sign-in page passes axe-core with no violation."""
    assert violations(walk, "/app/login/") == ""


@pytest.mark.parametrize("name", STAFF, ids=STAFF)
def test_staff_page_has_no_axe_violation(walk: Walk, demo: dict[str, Any], name: str) -> None:
    """WCAG 2.1 A/AA: the main staff pages, as the Sở's clerk sees them, pass axe-core with no violation."""
    walk.login("vanthu.sotttt")
    assert violations(walk, staff_paths(demo)[name]) == ""


def test_the_check_catches_a_violation(browser: Any) -> None:
    """The harness is not blind: a page with an unlabelled field and an image without alt text fails it."""
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="vi"><title>x</title><main><h1>x</h1><img src="a.png"><input></main></html>'
        )
        results = AXE.run(page, options={**RULES, "resultTypes": ["violations"]})
        assert {v["id"] for v in results.response["violations"]} >= {"image-alt", "label"}
    finally:
        page.close()


@pytest.mark.parametrize(
    "name", ["home", "search-results", "document"], ids=["home", "search-results", "document"]
)
def test_portal_page_on_a_phone_has_no_axe_violation(walk: Walk, demo: dict[str, Any], name: str) -> None:
    """WCAG 2.1 A/AA on a phone's screen (390 px wide): the narrow layout passes axe-core too (WCAG 2.2's
    target size among the rules)."""
    from e2e_walk import PHONE

    walk.new_context(PHONE)
    assert violations(walk, portal_paths(demo)[name]) == ""
