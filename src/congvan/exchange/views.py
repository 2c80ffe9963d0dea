"""The exchange endpoint other installations post edXML messages to: ``POST /exchange/v1/messages``."""

from __future__ import annotations

import os

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import batch, keys
from .transport import Answer, _refusal, accept, accept_batch


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
            if request.content_type == batch.CONTENT_TYPE:
                return _batch(body, forwarded)
            answer = accept(body, request.headers.get(keys.SIGNATURE_HEADER), ip=forwarded)
    response = HttpResponse(answer.body, status=answer.http_status, content_type=answer.content_type)
    if answer.content_type == "application/xml":
        response[keys.SIGNATURE_HEADER] = keys.sign(answer.body)
    response[batch.CAPABILITY_HEADER] = batch.capability(limit)  # a Công Văn sender may send several at once
    return response


def _note(answer: Answer) -> str:
    if answer.note:
        return answer.note
    return answer.body.decode("utf-8", "replace") if answer.content_type == "text/plain" else ""


def _batch(body: bytes, ip: str | None) -> HttpResponse:
    """Several messages in one request (``batch.py``): 200 with one result per message, 400 if the framing
    is broken (then nothing was applied)."""
    try:
        items = batch.decode(body)
    except batch.BatchError as exc:
        return HttpResponse(str(exc).encode(), status=400, content_type="text/plain")
    answers = accept_batch([(item.body, item.signature) for item in items], ip=ip)
    response = HttpResponse(
        batch.encode_results([(a.http_status, _note(a)) for a in answers]), content_type="application/json"
    )
    response[batch.CAPABILITY_HEADER] = batch.capability(max_message_bytes())
    return response
