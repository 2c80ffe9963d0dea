"""What the public may see. Every page, the search, the feed, the sitemap and the file downloads of the portal
start from :func:`public_documents`; nothing else of the database is reachable from ``/``."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet

from congvan.documents.models import Attachment, Confidentiality, Document
from congvan.orgs.models import Organization
from congvan.vbhc.workflow import State

from .models import Publication

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
