"""Reads on documents. Each list returns a QuerySet with what its page shows already joined or prefetched,
so a page makes the same number of queries for 10 rows or 1,000."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Role, State

from .listing import InIdsOf
from .models import Attachment, Confidentiality, Document, Event, Recipient, Reference


def reads_all_ordinary(actor: Membership) -> bool:
    """Clerks and leaders handle every document; with ``CONGVAN_READ_SCOPE=organization`` (an option) so does
    every member but an administrator; with ``unit`` (the default) the others read their unit's and their own."""
    role = Role(actor.role)
    if role in (Role.CLERK, Role.LEADER):
        return True
    return role != Role.ADMIN and getattr(settings, "CONGVAN_READ_SCOPE", "unit") == "organization"


def readable_by(actor: Membership) -> QuerySet[Document]:
    """The documents ``actor`` may read, decided in the query; permissions.can_read asks this same query.

    The rule (docs/security.md): organisations are isolated; an ordinary document is read by the clerks and
    leaders (with the optional read scope ``organization``: by every member but an administrator), its owning
    (drafting) unit, the units and people it is directed or assigned to, those it is
    shared with, and the people named on it; a confidential one only by the people named on it — drafter,
    signer, the person it is directed to and the leader who directed it, those it is shared with by name —
    and, by their office, the clerks who keep the confidential series (Điều 15), the head of the agency, the
    head of the drafting unit who checks its content, and the leaders while it waits for a leader's step
    (signature, direction). Administrators read only what is shared with them. Subqueries (IN), not joins:
    no duplicate rows and no DISTINCT for the search ranking to work around.
    """
    uid, unit_id, role = actor.user_id, actor.unit_id, Role(actor.role)
    if role == Role.CLERK or (role == Role.LEADER and actor.is_head):
        # They read every ordinary and every confidential document of the organisation: the rule below comes
        # down to the owner, and the query without its subqueries costs less to build and to run (issue 10).
        return Document.objects.filter(owner_id=actor.organization_id)
    person_sql, unit_sql = _named_and_unit_sets()
    named = Q(drafter_id=uid) | Q(signer_id=uid) | Q(pk__in=RawSQL(person_sql, (uid, uid, uid)))
    nothing = Q(pk__in=[])
    ordinary: Q
    if reads_all_ordinary(actor):
        ordinary = Q()
    elif role == Role.ADMIN or not unit_id:
        ordinary = nothing
    else:
        ordinary = Q(drafting_unit_id=unit_id) | Q(pk__in=RawSQL(unit_sql, (unit_id,) * 4))
    confidential = nothing
    if role == Role.CLERK or (role == Role.LEADER and actor.is_head):
        confidential = Q()
    elif role == Role.LEADER:
        # Any leader may take the leader's step (sign an outgoing one, direct an incoming one); once taken,
        # the one who took it is named on the document (signer, directed_by) and the others lose sight of it.
        confidential = Q(state__in=[State.SIGNATURE, State.REGISTERED])
    elif role == Role.UNIT_HEAD and unit_id:
        confidential = Q(drafting_unit_id=unit_id)
    is_ordinary = Q(confidentiality=Confidentiality.NONE)
    return Document.objects.filter(owner_id=actor.organization_id).filter(
        named | (is_ordinary & ordinary) | (~is_ordinary & confidential)
    )


@functools.cache
def _named_and_unit_sets() -> tuple[str, str]:
    """The rule's two sets of documents as fixed SQL, written once per process: those that name a person (the
    directions they lead or gave, what is shared with them) and those of a unit (the directions it leads or
    joins, its assignments, what is shared with it). Uncorrelated IN-sets rather than EXISTS: under the ORs of
    the rule PostgreSQL hashes each set once per query instead of probing it for every matching row (a word
    search matches thousands). Built by the ORM these six sub-selects cost 2–3 ms of CPU at every list, search
    and read check of a specialist, more than PostgreSQL takes to run them (issue 10)."""
    from congvan.directives.models import Assignment, Direction

    from .models import DocumentShare

    direction = Direction._meta.db_table
    co_units = Direction.co_units.through._meta.db_table
    assignment = Assignment._meta.db_table
    share = DocumentShare._meta.db_table
    person = (
        f'SELECT "document_id" FROM "{direction}" WHERE "lead_person_id" = %s OR "directed_by_id" = %s '
        f'UNION ALL SELECT "document_id" FROM "{share}" WHERE "revoked_at" IS NULL AND "user_id" = %s'
    )
    unit = (
        f'SELECT "document_id" FROM "{direction}" WHERE "lead_unit_id" = %s '
        f'UNION ALL SELECT d."document_id" FROM "{direction}" d INNER JOIN "{co_units}" c '
        f'ON c."direction_id" = d."id" WHERE c."unit_id" = %s '
        f'UNION ALL SELECT "incoming_id" FROM "{assignment}" WHERE "unit_id" = %s '
        f'UNION ALL SELECT "document_id" FROM "{share}" WHERE "revoked_at" IS NULL AND "unit_id" = %s'
    )
    return person, unit


def _listing(qs: QuerySet[Document]) -> QuerySet[Document]:
    # The lists' order, newest change first. Their pages read only the columns a row shows, as values
    # (documents.listing.DocumentRows: the owner's name and the drafting unit's code joined, no body).
    return qs.order_by("-updated_at", "-id")


def incoming(actor: Membership, *, state: str | None = None, q: str | None = None) -> QuerySet[Document]:
    qs = readable_by(actor).filter(direction="in")
    if state:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(Q(subject__icontains=q) | Q(symbol__icontains=q) | Q(issuer_name__icontains=q))
    return _listing(qs)


def outgoing(actor: Membership, *, state: str | None = None, q: str | None = None) -> QuerySet[Document]:
    qs = readable_by(actor).filter(direction="out")
    if state:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(Q(subject__icontains=q) | Q(symbol__icontains=q))
    return _listing(qs)


def waiting_for(actor: Membership) -> QuerySet[Document]:
    """What is waiting for this person's step: the clerk's inbox, the leader's signature tray, and so on."""
    from congvan.directives.models import Direction

    role = Role(actor.role)
    base = readable_by(actor)
    in_hand = [State.DIRECTED, State.IN_PROGRESS]
    # The directions as IN-sets, not joins: a join repeats a document once per direction and needed DISTINCT,
    # whose count and sort over an organisation's documents were the inbox's cost (10 ms of PostgreSQL per
    # count under load, issue 10).
    # The directions' documents as a set of ids the primary key's index answers (listing.InIdsOf), not a filter
    # on every document of the organisation in the hands' states (issue 10).
    cond = Q(drafter_id=actor.user_id, state=State.DRAFT)
    if role == Role.UNIT_HEAD and actor.unit_id:
        cond |= Q(drafting_unit_id=actor.unit_id, state=State.CONTENT_REVIEW)
        cond |= Q(
            InIdsOf(
                F("pk"),
                Subquery(
                    Direction.objects.filter(lead_unit_id=actor.unit_id).order_by().values("document_id")
                ),
            ),
            state__in=in_hand,
        )
    if role == Role.LEADER:
        cond |= Q(state__in=[State.SIGNATURE, State.REGISTERED])
    if role == Role.CLERK:
        cond |= Q(state__in=[State.SIGNED, State.RECEIVED])
    cond |= Q(
        InIdsOf(
            F("pk"),
            Subquery(Direction.objects.filter(lead_person_id=actor.user_id).order_by().values("document_id")),
        ),
        state__in=in_hand,
    )
    return _listing(base.filter(cond))


def register_documents(actor: Membership, *, direction: str, year: int) -> QuerySet[Document]:
    """The documents of the outgoing or incoming register of a year (Phụ lục IV), in number order; the API
    reads their cells as values (registers.RegisterRows)."""
    # The registers named by their organisation and kind as well as their year: PostgreSQL then reads the
    # organisation's one or two books of the year and their entries from the index (document_register_book),
    # instead of every incoming or outgoing document of the organisation to keep those of the year's books.
    qs = readable_by(actor).filter(
        direction=direction,
        register__organization_id=actor.organization_id,
        register__direction=direction,
        register__year=year,
    )
    if direction == "out":
        return qs.filter(number__isnull=False).order_by("register__series", "number")
    return qs.filter(arrival_number__isnull=False).order_by("register__series", "arrival_number")


def register_rows(actor: Membership, *, direction: str, year: int) -> QuerySet[Document]:
    """``register_documents`` with what their rows show (registers.rows) joined or prefetched."""
    qs = register_documents(actor, direction=direction, year=year).select_related("drafting_unit")
    if direction == "out":
        return qs.annotate(copies_count=Count("deliveries")).prefetch_related(
            Prefetch("recipients", queryset=Recipient.objects.order_by("kind", "position", "id"))
        )
    from congvan.directives.models import Direction

    return qs.prefetch_related(
        Prefetch("directions", queryset=Direction.objects.select_related("lead_unit", "lead_person"))
    )


def register_years(actor: Membership) -> list[int]:
    return sorted(
        set(
            Document.objects.filter(owner_id=actor.organization_id, register__isnull=False).values_list(
                "register__year", flat=True
            )
        ),
        reverse=True,
    )


def audit_log(actor: Membership, *, document_id: int | None = None) -> QuerySet[Event]:
    qs = Event.objects.filter(organization_id=actor.organization_id).select_related("actor", "document")
    if document_id:
        qs = qs.filter(document_id=document_id)
    return qs.order_by("-at", "-id")


def document_detail_queryset() -> QuerySet[Document]:
    """Documents with everything their web page shows (the API's detail reads its rows as values: see
    :class:`DetailRows`)."""
    from congvan.directives.models import Direction, ProgressNote
    from congvan.exchange.models import Delivery

    return Document.objects.select_related(
        "owner", "drafting_unit", "register", "drafter", "signer", "source_document"
    ).prefetch_related(
        Prefetch("recipients", queryset=Recipient.objects.prefetch_related("organizations")),
        "references",
        Prefetch("attachments", queryset=Attachment.objects.select_related("stored")),
        Prefetch(
            "deliveries",
            queryset=Delivery.objects.select_related("recipient").order_by("recipient__name"),
        ),
        Prefetch(
            "directions",
            queryset=Direction.objects.select_related(
                "lead_unit", "lead_person", "directed_by"
            ).prefetch_related("co_units"),
        ),
        Prefetch("progress_notes", queryset=ProgressNote.objects.select_related("author", "reply_document")),
    )


def document_detail(pk: int) -> Document:
    return document_detail_queryset().get(pk=pk)


@dataclass
class DetailRows:
    """A document's related rows as the API's detail shows them, as plain values."""

    recipients: list[dict[str, Any]]
    references: list[dict[str, Any]]
    attachments: list[dict[str, Any]]
    deliveries: list[dict[str, Any]]


def _detail_sql() -> dict[str, str]:
    """The detail's four reads as SQL, written once: the ORM compiled each of them again at every request,
    about 0.5 ms of CPU apiece — more than PostgreSQL took to answer them (issue 10)."""
    from congvan.exchange.models import Delivery
    from congvan.orgs.models import Organization

    from .models import StoredFile

    recipient, org = Recipient._meta.db_table, Organization._meta.db_table
    through = Recipient.organizations.through._meta.db_table
    stored = StoredFile._meta.db_table
    # Every name quoted: "date", "number", "position", "text" are words of SQL.
    return {
        # Each line's organisations in the directory's (name) order, as ``organizations.all()`` gives them.
        "recipients": 'SELECT r."id", r."kind", r."text", ro."organization_id" AS "organization_id"'
        f' FROM "{recipient}" r LEFT JOIN "{through}" ro ON ro."recipient_id" = r."id"'
        f' LEFT JOIN "{org}" o ON o."id" = ro."organization_id"'
        ' WHERE r."document_id" = %s ORDER BY r."kind", r."position", r."id", o."name"',
        "references": 'SELECT "id", "kind", "number", "symbol", "date", "referenced_id"'
        f' FROM "{Reference._meta.db_table}" WHERE "document_id" = %s ORDER BY "position"',
        "attachments": 'SELECT a."id", a."name", a."content_type", s."size" AS "stored_size",'
        f' s."sha256" AS "stored_sha256" FROM "{Attachment._meta.db_table}" a'
        f' JOIN "{stored}" s ON s."id" = a."stored_id"'
        ' WHERE a."document_id" = %s ORDER BY a."position", a."id"',
        "deliveries": 'SELECT d."id", d."recipient_id", d."status", d."status_at", d."description",'
        ' o."code" AS "recipient_code", o."name" AS "recipient_name"'
        f' FROM "{Delivery._meta.db_table}" d JOIN "{org}" o ON o."id" = d."recipient_id"'
        ' WHERE d."outgoing_id" = %s ORDER BY o."name"',
    }


def _detail_union(with_deliveries: bool) -> str:
    """The detail's reads as one statement: each relation's SELECT of ``_detail_sql`` in its own columns (NULL
    in the others', typed as the columns they stand for: PostgreSQL types a UNION's column from its first
    branches), tagged, ordered by the tag and then that relation's own order. Four statements cost four round
    trips of the driver and Django's cursor, ~0.1 ms of CPU apiece (issue 10). ``with_deliveries``: an outgoing
    document's."""
    from congvan.exchange.models import Delivery
    from congvan.orgs.models import Organization

    from .models import StoredFile

    def f(model: Any, name: str) -> Any:
        return model._meta.get_field(name)

    through = Recipient.organizations.through
    org = f(Organization, "name")
    # (name, [(expression, field)] of its data, then of its order, the FROM … WHERE …) — as in _detail_sql
    sql = _detail_sql()
    branches = [
        (
            [
                ('r."id"', f(Recipient, "id")),
                ('r."kind"', f(Recipient, "kind")),
                ('r."text"', f(Recipient, "text")),
                ('ro."organization_id"', f(through, "organization")),
            ],
            [
                ('r."kind"', f(Recipient, "kind")),
                ('r."position"', f(Recipient, "position")),
                ('r."id"', f(Recipient, "id")),
                ('o."name"', org),
            ],
            sql["recipients"],
        ),
        (
            [(f'"{n}"', f(Reference, n)) for n in ("id", "kind", "number", "symbol", "date")]
            + [('"referenced_id"', f(Reference, "referenced"))],
            [('"position"', f(Reference, "position"))],
            sql["references"],
        ),
        (
            [
                ('a."id"', f(Attachment, "id")),
                ('a."name"', f(Attachment, "name")),
                ('a."content_type"', f(Attachment, "content_type")),
                ('s."size"', f(StoredFile, "size")),
                ('s."sha256"', f(StoredFile, "sha256")),
            ],
            [('a."position"', f(Attachment, "position")), ('a."id"', f(Attachment, "id"))],
            sql["attachments"],
        ),
    ]
    if with_deliveries:
        branches.append(
            (
                [
                    ('d."id"', f(Delivery, "id")),
                    ('d."recipient_id"', f(Delivery, "recipient")),
                    ('d."status"', f(Delivery, "status")),
                    ('d."status_at"', f(Delivery, "status_at")),
                    ('d."description"', f(Delivery, "description")),
                    ('o."code"', f(Organization, "code")),
                    ('o."name"', org),
                ],
                [('o."name"', org)],
                sql["deliveries"],
            )
        )
    slots = [c for data, order, _sql in branches for c in data + order]
    typed = connection.vendor == "postgresql"
    nulls = [f"CAST(NULL AS {field.cast_db_type(connection)})" if typed else "NULL" for _e, field in slots]
    parts, positions = [], []
    at = 0
    for tag, (data, order, statement) in enumerate(branches):
        source = statement.split(" FROM ", 1)[1].rsplit(" ORDER BY ", 1)[0]
        cells = list(nulls)
        cells[at : at + len(data) + len(order)] = [e for e, _f in data + order]
        positions += [str(2 + at + len(data) + k) for k in range(len(order))]
        at += len(data) + len(order)
        parts.append(f"SELECT {tag}, {', '.join(cells)} FROM {source}")
    return " UNION ALL ".join(parts) + " ORDER BY 1, " + ", ".join(positions)


def document_detail_rows(document: Document) -> DetailRows:
    """The recipients (with their organisations' ids), references, attachments and deliveries of the API's
    detail: the same rows, in the same order, as ``document_detail_queryset``'s prefetches, read by one fixed
    statement (documents.statements: the fields' own conversions, no query to compile, no model objects; the
    relations' SELECTs in one UNION ALL, ``_detail_union``) instead of one compiled query per relation and one
    more for the recipients' organisations (issue 10). Deliveries are only ever made for an outgoing document
    (exchange: ``Delivery.outgoing``), so an incoming one does not ask."""
    from congvan.exchange.models import Delivery, Status

    from . import statements

    outgoing = document.direction == "out"
    sql, to_date, to_time = statements.made(
        "detail_rows_union_out" if outgoing else "detail_rows_union_in",
        lambda: (
            _detail_union(outgoing),
            statements.converter(Reference._meta.get_field("date")),
            statements.converter(Delivery._meta.get_field("status_at")),
        ),
    )
    found = statements.rows(sql, [document.pk] * (4 if outgoing else 3))
    recipients: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    attachments: list[dict[str, Any]] = []
    deliveries: list[dict[str, Any]] = []
    labels = dict(Status.choices)
    last: int | None = None
    # (the columns: the tag; recipients 1-4 and their order 5-8; references 9-14, 15; attachments 16-20,
    # 21-22; deliveries 23-29, 30)
    for row in found:
        tag = row[0]
        if tag == 0:
            rid, kind, text, org_id = row[1:5]
            if rid != last:
                recipients.append({"kind": kind, "text": text, "organization_ids": []})
                last = rid
            if org_id is not None:
                recipients[-1]["organization_ids"].append(org_id)
        elif tag == 1:
            _id, kind, number, symbol, date, referenced_id = row[9:15]
            references.append(
                {
                    "kind": kind,
                    "number": number,
                    "symbol": symbol,
                    "date": to_date(date),
                    "referenced_id": referenced_id,
                }
            )
        elif tag == 2:
            pk, name, content_type, size, sha256 = row[16:21]
            attachments.append(
                {"id": pk, "name": name, "content_type": content_type, "size": size, "sha256": sha256}
            )
        else:
            _id, recipient_id, status, status_at, description, code, name = row[23:30]
            deliveries.append(
                {
                    "recipient_id": recipient_id,
                    "recipient_code": code,
                    "recipient_name": name,
                    "status": status,
                    "status_label": str(labels.get(status, status)),  # as get_status_display()
                    "status_at": to_time(status_at),
                    "description": description,
                }
            )
    return DetailRows(recipients, references, attachments, deliveries)
