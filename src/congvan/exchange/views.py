"""The exchange endpoint other installations post edXML messages to: ``POST /exchange/v1/messages``."""

from __future__ import annotations

import os

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import keys
from .transport import _refusal, accept


def max_message_bytes() -> int:
    """Attachments may reach the upload limit; base64 makes them a third larger."""
    configured = os.environ.get("CONGVAN_EXCHANGE_MAX_MB")
    if configured:
        return int(float(configured) * 1024 * 1024)
    return int(settings.MAX_UPLOAD_BYTES * 4 / 3) + 1024 * 1024


@csrf_exempt
@require_POST
def messages(request: HttpRequest) -> HttpResponse:
    """Verify the signature, apply the message once, answer 200 (also for a repeat), 4xx with a status 02."""
    limit = max_message_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        answer = _refusal(
            _("Thông điệp vượt quá dung lượng cho phép."), http_status=413, to_organ_id=None, about=None
        )
    else:
        body = request.read(limit + 1)
        if len(body) > limit:
            answer = _refusal(
                _("Thông điệp vượt quá dung lượng cho phép."), http_status=413, to_organ_id=None, about=None
            )
        else:
            forwarded = request.META.get("REMOTE_ADDR")
            answer = accept(body, request.headers.get(keys.SIGNATURE_HEADER), ip=forwarded)
    response = HttpResponse(answer.body, status=answer.http_status, content_type=answer.content_type)
    if answer.content_type == "application/xml":
        response[keys.SIGNATURE_HEADER] = keys.sign(answer.body)
    return response
