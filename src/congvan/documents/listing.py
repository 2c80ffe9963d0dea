"""The rows of a document list as plain values (issue 10).

A list page shows 50 documents with a dozen of their fields and the owner's and the drafting unit's names: read
as model objects that is 150 objects built and thrown away per page, most of a list request's cost. Read here
as tuples of exactly the columns the lists show, into ``DocumentRow`` — with the same derived values
(``number_symbol``, ``type_name``, ``state_label``, the labels of urgency and confidentiality) as the model's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.db.models.lookups import Lookup

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

    def __init__(self, documents: QuerySet[Document]) -> None:
        self._documents = documents
        self._values = documents.values_list(*COLUMNS)
        self._first: list[DocumentRow] | None = None
        self._count: int | None = None

    def read_ahead(self, size: int) -> None:
        self._first = self[0:size]
        if len(self._first) < size:
            self._count = len(self._first)

    def count(self) -> int:
        if self._count is None:
            self._count = self._documents.count()  # without the rows' joins
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, k: slice) -> list[DocumentRow]:
        first = self._first
        if first is not None and not k.start and k.stop is not None and k.stop <= len(first) and not k.step:
            return first[: k.stop]
        return [DocumentRow(*values) for values in self._values[k]]

    def __iter__(self) -> Iterator[DocumentRow]:
        return (DocumentRow(*values) for values in self._values)


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
