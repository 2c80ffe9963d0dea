"""Documents in every state the portal must show or hide, each with a word of its own in the subject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from congvan.documents import storage
from congvan.documents.models import Attachment, Document
from congvan.portal.models import Category, Publication
from congvan.search.indexing import index_documents

# kind -> (document fields, published?, withdrawn?)
HIDDEN_KINDS = [
    "unpublished",
    "withdrawn",
    "confidential",
    "recalled",
    "original_recalled",
    "draft",
    "refused",
]


def make_public_doc(org: Any, word: str, **fields: Any) -> Document:
    values: dict[str, Any] = {
        "owner": org,
        "direction": "out",
        "state": "issued",
        "subject": f"Tuyên truyền {word}",
        "number": 5,
        "symbol": "STTTT-TTBCXB",
        "issued_on": dt.date(2024, 4, 10),
    }
    values.update(fields)
    doc = Document.objects.create(**values)
    stored = storage.store(f"PDF of {word}".encode())
    Attachment.objects.create(document=doc, stored=stored, name=f"{word}.pdf", content_type="application/pdf")
    return doc


def publish_row(doc: Document, *, withdrawn: bool = False) -> Publication:
    """A publication row as the service leaves it (or as it stays after the document changes state)."""
    now = timezone.now()
    return Publication.objects.create(
        document=doc,
        category=Category.objects.get(slug="van-ban-chi-dao-dieu-hanh"),
        published_at=now,
        withdrawn_at=now if withdrawn else None,
    )


def make_kind(org: Any, kind: str) -> Document:
    """A document of one hidden kind, its word being the kind without underscores ("originalrecalled")."""
    word = kind.replace("_", "")
    if kind == "unpublished":
        doc = make_public_doc(org, word)
    elif kind == "withdrawn":
        doc = make_public_doc(org, word)
        publish_row(doc, withdrawn=True)
    elif kind == "confidential":
        doc = make_public_doc(org, word, confidentiality=1)
        publish_row(doc)
    elif kind == "recalled":
        doc = make_public_doc(org, word, state="recalled")
        publish_row(doc)
    elif kind == "original_recalled":
        original = make_public_doc(org, "goc", state="recalled")
        doc = make_public_doc(org, word, direction="in", state="registered", source_document=original)
        publish_row(doc)
    elif kind == "draft":
        doc = make_public_doc(org, word, state="draft")
        publish_row(doc)
    elif kind == "refused":
        doc = make_public_doc(org, word, direction="in", state="refused")
        publish_row(doc)
    else:
        raise ValueError(kind)
    index_documents([doc.pk])
    return doc
