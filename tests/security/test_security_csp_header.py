"""The Content-Security-Policy header, built once per process, is the very header django-csp builds (issue 9's
policy, issue 10's cost): the same text, the same exemptions, a changed setting taken at once."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from congvan.web.csp import CSPMiddleware


def _page(request):
    return HttpResponse("<p>trang</p>")


def _both(view=_page, path="/app/"):
    """The headers of one response through django-csp's middleware and through ours."""
    out = []
    for middleware in (LibraryCSPMiddleware, CSPMiddleware):
        request = RequestFactory().get(path)
        out.append(middleware(view)(request))
    return out


def test_the_header_is_django_csps_own():
    """The installation's policy (settings.CONTENT_SECURITY_POLICY) gives the same header text."""
    theirs, ours = _both()
    assert ours[HEADER] == theirs[HEADER]
    assert "default-src 'self'" in ours[HEADER] and "frame-ancestors 'none'" in ours[HEADER]
    assert HEADER_REPORT_ONLY not in ours and HEADER_REPORT_ONLY not in theirs


def test_a_changed_setting_is_taken_at_once():
    """A policy changed in the settings is written from the next response on, not the one built before."""
    _both()
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}},
        CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"img-src": ["'self'"]}},
    ):
        theirs, ours = _both()
    assert ours[HEADER] == theirs[HEADER] == "default-src 'none'"
    assert ours[HEADER_REPORT_ONLY] == theirs[HEADER_REPORT_ONLY]
    assert _both()[1][HEADER] == _both()[0][HEADER] != "default-src 'none'"


@pytest.mark.parametrize(
    "view",
    [csp_exempt()(_page), csp_update({"img-src": ["https://ban-do.example"]})(_page)],
    ids=["exempt", "updated-by-a-view"],
)
def test_a_view_that_changes_the_policy_gets_django_csps_header(view):
    """A view's decorator (exempt, update) is honoured exactly as django-csp honours it."""
    theirs, ours = _both(view)
    assert ours.get(HEADER) == theirs.get(HEADER)


def test_excluded_prefixes_get_no_header():
    """EXCLUDE_URL_PREFIXES still leaves those paths without the header."""
    policy = {"EXCLUDE_URL_PREFIXES": ["/api/"], "DIRECTIVES": {"default-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        theirs, ours = _both(path="/api/v1/inbox")
    assert HEADER not in ours and HEADER not in theirs


def test_a_nonce_asked_for_after_the_header_fails_loudly():
    """Once the header is written, a template asking for a nonce must not silently get one (django-csp's guard)."""
    from csp.exceptions import CSPNonceError

    request = RequestFactory().get("/app/")
    CSPMiddleware(_page)(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_a_page_asking_for_a_nonce_gets_it_in_the_header():
    """A policy with nonces and a page that used one: the request goes through django-csp, the nonce is in the
    header."""
    from csp.constants import NONCE, SELF

    def with_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": [SELF, NONCE]}}):
        request = RequestFactory().get("/app/")
        middleware = CSPMiddleware(with_nonce)
        middleware.process_request(request)
        response = middleware.process_response(request, with_nonce(request))
    # (the directives' order is django-csp's and means nothing to a browser)
    assert set(response[HEADER].split("; ")) == {
        "default-src 'self'",
        f"script-src 'self' 'nonce-{request._csp_nonce}'",
    }
