"""Reads about organisations and people."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Membership, Organization, Unit, User


def _membership_statement() -> tuple[str, Any]:
    """``Membership.objects.select_related("organization", "unit", "user").filter(user=…).order_by("id")
    .first()`` as one fixed statement: the unit is optional (an outer join), the organisation and user not."""
    from congvan.documents import statements

    columns = statements.Columns.of([(Membership, "m"), (Organization, "o"), (Unit, "u"), (User, "us")])
    sql = (
        f'SELECT {columns.sql} FROM "{Membership._meta.db_table}" m'
        f' INNER JOIN "{Organization._meta.db_table}" o ON o."id" = m."organization_id"'
        f' LEFT OUTER JOIN "{Unit._meta.db_table}" u ON u."id" = m."unit_id"'
        f' INNER JOIN "{User._meta.db_table}" us ON us."id" = m."user_id"'
        ' WHERE m."user_id" = %s ORDER BY m."id" ASC LIMIT 1'
    )
    return sql, columns


def membership_of(user: Any) -> Membership | None:
    """The membership a user acts through: the first one they were given, with its organisation, unit and user
    attached, kept on the user for the rest of the request.

    Read by a statement written once per process (documents.statements, decision 0016): every staff page asks
    this, and the ORM compiled the query with its three joins again each time — about 1 ms of CPU against
    0.1–0.2 ms (issue 10). ``tests/orgs/test_membership_statement.py`` compares it with the ORM's query."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_congvan_membership", None)
    if cached is not None:
        return cached
    from congvan.documents import statements  # the fixed statements' helpers; orgs is below documents

    sql, columns = statements.made("orgs_membership_of", _membership_statement)
    found = statements.rows(sql, [user.pk])
    membership = None
    if found:
        membership, organization, unit, member = columns.objects(columns.convert(found[0]))
        for name, related in (("organization", organization), ("unit", unit), ("user", member)):
            statements.attach(membership, name, related)
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
