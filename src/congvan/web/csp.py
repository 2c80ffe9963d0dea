"""The Content-Security-Policy headers (django-csp), written once per process for the installation's policy."""

from __future__ import annotations

import http.client
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# What a view's decorator (csp_update, csp_replace, csp_exempt …) leaves on its response to change the policy.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(LibraryCSPMiddleware):
    """django-csp's middleware, with the headers of the settings' policy built once per process.

    django-csp builds both headers again for every response — each setting copied through a dataclass, every
    directive walked and joined — about a sixth of a small request's own CPU (``/healthz``, issue 10), for a
    text that changes only with the settings. A response that changes the policy (a decorator) or a request
    that asked for a nonce goes through django-csp's own code as before."""

    _built: tuple[Any, Any, str, str] | None = None

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            http.client.INTERNAL_SERVER_ERROR,
            http.client.NOT_FOUND,
        ):
            return response  # the debug pages, as django-csp leaves them
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        policy_ro = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not policy or built[1] is not policy_ro:
            # Keyed by the settings' objects themselves: a changed setting (override_settings) builds anew.
            built = (policy, policy_ro, build_policy(), build_policy(report_only=True))
            CSPMiddleware._built = built
        for header, text, exempt, setting in (
            (HEADER, built[2], "_csp_exempt", policy),
            (HEADER_REPORT_ONLY, built[3], "_csp_exempt_ro", policy_ro),
        ):
            prefixes = tuple((setting or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
            if (
                text
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = text
        # As django-csp does: a nonce asked for after the header is written must fail loudly.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
