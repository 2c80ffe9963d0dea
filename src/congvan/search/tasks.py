"""The background indexing task (Django Tasks; ``congvan worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from . import indexing


@task()
def index_task(document_ids: list[int]) -> int:
    """Index the documents changed by one transaction.

    It used to add every document missing from the index as well: a scan of the whole documents table (0.8 s
    of database time over a million documents) after every change, which made the index tasks most of the
    database's work under load (issue 10). What ``bulk_create`` writes is marked through
    ``documents.signals.documents_bulk_created``; anything else missing is for ``congvan reindex --check``."""
    return indexing.index_documents(document_ids)
