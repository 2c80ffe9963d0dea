"""Personal access tokens for the REST API: shown once, stored as a SHA-256 digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import connection
from django.utils import timezone

from congvan.orgs.models import Membership, Organization, Unit, User

from . import statements
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


def _membership_statement() -> tuple[str, statements.Columns]:
    """The same joins, conditions and order as the ``select_related`` query it replaces."""
    columns = statements.Columns.of(
        [(Membership, "m"), (Organization, "o"), (Unit, "u"), (User, "us")],
        extra=[ApiToken._meta.get_field("id"), ApiToken._meta.get_field("last_used_at")],
    )
    sql = (
        f'SELECT {columns.sql}, t."id", t."last_used_at" FROM "{Membership._meta.db_table}" m'
        f' INNER JOIN "{Organization._meta.db_table}" o ON o."id" = m."organization_id"'
        f' LEFT OUTER JOIN "{Unit._meta.db_table}" u ON u."id" = m."unit_id"'
        f' INNER JOIN "{User._meta.db_table}" us ON us."id" = m."user_id"'
        f' INNER JOIN "{ApiToken._meta.db_table}" t ON t."user_id" = us."id"'
        ' WHERE t."key_hash" = %s AND t."revoked" = %s AND us."is_active" = %s ORDER BY m."id" LIMIT 1'
    )
    return sql, columns


def _membership_by_token(digest: str) -> tuple[Membership, int, dt.datetime | None] | None:
    """The first membership of the active user of a live token, with its organisation, unit and user attached
    as ``select_related`` would, and the token's id and last use: what
    ``Membership.objects.select_related("organization", "unit", "user").filter(user__api_tokens__key_hash=…)``
    reads, in one fixed statement (documents.statements) — compiling that query was most of an API call's own
    CPU (issue 10)."""
    sql, columns = statements.made("membership_by_token", _membership_statement)
    with connection.cursor() as cursor:
        cursor.execute(sql, [digest, False, True])
        found = cursor.fetchone()
    if found is None:
        return None
    row = columns.convert(found)
    membership, organization, unit, user = columns.objects(row)
    for name, related in (("organization", organization), ("unit", unit), ("user", user)):
        statements.attach(membership, name, related)
    return membership, row[-2], row[-1]


def token_user(key: str) -> User | None:
    """The active user of a live token, with the membership they act through already attached: one statement
    answers both on every API call (the token, its user, their first membership with its organisation and
    unit), instead of one for the token and one more in ``membership_of`` (issue 10)."""
    if not key.startswith(PREFIX):
        return None
    digest = _digest(key)
    found = _membership_by_token(digest)
    if found is not None:
        membership, token_id, used_at = found
        user = membership.user
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
