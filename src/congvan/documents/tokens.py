"""Personal access tokens for the REST API: shown once, stored as a SHA-256 digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db.models import F
from django.utils import timezone

from congvan.orgs.models import Membership, User

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
    """The active user of a live token, with the membership they act through already attached: one query
    answers both on every API call (the token, its user, their first membership with its organisation and
    unit), instead of one for the token and one more in ``membership_of`` (issue 10)."""
    if not key.startswith(PREFIX):
        return None
    digest = _digest(key)
    membership = (
        Membership.objects.select_related("organization", "unit", "user")
        .filter(user__api_tokens__key_hash=digest, user__api_tokens__revoked=False, user__is_active=True)
        .annotate(token_id=F("user__api_tokens__id"), token_used_at=F("user__api_tokens__last_used_at"))
        .order_by("id")
        .first()
    )
    if membership is not None:
        user = membership.user
        token_id, used_at = membership.token_id, membership.token_used_at  # type: ignore[attr-defined]
        user._congvan_membership = membership  # type: ignore[attr-defined]  # read by orgs.selectors.membership_of
    else:  # a user with no membership: the API answers 403 for them, but the token is still theirs
        token = ApiToken.objects.select_related("user").filter(key_hash=digest, revoked=False).first()
        if token is None or not token.user.is_active:
            return None
        user, token_id, used_at = token.user, token.pk, token.last_used_at
    now = timezone.now()
    # "Last used" to the minute is what the tokens page shows; writing it at every call made each API read a
    # write too (a row lock and a WAL flush per request under load, issue 10).
    if used_at is None or now - used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user
