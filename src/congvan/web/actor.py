"""The membership a signed-in person acts through, read for each page of the staff interface (issue 10).

``orgs.selectors.membership_of`` reads it through the ORM, which compiles the query with its three joins again
on every page: about 1 ms of CPU against 0.1–0.2 ms for the same statement written once per process
(documents.statements, decision 0016). :func:`membership_for` is that statement — the same joins, condition
and order as the ORM's query — and leaves its answer where ``membership_of`` looks first, so the context
processor and every later call of the request reuse it. ``tests/web/test_actor.py`` compares both reads.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from congvan.documents import statements
from congvan.orgs.models import Membership, Organization, Unit, User


def _statement() -> tuple[str, statements.Columns]:
    """``Membership.objects.select_related("organization", "unit", "user").filter(user=…).order_by("id")
    .first()``: the unit is optional (an outer join), the organisation and the user are not."""
    columns = statements.Columns.of([(Membership, "m"), (Organization, "o"), (Unit, "u"), (User, "us")])
    sql = (
        f'SELECT {columns.sql} FROM "{Membership._meta.db_table}" m'
        f' INNER JOIN "{Organization._meta.db_table}" o ON o."id" = m."organization_id"'
        f' LEFT OUTER JOIN "{Unit._meta.db_table}" u ON u."id" = m."unit_id"'
        f' INNER JOIN "{User._meta.db_table}" us ON us."id" = m."user_id"'
        ' WHERE m."user_id" = %s ORDER BY m."id" ASC LIMIT 1'
    )
    return sql, columns


def membership_for(user: Any) -> Membership | None:
    """What ``membership_of(user)`` answers — the first membership the user was given, with its organisation,
    unit and user attached — read by a fixed statement and kept on the user for the rest of the request."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_congvan_membership", None)
    if cached is not None:
        return cached
    sql, columns = statements.made("web_membership_for", _statement)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        found = cursor.fetchone()
    membership = None
    if found is not None:
        membership, organization, unit, member = columns.objects(columns.convert(found))
        for name, related in (("organization", organization), ("unit", unit), ("user", member)):
            statements.attach(membership, name, related)
    user._congvan_membership = membership  # read by orgs.selectors.membership_of too
    return membership
