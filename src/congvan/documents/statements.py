"""Fixed statements for the reads every API call makes (issue 10): written once per process, their rows turned
into model objects the way the ORM does it — each field's own conversion from the database, ``from_db``, and
the joined rows attached as ``select_related`` attaches them.

The ORM compiles a query again at every call: for a read of one row by its key with a join or two that was
about 0.5–1 ms of CPU, more than PostgreSQL took to answer it. Only the hottest reads are written this way;
their tests compare them with the ORM's query field by field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Field, Model
from django.db.transaction import TransactionManagementError

from congvan.orgs.models import Organization

from .models import Document

# (column, the database's converters, the column's expression) of each column the ORM converts after reading
Conversions = tuple[tuple[int, tuple[Any, ...], Any], ...]


def conversions(fields: list[Field[Any, Any]]) -> Conversions:
    """The columns among ``fields`` (in the order of the SELECT) that the ORM converts after reading them."""
    out = []
    for i, f in enumerate(fields):
        expression = f.get_col(f.model._meta.db_table)
        converters = connection.ops.get_db_converters(expression) + f.get_db_converters(connection)
        if converters:
            out.append((i, tuple(converters), expression))
    return tuple(out)


def convert_row(found: tuple[Any, ...], conversions: Conversions) -> list[Any]:
    """A row with each column converted as the ORM converts it (SQLite's booleans, dates and times)."""
    row = list(found)
    for i, converters, expression in conversions:
        for convert in converters:
            row[i] = convert(row[i], expression, connection)
    return row


@dataclass(frozen=True)
class Columns:
    """The columns of some joined models, in order, and how to turn a row of them into model objects."""

    sql: str  # 'd."id", d."owner_id", …, o."id", …'
    slices: list[
        tuple[type[Model], list[str], int, int]
    ]  # model, attribute names, first, past-the-last column
    conversions: Conversions

    @classmethod
    def of(cls, joined: list[tuple[type[Model], str]], extra: list[Field[Any, Any]] | None = None) -> Columns:
        """``joined``: (model, alias) in the order of the SELECT; ``extra``: single fields after them."""
        columns: list[str] = []
        slices: list[tuple[type[Model], list[str], int, int]] = []
        fields: list[Field[Any, Any]] = []
        for model, alias in joined:
            concrete = list(model._meta.concrete_fields)
            slices.append((model, [f.attname for f in concrete], len(columns), len(columns) + len(concrete)))
            columns += [f'{alias}."{f.column}"' for f in concrete]
            fields += concrete
        fields += extra or []
        return cls(", ".join(columns), slices, conversions(fields))

    def convert(self, found: tuple[Any, ...]) -> list[Any]:
        """The row with each column converted as the ORM converts it (SQLite's booleans, dates and times)."""
        return convert_row(found, self.conversions)

    def objects(self, row: list[Any]) -> list[Any]:
        """One model object per joined model, or None where an outer join found nothing."""
        objects: list[Any] = []
        for model, names, first, last in self.slices:
            values = row[first:last]
            objects.append(None if values[0] is None else model.from_db(connection.alias, names, values))
        return objects


def converter(field: Field[Any, Any]) -> Callable[[Any], Any]:
    """The database's conversion of ``field``'s column as the ORM applies it (identity where there is none)."""
    expression = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)

    def convert(value: Any) -> Any:
        for c in converters:
            value = c(value, expression, connection)
        return value

    return convert


def rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Every row of a fixed statement."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def one_of(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    """``column IN (ids)`` and its parameters. On PostgreSQL ``= ANY(%s)`` with the ids as one array: the
    statement's text is then the same for any number of ids, and psycopg parses it once (an IN of 100 marks
    is a new text for each count, parsed again at each call: a fifth of a register page's CPU, issue 10)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({','.join(['%s'] * len(ids))})", list(ids)


def attach(obj: Model, name: str, related: Model | None) -> None:
    """``obj.<name>`` already read, as ``select_related`` leaves it: no query when it is used."""
    obj._meta.get_field(name).set_cached_value(obj, related)  # type: ignore[union-attr]


_MADE: dict[tuple[str, str, str], Any] = {}
T = TypeVar("T")


def made(key: str, build: Callable[[], T]) -> T:
    """The statement ``key`` of this database (its SQL and conversions), built once by ``build()``."""
    index = (connection.alias, connection.vendor, key)
    found = _MADE.get(index)
    if found is None:
        found = _MADE[index] = build()
    return found


def _document_with_owner(lock: bool) -> tuple[str, Columns]:
    columns = Columns.of([(Document, "d"), (Organization, "o")])
    sql = (
        f'SELECT {columns.sql} FROM "{Document._meta.db_table}" d'
        f' INNER JOIN "{Organization._meta.db_table}" o ON o."id" = d."owner_id" WHERE d."id" = %s'
    )
    if lock and connection.features.has_select_for_update:
        # Only the document's row: a lock on the owner's too would make every step in an organisation wait.
        sql += " FOR UPDATE OF d" if connection.features.has_select_for_update_of else " FOR UPDATE"
    return sql, columns


def document_with_owner(pk: int, *, lock: bool = False) -> Document | None:
    """``Document.objects.select_related("owner").filter(pk=pk).first()`` as a fixed statement; ``lock``: as
    ``select_for_update(of=("self",))`` — the row locked until the transaction ends (PostgreSQL; SQLite's
    transactions take the database's write lock). A key out of the column's range finds nothing, as with the
    ORM."""
    if lock and connection.get_autocommit():
        raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
    low, high = connection.ops.integer_field_range(Document._meta.pk.get_internal_type())  # type: ignore[union-attr]
    if (low is not None and pk < low) or (high is not None and pk > high):
        return None
    sql, columns = made(
        "document_with_owner_locked" if lock else "document_with_owner", lambda: _document_with_owner(lock)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        found = cursor.fetchone()
    if found is None:
        return None
    document, owner = columns.objects(columns.convert(found))
    attach(document, "owner", owner)
    return document
