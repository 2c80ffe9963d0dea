"""The membership read for each staff page by a fixed statement (web/actor.py) is the one
``orgs.selectors.membership_of`` reads through the ORM, field by field, with the same related rows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congvan.orgs.models import Membership, User
from congvan.orgs.selectors import membership_of
from congvan.vbhc.workflow import Role
from congvan.web.actor import membership_for
from factories import make_member, make_org

pytestmark = pytest.mark.django_db


def fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def both(user_id: int) -> tuple[Membership | None, Membership | None]:
    """Each read with a user object of its own, as two requests would have."""
    return membership_of(User.objects.get(pk=user_id)), membership_for(User.objects.get(pk=user_id))


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
        assert membership_for(AnonymousUser()) is None
        assert membership_for(None) is None
    assert not ctx.captured_queries


def test_read_once_per_request(agency):
    """The answer is kept on the user: membership_of and the next reads of the request make no query."""
    user = User.objects.get(pk=agency.clerk.user_id)
    membership = membership_for(user)
    with CaptureQueriesContext(connection) as ctx:
        assert membership_for(user) is membership
        assert membership_of(user) is membership
        assert membership.organization.name and membership.unit.code and membership.user.username
    assert not ctx.captured_queries
