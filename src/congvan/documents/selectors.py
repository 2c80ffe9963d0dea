"""Reads on documents. Each list returns a QuerySet with what its page shows already joined or prefetched,
so a page makes the same number of queries for 10 rows or 1,000."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
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


def document_detail_rows(document: Document) -> DetailRows:
    """The recipients (with their organisations' ids), references, attachments and deliveries of the API's
    detail: the same rows, in the same order, as ``document_detail_queryset``'s prefetches, read by one fixed
    statement per relation (documents.statements: the fields' own conversions, no query to compile, no model
    objects) instead of one compiled query per relation and one more for the recipients' organisations
    (issue 10). Deliveries are only ever made for an outgoing document (exchange: ``Delivery.outgoing``), so an
    incoming one does not ask."""
    from congvan.exchange.models import Delivery, Status

    from . import statements

    sql, to_date, to_time = statements.made(
        "detail_rows",
        lambda: (
            _detail_sql(),
            statements.converter(Reference._meta.get_field("date")),
            statements.converter(Delivery._meta.get_field("status_at")),
        ),
    )
    params = [document.pk]
    recipients: list[dict[str, Any]] = []
    last: int | None = None
    for rid, kind, text, org_id in statements.rows(sql["recipients"], params):
        if rid != last:
            recipients.append({"kind": kind, "text": text, "organization_ids": []})
            last = rid
        if org_id is not None:
            recipients[-1]["organization_ids"].append(org_id)
    references = [
        {
            "kind": kind,
            "number": number,
            "symbol": symbol,
            "date": to_date(date),
            "referenced_id": referenced_id,
        }
        for _id, kind, number, symbol, date, referenced_id in statements.rows(sql["references"], params)
    ]
    attachments = [
        {"id": pk, "name": name, "content_type": content_type, "size": size, "sha256": sha256}
        for pk, name, content_type, size, sha256 in statements.rows(sql["attachments"], params)
    ]
    deliveries: list[dict[str, Any]] = []
    if document.direction == "out":
        labels = dict(Status.choices)
        deliveries = [
            {
                "recipient_id": recipient_id,
                "recipient_code": code,
                "recipient_name": name,
                "status": status,
                "status_label": str(labels.get(status, status)),  # as get_status_display()
                "status_at": to_time(status_at),
                "description": description,
            }
            for _id, recipient_id, status, status_at, description, code, name in statements.rows(
                sql["deliveries"], params
            )
        ]
    return DetailRows(recipients, references, attachments, deliveries)
