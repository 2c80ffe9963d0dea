"""Reads about organisations and people."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Membership, Organization


def membership_of(user: Any) -> Membership | None:
    """The membership a user acts through: the first one they were given."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_congvan_membership", None)
    if cached is not None:
        return cached
    membership = (
        Membership.objects.select_related("organization", "unit", "user")
        .filter(user=user)
        .order_by("id")
        .first()
    )
    user._congvan_membership = membership
    return membership


def directory() -> QuerySet[Organization]:
    """Organisations a drafter can address, in tree order of names."""
    return Organization.objects.filter(is_active=True).select_related("parent").order_by("name")


def organization_head(org: Organization) -> Membership | None:
    return Membership.objects.filter(organization=org, is_head=True).select_related("user").first()
