"""An API read stays a read: the token's "last used" time is written at most once a minute (issue 10, load)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


def updates_during(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE"))


@pytest.mark.parametrize(
    ("last_used_ago", "writes"),
    [(None, 1), (dt.timedelta(seconds=10), 0), (dt.timedelta(minutes=5), 1)],
    ids=["never-used", "used-seconds-ago", "used-minutes-ago"],
)
def test_token_last_used_is_written_only_when_older_than_a_minute(agency, last_used_ago, writes):
    """A token used seconds ago is not rewritten; a new or long-idle one records the time."""
    from congvan.documents.models import ApiToken
    from congvan.documents.tokens import token_create, token_user

    token, key = token_create(user=agency.clerk.user, name="tích hợp")
    if last_used_ago is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - last_used_ago)
    assert updates_during(lambda: token_user(key)) == writes
    assert token_user(key) == agency.clerk.user
