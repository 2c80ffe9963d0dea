"""Documents for the search tests, indexed through the synchronous path."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congvan.documents.models import Document, Reference


def make_doc(org: Any, **fields: Any) -> Document:
    """A document row as the services leave it, indexed at once (the synchronous path)."""
    from congvan.search.indexing import index_documents

    refs = fields.pop("references", [])
    values: dict[str, Any] = {
        "owner": org,
        "direction": "in",
        "state": "registered",
        "doc_type": "CV",
        "subject": "Về việc tuyên truyền",
        "issued_on": dt.date(2024, 4, 5),
    }
    values.update(fields)
    doc = Document.objects.create(**values)
    for pos, (number, symbol) in enumerate(refs):
        Reference.objects.create(document=doc, number=number, symbol=symbol, position=pos)
    index_documents([doc.pk])
    return doc
