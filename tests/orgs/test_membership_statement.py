"""The membership read for each staff page by a fixed statement (``orgs.selectors.membership_of``, issue 10) is the
one the ORM's query reads, field by field, with the same related rows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congvan.orgs.models import Membership, User
from congvan.orgs.selectors import membership_of
from congvan.vbhc.workflow import Role
from factories import make_member, make_org

pytestmark = pytest.mark.django_db


def fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def orm_membership(user_id: int) -> Membership | None:
    """The ORM's read that the fixed statement replaces."""
    return (
        Membership.objects.select_related("organization", "unit", "user")
        .filter(user_id=user_id)
        .order_by("id")
        .first()
    )


def both(user_id: int) -> tuple[Membership | None, Membership | None]:
    """Each read with a user object of its own, as two requests would have."""
    return orm_membership(user_id), membership_of(User.objects.get(pk=user_id))


def assert_same(orm: Membership | None, fixed: Membership | None) -> None:
    assert (orm is None) == (fixed is None)
    if orm is None or fixed is None:
        return
    assert fields(fixed) == fields(orm)
    for name in ("organization", "unit", "user"):
        a, b = getattr(orm, name), getattr(fixed, name)
        assert (a is None) == (b is None)
        if a is not None:
            assert fields(b) == fields(a)


@pytest.mark.parametrize("who", ["clerk", "drafter", "head"])
def test_member_reads_the_same_membership(agency, who):
    """A member with or without a unit: the same membership, organisation, unit and user."""
    assert_same(*both(getattr(agency, who).user_id))


def test_the_first_membership_given_is_read(agency):
    """Someone with two memberships acts through the first they were given."""
    first = agency.drafter
    Membership.objects.create(user=first.user, organization=make_org(), role=Role.LEADER.value)
    orm, fixed = both(first.user_id)
    assert fixed is not None and fixed.pk == first.pk
    assert_same(orm, fixed)


def test_user_without_membership_has_none(agency):
    """A person not placed in an organisation acts through nothing."""
    member = make_member(agency.org, Role.SPECIALIST)
    Membership.objects.filter(pk=member.pk).delete()
    assert both(member.user_id) == (None, None)


def test_anonymous_visitor_has_none(db):
    """Someone not signed in has no membership, and nothing is read for them."""
    with CaptureQueriesContext(connection) as ctx:
        assert membership_of(AnonymousUser()) is None
        assert membership_of(None) is None
    assert not ctx.captured_queries


def test_read_once_per_request(agency):
    """The answer is kept on the user: the next reads of the request make no query."""
    user = User.objects.get(pk=agency.clerk.user_id)
    membership = membership_of(user)
    with CaptureQueriesContext(connection) as ctx:
        assert membership_of(user) is membership
        assert membership_of(user) is membership
        assert membership.organization.name and membership.unit.code and membership.user.username
    assert not ctx.captured_queries
