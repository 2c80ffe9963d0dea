"""What the public may see. Every page, the search, the feed, the sitemap and the file downloads of the portal
start from :func:`public_documents`; nothing else of the database is reachable from ``/``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from congvan.documents.models import Attachment, Confidentiality, Document
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


def is_public(document: Document) -> bool:
    return public_documents().filter(pk=document.pk).exists()


def public_attachment(document_pk: int, attachment_pk: int) -> Attachment | None:
    return (
        Attachment.objects.select_related("stored")
        .filter(pk=attachment_pk, document_id=document_pk, document__in=public_documents())
        .first()
    )
