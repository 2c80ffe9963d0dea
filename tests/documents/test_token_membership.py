"""An API call's token read in one fixed statement (issue 10): the same membership, organisation, unit and user,
with the same values and types, as the ``select_related`` query it replaces, and the same refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from congvan.documents.tokens import token_create, token_revoke, token_user
from congvan.orgs.models import Membership
from congvan.orgs.selectors import membership_of
from congvan.vbhc.workflow import Role
from factories import make_member

pytestmark = pytest.mark.django_db


def values(obj) -> list:
    return [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields]


def orm_membership(user) -> Membership:
    return (
        Membership.objects.select_related("organization", "unit", "user")
        .filter(user=user)
        .order_by("id")
        .first()
    )


class TestTokenMembership:
    @pytest.mark.parametrize("who", ["drafter", "head"], ids=["in-a-unit", "no-unit"])
    def test_the_same_objects_as_the_orm_reads(self, agency, who, django_assert_num_queries):
        """Membership, organisation, unit (or none) and user: every field's value and type as the ORM gives
        them, attached so that nothing more is read."""
        member = getattr(agency, who)
        _token, key = token_create(user=member.user, name="tích hợp")
        user = token_user(key)
        expected = orm_membership(member.user)
        with django_assert_num_queries(0):
            got = membership_of(user)
            assert values(got) == values(expected)
            assert values(got.organization) == values(expected.organization)
            assert (got.unit and values(got.unit)) == (expected.unit and values(expected.unit))
            assert values(got.user) == values(expected.user) and got.user is user
        assert isinstance(got.is_head, bool) and isinstance(user.is_active, bool)
        assert isinstance(user.date_joined, dt.datetime) and user.date_joined.tzinfo is not None
        assert got._state.adding is False and got.user.is_authenticated

    def test_the_first_membership_of_a_person_in_two_organisations(self, agency, recipients):
        """A person with two memberships acts through the first one they were given."""
        member = agency.drafter
        Membership.objects.create(
            user=member.user, organization=recipients[0].org, role=Role.SPECIALIST.value
        )
        _token, key = token_create(user=member.user, name="x")
        assert membership_of(token_user(key)).organization == agency.org

    def test_revoked_tokens_inactive_people_and_unknown_keys_are_refused(self, agency):
        """A revoked token, a deactivated person's token and a key that is no token read no one."""
        token, key = token_create(user=agency.clerk.user, name="x")
        _other, other_key = token_create(user=agency.deputy.user, name="y")
        token_revoke(user=agency.clerk.user, token_id=token.pk)
        agency.deputy.user.is_active = False
        agency.deputy.user.save()
        assert token_user(key) is None and token_user(other_key) is None
        assert token_user("cv_nothing") is None and token_user("no-prefix") is None

    def test_a_person_without_membership_is_still_the_tokens_owner(self, agency):
        """The API answers 403 for them; the token still names them."""
        member = make_member(agency.org, Role.SPECIALIST)
        user = member.user
        member.delete()
        _token, key = token_create(user=user, name="x")
        assert token_user(key) == user
