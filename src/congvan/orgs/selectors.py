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


def directory_sorted() -> list[dict[str, Any]]:
    """The directory's rows in Vietnamese alphabetical order (``vbhc.text.sort_key``): the databases sort by
    code point, which puts "Ủy ban …" and "Đài …" after every plain letter."""
    from congvan.vbhc.text import sort_key

    rows: list[dict[str, Any]] = [
        dict(row)
        for row in directory().values("id", "code", "name", "short_name", "abbreviation", "parent_id")
    ]
    return sorted(rows, key=lambda row: sort_key(row["name"]))


def organization_head(org: Organization) -> Membership | None:
    return Membership.objects.filter(organization=org, is_head=True).select_related("user").first()
