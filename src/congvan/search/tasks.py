"""The background indexing task (Django Tasks; ``congvan worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from . import indexing


@task()
def index_task(document_ids: list[int]) -> int:
    """Index the documents changed by one transaction, and any document still missing from the index."""
    return indexing.index_documents([*document_ids, *indexing.missing_ids()])
