"""The fingerprint of a document's issued form and the freeze check — imported by documents.services, so this
module reads only models (no services, no views)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from congvan.documents import statements
from congvan.documents.errors import InvalidState
from congvan.documents.models import Document

from .models import CaseFile, CaseFileEntry, Freeze

# The metadata of Phụ lục VI Phần II Mục I–II that a document carries once issued or registered.
FINGERPRINT_FIELDS = (
    "owner_id",
    "direction",
    "doc_type",
    "number",
    "number_text",
    "symbol",
    "issued_on",
    "place",
    "subject",
    "body",
    "urgency",
    "confidentiality",
    "signer_name",
    "signer_title",
    "signing_authority",
    "document_id",
    "issuer_code",
    "issuer_name",
    "arrival_number",
)


def metadata_of(document: Document) -> dict[str, Any]:
    return {name: getattr(document, name) for name in FINGERPRINT_FIELDS}


def fingerprint(document: Document) -> str:
    data = json.dumps(metadata_of(document), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def document_freeze_filter(document_id: int) -> Q:
    """Active freezes that hold a document: its own, any case file it sits in, any file plan of those files."""
    return Q(lifted_at__isnull=True) & (
        Q(document_id=document_id)
        | Q(case_file__entries__document_id=document_id)
        | Q(plan__case_files__entries__document_id=document_id)
    )


def _frozen_statement() -> str:
    """``Freeze.objects.filter(document_freeze_filter(pk)).exists()`` as a fixed statement: the same three ways
    a freeze holds a document, each an IN over the document's case file entries."""
    freeze, case_file, entry = (m._meta.db_table for m in (Freeze, CaseFile, CaseFileEntry))
    return (
        f'SELECT 1 FROM "{freeze}" f WHERE f."lifted_at" IS NULL AND (f."document_id" = %s'
        f' OR f."case_file_id" IN (SELECT e."case_file_id" FROM "{entry}" e WHERE e."document_id" = %s)'
        f' OR f."plan_id" IN (SELECT c."plan_id" FROM "{case_file}" c'
        f' INNER JOIN "{entry}" e ON e."case_file_id" = c."id" WHERE e."document_id" = %s)) LIMIT 1'
    )


def is_document_frozen(document_id: int) -> bool:
    """Whether an active freeze holds the document (``document_freeze_filter``). Every workflow step asks it:
    a fixed statement, not the ORM's query with its three joins compiled again each time (issue 10)."""
    sql = statements.made("records.is_document_frozen", _frozen_statement)
    return bool(statements.rows(sql, [document_id, document_id, document_id]))


def check_document_not_frozen(document: Document) -> None:
    """Refuse any change to a frozen document (Phụ lục VI IV.1.g); documents.services calls it before writing."""
    if document.pk and is_document_frozen(document.pk):
        raise InvalidState(
            _(
                "Văn bản đang bị đóng băng theo yêu cầu của người có thẩm quyền; không được sửa, chuyển hay xóa."
            )
        )
