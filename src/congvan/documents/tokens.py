"""Personal access tokens for the REST API: shown once, stored as a SHA-256 digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone

from congvan.orgs.models import User

from .models import ApiToken

PREFIX = "cv_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], key_hash=_digest(key), prefix=key[:10]
    )
    return token, key


def token_revoke(*, user: User, token_id: int) -> None:
    ApiToken.objects.filter(user=user, pk=token_id).update(revoked=True)


LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_user(key: str) -> User | None:
    if not key.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # "Last used" to the minute is what the tokens page shows; writing it at every call made each API read a
    # write too (a row lock and a WAL flush per request under load, issue 10).
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
