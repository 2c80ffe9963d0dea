"""One structured log line per request (logger ``congvan.request``): method, route, status and duration.

With ``CONGVAN_LOG_FORMAT=json`` each line is a JSON object, ready for a log shipper; the load test reads these
lines to break latency down by endpoint."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("congvan.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    # Unrouted requests (static files, 404s) are grouped apart from the application's routes.
                    "route": (
                        "(portal cache)"
                        if getattr(request, "portal_cached", False)
                        else match.route
                        if match
                        else "(unrouted)"
                    ),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
        return response


# Paths of the signed-in application and the machinery: never served from the public cache.
PRIVATE_PREFIXES = ("/app/", "/api/", "/admin/", "/exchange/", "/static/", "/i18n/", "/healthz", "/readyz")


class PortalCacheMiddleware:
    """The public portal's pages for visitors without a session, from the cache for a short while.

    The portal's list is a search over the published documents with facets (organisations, years); under a
    crowd of readers the same few pages are rebuilt many times a second. Only anonymous GETs outside the
    application's prefixes are cached, only complete 200 answers that set no cookie; the key carries the full
    path with its query and the language. A document published or withdrawn shows there at most
    ``PORTAL_CACHE_SECONDS`` late (CONGVAN_PORTAL_CACHE_SECONDS; 0 turns the cache off), plus the time one
    rebuild takes.

    One request rebuilds an expired page while the others keep getting the previous one (a lock in the
    cache), and a page not yet in the cache is built once while the others wait for it: without this, every
    reader arriving during a slow rebuild rebuilt it too, and the machine spent its time building the same page.
    """

    WAIT_SECONDS = 10.0  # how long a reader waits for the first build of a page before building it too

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        seconds = int(getattr(settings, "PORTAL_CACHE_SECONDS", 0))
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(PRIVATE_PREFIXES)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        import hashlib

        from django.core.cache import cache
        from django.utils.translation import get_language

        key = "portal:" + hashlib.sha256(f"{get_language()}|{request.get_full_path()}".encode()).hexdigest()
        lock = key + ":building"
        entry = cache.get(key)  # (fresh until, response)
        now = time.time()
        if entry is not None and (entry[0] > now or not cache.add(lock, 1, 60)):
            request.portal_cached = True  # type: ignore[attr-defined]
            return entry[1]
        if entry is None and not cache.add(lock, 1, 60):
            deadline = now + self.WAIT_SECONDS
            while time.time() < deadline:
                time.sleep(0.05)
                entry = cache.get(key)
                if entry is not None:
                    request.portal_cached = True  # type: ignore[attr-defined]
                    return entry[1]
        try:
            response = self.get_response(request)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and "private" not in response.get("Cache-Control", "")
            ):
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                # Kept well past freshness so that an expired page can be served while one request rebuilds it.
                cache.set(key, (time.time() + seconds, response), seconds * 10)
        finally:
            cache.delete(lock)
        return response
