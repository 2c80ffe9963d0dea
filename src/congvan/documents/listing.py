"""The rows of a document list as plain values (issue 10).

A list page shows 50 documents with a dozen of their fields and the owner's and the drafting unit's names: read
as model objects that is 150 objects built and thrown away per page, most of a list request's cost. Read here
as tuples of exactly the columns the lists show, into ``DocumentRow`` — with the same derived values
(``number_symbol``, ``type_name``, ``state_label``, the labels of urgency and confidentiality) as the model's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.lookups import Lookup

from congvan.orgs.models import Membership

from . import statements
from .models import Document, DocumentLabels

# The columns of a row, in the order of DocumentRow's fields.
COLUMNS = (
    "id",
    "direction",
    "state",
    "doc_type",
    "number",
    "number_text",
    "symbol",
    "issued_on",
    "subject",
    "urgency",
    "confidentiality",
    "issuer_name",
    "issuer_code",
    "arrival_number",
    "document_id",
    "due_on",
    "owner__name",
    "owner__code",
    "drafting_unit__code",
)

_URGENCY = dict(Document._meta.get_field("urgency").flatchoices)  # type: ignore[union-attr]
_CONFIDENTIALITY = dict(Document._meta.get_field("confidentiality").flatchoices)  # type: ignore[union-attr]


@dataclass(slots=True)
class DocumentRow(DocumentLabels):
    """One document of a list: its own columns, its owner's name and code, its drafting unit's code."""

    id: int
    direction: str
    state: str
    doc_type: str
    number: int | None
    number_text: str
    symbol: str
    issued_on: dt.date | None
    subject: str
    urgency: int
    confidentiality: int
    issuer_name: str
    issuer_code: str
    arrival_number: int | None
    document_id: str
    due_on: dt.date | None
    owner_name: str
    owner_code: str
    drafting_unit_code: str | None

    @property
    def pk(self) -> int:
        return self.id

    # As Document.get_urgency_display() and get_confidentiality_display(): the choice's label in the current
    # language, the value itself when it is not a choice.
    @property
    def urgency_label(self) -> str:
        return str(_URGENCY.get(self.urgency, self.urgency))

    @property
    def confidentiality_label(self) -> str:
        return str(_CONFIDENTIALITY.get(self.confidentiality, self.confidentiality))


class DocumentRows:
    """A list's documents as ``DocumentRow``s, for a ``Paginator``: ``count()`` counts the documents, a slice
    reads that page's rows in one query.

    ``read_ahead(size)`` reads the first page before the count: a list that fits in one page (a to-do list
    most of the time) is then counted by its length, without the count's query; a longer one costs the same
    two queries as before, its first page served from what was read."""

    def __init__(
        self, documents: QuerySet[Document] | None = None, *, fixed: FixedList | None = None
    ) -> None:
        """``documents``: read through the ORM; ``fixed``: the same list as statements compiled once per shape
        (:func:`fixed_rows`)."""
        self._documents = documents
        self._fixed = fixed
        self._values = documents.values_list(*COLUMNS) if documents is not None else None
        self._first: list[DocumentRow] | None = None
        self._count: int | None = None

    def read_ahead(self, size: int) -> None:
        self._first = self[0:size]
        if len(self._first) < size:
            self._count = len(self._first)

    def count(self) -> int:
        if self._count is None:
            if self._fixed is not None:
                self._count = self._fixed.count()
            else:
                self._count = cast(QuerySet[Document], self._documents).count()  # without the rows' joins
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, k: slice) -> list[DocumentRow]:
        first = self._first
        if first is not None and not k.start and k.stop is not None and k.stop <= len(first) and not k.step:
            return first[: k.stop]
        if self._fixed is not None:
            return [DocumentRow(*values) for values in self._fixed.rows(k.start or 0, k.stop)]
        return [DocumentRow(*values) for values in cast(Any, self._values)[k]]

    def __iter__(self) -> Iterator[DocumentRow]:
        return iter(self[0:None])


class InIdsOf(Lookup):  # type: ignore[type-arg]
    """``InIdsOf(F("pk"), Subquery(<ids>))``: the column is one of the sub-select's values. On PostgreSQL written
    ``= ANY(ARRAY(…))``: the sub-select runs once first and its ids go to the primary key's index, so an OR of
    such a set and of states is a bitmap of the few documents named, not of every document in those states read
    from the table to be filtered by the set (the inbox: 950 → 320 table pages for a leader at 1,000,000
    documents; issue 10). Elsewhere ``IN (…)``: the same rows."""

    lookup_name = "in_ids_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.rhs)  # "(SELECT …)"
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


# A list's query compiled once per shape (issue 10). The lists of a person (the inbox, the incoming and outgoing
# documents, a register) are the same SQL for every person of the same role, the same kind of office (head or
# not, with a unit or not) and the same read scope: only the ids of the person, their unit and organisation
# (and a register's year) change, as parameters. The ORM built and compiled that query again at every request —
# the permission rule's Q objects, the joins, the count — 1.5–3 ms of CPU, more than PostgreSQL took to run it.
# Here the selector itself builds it, once per shape, for a stand-in person whose ids are placeholders: built
# twice with two sets of placeholders, the parameters that differ are those of the person and the constants
# are those that do not. Anything else (SQL that differs, a parameter derived from a placeholder, a rule that
# comes down to no rows) leaves that shape to the ORM at every call.
_PLACEHOLDERS = (
    {
        "user_id": 2_000_000_011,
        "unit_id": 2_000_000_013,
        "organization_id": 2_000_000_017,
        "year": 2_000_000_019,
        "document_id": 2_000_000_023,
    },
    {
        "user_id": 2_000_000_111,
        "unit_id": 2_000_000_113,
        "organization_id": 2_000_000_117,
        "year": 2_000_000_119,
        "document_id": 2_000_000_123,
    },
)
# The values a placeholder stands for must be in the range of the columns they are compared with (the ORM
# turns an out-of-range comparison into no rows, a statement would send it to the database): else the ORM.
_INT_RANGE = (0, 2_147_483_647)


@dataclass(frozen=True)
class _StandIn:
    """The attributes of a Membership the selectors read, with placeholder ids."""

    user_id: int
    unit_id: int | None
    organization_id: int
    role: str
    is_head: bool


@dataclass(frozen=True)
class Compiled:
    """A statement and, for each parameter, the name of the value it takes or the constant it is."""

    sql: str
    # (None, the constant) or (the value's name, None or the type it is wrapped in as the ORM wraps it)
    slots: tuple[tuple[str | None, Any], ...]
    converters: statements.Conversions

    def params(self, values: dict[str, Any]) -> list[Any]:
        out = []
        for name, const in self.slots:
            if name is None:
                out.append(const)
            elif const is None:
                out.append(values[name])
            else:
                out.append(const(values[name]))
        return out


class NotFixed(Exception):
    """The query of a shape cannot be written once with parameters."""


def _slots(params_a: tuple[Any, ...], params_b: tuple[Any, ...]) -> tuple[tuple[str | None, Any], ...]:
    if len(params_a) != len(params_b):
        raise NotFixed
    names_a = {v: k for k, v in _PLACEHOLDERS[0].items()}
    slots: list[tuple[str | None, Any]] = []
    for a, b in zip(params_a, params_b, strict=True):
        if type(a) is type(b) and a == b:
            slots.append((None, a))
            continue
        # (an int, or the wrapper the backend gives a column's type: psycopg's Int4 for an IntegerField)
        name = names_a.get(a) if isinstance(a, int) and not isinstance(a, bool) else None
        if name is None or _PLACEHOLDERS[1][name] != b or type(b) is not type(a):
            raise NotFixed
        slots.append((name, None if type(a) is int else type(a)))
    return tuple(slots)


def _compile(a: QuerySet[Any], b: QuerySet[Any], *, count: bool) -> Compiled:
    compiler = a.query.get_compiler(connection=connection)
    try:
        sql_a, params_a = compiler.as_sql()
        sql_b, params_b = b.query.get_compiler(connection=connection).as_sql()
    except (EmptyResultSet, FullResultSet) as exc:
        raise NotFixed from exc
    if sql_a != sql_b:
        raise NotFixed
    converters: statements.Conversions = ()
    if count:
        # As QuerySet.count() writes it for a query without DISTINCT, limits or annotations.
        # (the select list is the primary key alone: its first FROM is the query's)
        table = compiler.quote_name_unless_alias(a.model._meta.db_table)
        at = sql_a.find(f" FROM {table}")
        if not sql_a.startswith("SELECT ") or at < 0 or a.query.distinct:
            raise NotFixed
        sql_a = 'SELECT COUNT(*) AS "__count" FROM ' + sql_a[at + len(" FROM ") :]
    else:
        found = compiler.get_converters([col for col, _sql, _alias in compiler.select])
        converters = tuple((i, tuple(convs), expression) for i, (convs, expression) in found.items())
    return Compiled(sql_a, _slots(tuple(params_a), tuple(params_b)), converters)


@dataclass(frozen=True)
class FixedList:
    """One list of one person: its statements and the values of their parameters."""

    page: Compiled
    counting: Compiled
    values: dict[str, Any]

    def count(self) -> int:
        return int(statements.rows(self.counting.sql, self.counting.params(self.values))[0][0])

    def rows(self, start: int, stop: int | None) -> list[tuple[Any, ...]]:
        """The rows from ``start`` to ``stop`` (the end when None), as the ORM's values_list() gives them."""
        sql = self.page.sql
        if stop is not None:
            sql += f" LIMIT {int(max(stop - start, 0))} OFFSET {int(start)}"
        elif start:
            raise ValueError("an open slice must start at 0")
        found = statements.rows(sql, self.page.params(self.values))
        converters = self.page.converters
        if not converters:
            return found
        return [tuple(statements.convert_row(row, converters)) for row in found]


Build = Callable[..., QuerySet[Document]]


def _shaped(
    kind: str,
    name: str,
    build: Build,
    actor: Membership,
    key: tuple[Any, ...],
    values: dict[str, int],
    compile_built: Callable[[list[QuerySet[Document]]], tuple[Compiled, ...]],
) -> tuple[tuple[Compiled, ...], dict[str, Any]] | None:
    """The statements ``compile_built`` makes of ``build``'s query for ``actor``'s shape, made once per shape
    (see above), and the values of their parameters; None when the shape is left to the ORM or a value is out
    of a column's range."""
    if any(not _INT_RANGE[0] <= v <= _INT_RANGE[1] for v in values.values()):
        return None
    shape = (
        kind,
        name,
        key,
        tuple(sorted(values)),
        actor.role,
        bool(actor.is_head),
        bool(actor.unit_id),
        getattr(settings, "CONGVAN_READ_SCOPE", "unit"),
    )

    def make() -> tuple[Compiled, ...]:
        built = []
        for placeholders in _PLACEHOLDERS:
            stand_in = _StandIn(
                user_id=placeholders["user_id"],
                unit_id=placeholders["unit_id"] if actor.unit_id else actor.unit_id,
                organization_id=placeholders["organization_id"],
                role=actor.role,
                is_head=bool(actor.is_head),
            )
            try:
                built.append(build(cast(Membership, stand_in), **{k: placeholders[k] for k in values}))
            except AttributeError:  # a selector reading more of the person than the stand-in has: the ORM
                return ()
        try:
            return compile_built(built)
        except NotFixed:
            return ()  # (not None: statements.made keeps it, the shape is not tried again)

    made = statements.made(repr(shape), make)
    if not made:
        return None
    given = {
        "user_id": actor.user_id,
        "unit_id": actor.unit_id,
        "organization_id": actor.organization_id,
        **values,
    }
    return made, given


def fixed_list(
    name: str,
    build: Build,
    actor: Membership,
    columns: tuple[str, ...],
    key: tuple[Any, ...] = (),
    **values: int,
) -> FixedList | None:
    """``build(actor, **values).values_list(*columns)`` and its count as statements compiled once per shape
    (see above); None when this shape is left to the ORM or a value is out of a column's range."""

    def compile_built(built: list[QuerySet[Document]]) -> tuple[Compiled, ...]:
        a, b = built
        return (
            _compile(a.values_list(*columns), b.values_list(*columns), count=False),
            _compile(a.order_by().values_list("pk"), b.order_by().values_list("pk"), count=True),
        )

    found = _shaped("fixed_list", name, build, actor, (columns, key), values, compile_built)
    if found is None:
        return None
    (page, counting), given = found
    return FixedList(page=page, counting=counting, values=given)


def fixed_ids_sql(
    name: str, build: Build, actor: Membership, key: tuple[Any, ...] = (), **values: int
) -> tuple[str, list[Any]] | None:
    """``build(actor, **values).values("id").query.sql_with_params()`` — the SQL of the documents' ids, to be a
    sub-select of another statement (the search's) — compiled once per shape; None when the ORM must."""

    def compile_built(built: list[QuerySet[Document]]) -> tuple[Compiled, ...]:
        a, b = built
        return (_compile(a.values("id"), b.values("id"), count=False),)

    found = _shaped("fixed_ids_sql", name, build, actor, key, values, compile_built)
    if found is None:
        return None
    (ids,), given = found
    return ids.sql, ids.params(given)


def fixed_rows(
    name: str, build: Build, actor: Membership, key: tuple[Any, ...] = (), **values: int
) -> DocumentRows:
    """The rows of ``build(actor, **values)`` (a selector of a person's list) read by statements compiled once
    per shape — the same rows, in the same order, as ``DocumentRows(build(actor, **values))``."""
    fixed = fixed_list(name, build, actor, COLUMNS, key, **values)
    if fixed is None:
        return DocumentRows(build(actor, **values))
    return DocumentRows(fixed=fixed)
