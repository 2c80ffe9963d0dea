"""A document's related rows for the API's detail read by one UNION ALL statement (documents.selectors.
_detail_union, issue 10): the same rows, values and order as the four statements of _detail_sql run one by one."""

from __future__ import annotations

import pytest
from django.db import connection
from test_api_document_detail import issued_letter

from congvan.documents import selectors
from congvan.documents.models import Document
from congvan.documents.services import DraftData, RecipientLine, document_create_draft

pytestmark = pytest.mark.django_db


def four_statements(document: Document) -> dict[str, list[tuple]]:
    out = {}
    for name, sql in selectors._detail_sql().items():
        with connection.cursor() as cursor:
            cursor.execute(sql, [document.pk])
            out[name] = cursor.fetchall()
    return out


def one_statement(document: Document) -> dict[str, list[tuple]]:
    rows = selectors.document_detail_rows(document)
    return {
        "recipients": rows.recipients,
        "references": rows.references,
        "attachments": rows.attachments,
        "deliveries": rows.deliveries,
    }


def test_the_same_rows_as_four_statements(agency, recipients):
    """An issued letter, its incoming copy and a draft with a line of two organisations and an empty one."""
    letter = issued_letter(agency, recipients)
    incoming = Document.objects.get(owner=recipients[1].org, direction="in")
    draft = document_create_draft(
        actor=agency.drafter,
        data=DraftData(
            subject="Hai nơi nhận",
            recipients=[RecipientLine("", [recipients[0].org.pk, recipients[1].org.pk])],
            distribution=[RecipientLine("Lưu: VT")],
        ),
    )
    for document in (letter, incoming, draft):
        raw = four_statements(document)
        got = one_statement(document)
        recipient_ids = list(dict.fromkeys(r[0] for r in raw["recipients"]))
        assert [r["text"] for r in got["recipients"]] == [
            next(x[2] for x in raw["recipients"] if x[0] == rid) for rid in recipient_ids
        ]
        assert [r["organization_ids"] for r in got["recipients"]] == [
            [x[3] for x in raw["recipients"] if x[0] == rid and x[3] is not None] for rid in recipient_ids
        ]
        assert [(r["kind"], r["number"], r["symbol"], r["referenced_id"]) for r in got["references"]] == [
            (x[1], x[2], x[3], x[5]) for x in raw["references"]
        ]
        assert [tuple(a.values()) for a in got["attachments"]] == [tuple(x) for x in raw["attachments"]]
        if document.direction == "out":
            assert [(d["recipient_id"], d["status"], d["recipient_name"]) for d in got["deliveries"]] == [
                (x[1], x[2], x[6]) for x in raw["deliveries"]
            ]
        else:
            assert got["deliveries"] == []
    assert one_statement(letter)["deliveries"] and one_statement(letter)["references"]
    assert len(one_statement(draft)["recipients"][0]["organization_ids"]) == 2
