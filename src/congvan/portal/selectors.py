"""What the public may see. Every page, the search, the feed, the sitemap and the file downloads of the portal
start from :func:`public_documents`; nothing else of the database is reachable from ``/``."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from congvan.documents import statements
from congvan.documents.models import Attachment, Confidentiality, Document, StoredFile
from congvan.orgs.models import Organization
from congvan.vbhc.workflow import State

from .models import Category, Publication

# Outgoing documents once issued; incoming ones (republished) once registered. Never drafts, refused or
# recalled documents, nor a copy whose original was recalled.
PUBLIC_STATES = [State.ISSUED, State.REGISTERED, State.DIRECTED, State.IN_PROGRESS, State.DONE]


def live_publications() -> QuerySet[Publication]:
    return Publication.objects.filter(withdrawn_at__isnull=True)


def public_documents() -> QuerySet[Document]:
    """Published, not withdrawn, not confidential, issued or registered, not recalled (nor its original)."""
    return Document.objects.filter(
        Exists(live_publications().filter(document_id=OuterRef("pk"))),
        confidentiality=Confidentiality.NONE,
        state__in=PUBLIC_STATES,
    ).exclude(source_document__state=State.RECALLED)


ORGANIZATIONS_KEY = "portal:organizations"


def publishing_organizations() -> list[dict[str, Any]]:
    """The organisations with something published, for the portal's filter (id and name, by name).

    Over a million documents the query takes about 0.3 s, and it changes only when something is published or
    withdrawn: with the portal cache on (PORTAL_CACHE_SECONDS) it is kept that long in the shared cache and
    dropped at each publication or withdrawal (services), instead of being asked again with every page."""
    seconds = int(getattr(settings, "PORTAL_CACHE_SECONDS", 0))

    def query() -> list[dict[str, Any]]:
        rows = (
            Organization.objects.filter(documents__in=public_documents())
            .distinct()
            .order_by("name")
            .values("pk", "name")
        )
        return [dict(row) for row in rows]

    if not seconds:
        return query()
    return cast(list[dict[str, Any]], cache.get_or_set(ORGANIZATIONS_KEY, query, seconds))


def forget_publishing_organizations() -> None:
    cache.delete(ORGANIZATIONS_KEY)


def is_public(document: Document) -> bool:
    return public_documents().filter(pk=document.pk).exists()


def public_attachment(document_pk: int, attachment_pk: int) -> Attachment | None:
    return (
        Attachment.objects.select_related("stored")
        .filter(pk=attachment_pk, document_id=document_pk, document__in=public_documents())
        .first()
    )


def _publication_page() -> tuple[str, statements.Columns]:
    columns = statements.Columns.of(
        [(Publication, "p"), (Category, "c"), (Document, "d"), (Organization, "o")]
    )
    states = ", ".join(f"'{state.value}'" for state in PUBLIC_STATES)
    sql = (
        f'SELECT {columns.sql} FROM "{Publication._meta.db_table}" p'
        f' INNER JOIN "{Category._meta.db_table}" c ON c."id" = p."category_id"'
        f' INNER JOIN "{Document._meta.db_table}" d ON d."id" = p."document_id"'
        f' INNER JOIN "{Organization._meta.db_table}" o ON o."id" = d."owner_id"'
        f' LEFT OUTER JOIN "{Document._meta.db_table}" s ON s."id" = d."source_document_id"'
        f' WHERE p."document_id" = %s AND p."withdrawn_at" IS NULL'
        f' AND d."confidentiality" = {int(Confidentiality.NONE)} AND d."state" IN ({states})'
        f' AND (s."id" IS NULL OR s."state" <> \'{State.RECALLED.value}\')'
    )
    return sql, columns


def _page_files() -> tuple[str, statements.Columns]:
    columns = statements.Columns.of([(Attachment, "a"), (StoredFile, "f")])
    sql = (
        f'SELECT {columns.sql} FROM "{Attachment._meta.db_table}" a'
        f' INNER JOIN "{StoredFile._meta.db_table}" f ON f."id" = a."stored_id"'
        f' WHERE a."document_id" = %s ORDER BY a."position", a."id"'
    )
    return sql, columns


def public_page(document_pk: int) -> tuple[Publication, list[Attachment]] | None:
    """A public document's page: its live publication, with the category, the document and its owner read,
    and its files with their stored content — or None when the document is not public (as
    :func:`public_documents`). Two fixed statements (documents.statements): the long tail of publications
    misses the portal's cache, and compiling the ORM's query for it cost more CPU than PostgreSQL spent
    answering it (issue 10)."""
    low, high = connection.ops.integer_field_range(Document._meta.pk.get_internal_type())  # type: ignore[union-attr]
    if (low is not None and document_pk < low) or (high is not None and document_pk > high):
        return None
    sql, columns = statements.made("portal_publication_page", _publication_page)
    found = statements.rows(sql, [document_pk])
    if not found:
        return None
    publication, category, document, owner = columns.objects(columns.convert(found[0]))
    statements.attach(document, "owner", owner)
    statements.attach(publication, "document", document)
    statements.attach(publication, "category", category)
    sql, columns = statements.made("portal_page_files", _page_files)
    files = []
    for row in statements.rows(sql, [document_pk]):
        attachment, stored = columns.objects(columns.convert(row))
        statements.attach(attachment, "stored", stored)
        statements.attach(attachment, "document", document)
        files.append(attachment)
    return publication, files
