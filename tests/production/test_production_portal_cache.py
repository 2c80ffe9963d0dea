"""The public portal's pages from the cache for visitors without a session (issue 10: a province's readers)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

CACHED_MIDDLEWARE = "congvan.ops.middleware.PortalCacheMiddleware"


@pytest.fixture
def portal_cache(settings):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.middleware.locale.LocaleMiddleware") + 1, CACHED_MIDDLEWARE)
    settings.MIDDLEWARE = middleware
    settings.PORTAL_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "path", ["/", "/?q=ng%C3%A2n+s%C3%A1ch", "/feed.atom"], ids=["index", "search", "feed"]
)
def test_second_anonymous_visit_is_served_without_a_query(
    client, portal_cache, django_assert_num_queries, path
):
    """The same public page asked again within the cache time costs no database query and is the same page."""
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.status_code == 200
    assert second.content == first.content


def test_signed_in_people_never_get_a_cached_page(
    client, portal_cache, agency, django_assert_max_num_queries
):
    """A visitor with a session (staff see the publishing panel) is always served a fresh page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    client.force_login(agency.clerk.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(queries) > 0


def test_application_paths_are_never_cached(client, portal_cache, django_assert_num_queries):
    """Only the portal is cached: /healthz asked twice reaches the database twice."""
    client.get("/healthz")
    with django_assert_num_queries(1):
        client.get("/healthz")


def test_expired_page_is_served_while_another_request_rebuilds_it(
    client, portal_cache, django_assert_num_queries
):
    """Readers arriving while one request rebuilds an expired page get the previous page, not a rebuild each."""
    import hashlib
    import time

    from django.http import HttpResponse

    key = "portal:" + hashlib.sha256(b"vi|/").hexdigest()
    cache.set(key, (time.time() - 1, HttpResponse(b"trang cu")), 600)  # expired a second ago
    cache.add(key + ":building", 1, 60)  # another request is rebuilding it
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response.content == b"trang cu"
