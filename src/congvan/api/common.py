"""What every API router needs of a request: the caller's place in an organisation.

Kept apart from ``api.urls`` so that the apps' routers (directives, drafting, records), which ``api.urls``
imports, can use it without an import cycle."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from congvan.orgs.models import Membership
from congvan.orgs.selectors import membership_of


def actor_of(request: HttpRequest) -> Membership:
    actor = membership_of(request.user)
    if actor is None:
        raise HttpError(403, _("Tài khoản của bạn chưa được gán vào cơ quan nào."))
    return actor
