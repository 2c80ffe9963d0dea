"""The API's detail of a document (GET /api/v1/documents/<id> and the answer of every workflow step): every
related row the models hold, in their order, read with one query per relation (issue 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from congvan.documents.models import Document
from congvan.documents.services import (
    ReferenceData,
    attachment_add,
    document_approve,
    document_issue,
    document_sign,
    document_submit,
)
from congvan.documents.tokens import token_create
from congvan.vbhc.workflow import SigningAuthority
from factories import blank_pdf, make_draft

pytestmark = pytest.mark.django_db


def bearer(member):
    _token, key = token_create(user=member.user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def issued_letter(agency, recipients):
    doc = make_draft(
        agency,
        recipients[1].org,
        recipients[0].org,
        references=[
            ReferenceData(number="219", symbol="TTCS-TTTQ", date=dt.date(2024, 4, 4)),
            ReferenceData(number="12", symbol="UBND-VX"),
        ],
    )
    attachment_add(document=doc, actor=agency.drafter, name="phu-luc.pdf", content=blank_pdf())
    attachment_add(document=doc, actor=agency.drafter, name="bang-ke.txt", content=b"Bang ke")
    document_submit(document=doc, actor=agency.drafter)
    document_approve(document=doc, actor=agency.unit_head)
    doc = document_sign(document=doc, actor=agency.deputy, authority=SigningAuthority.KT)
    return document_issue(document=doc, actor=agency.clerk)


def expected_rows(doc: Document) -> dict:
    """What the detail showed when it was built from the prefetched model objects."""
    return {
        "recipients": [
            {"kind": r.kind, "text": r.text, "organization_ids": [o.pk for o in r.organizations.all()]}
            for r in doc.recipients.all()
        ],
        "references": [
            {
                "kind": r.kind,
                "number": r.number,
                "symbol": r.symbol,
                "date": r.date.isoformat() if r.date else None,
                "referenced_id": r.referenced_id,
            }
            for r in doc.references.all()
        ],
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.stored.size,
                "sha256": a.stored.sha256,
            }
            for a in doc.attachments.select_related("stored")
        ],
        "deliveries": [
            (
                x.recipient_id,
                x.recipient.code,
                x.recipient.name,
                x.status,
                x.get_status_display(),
                x.status_at.replace(microsecond=x.status_at.microsecond // 1000 * 1000),  # JSON: to the ms
                x.description,
            )
            for x in doc.deliveries.select_related("recipient").order_by("recipient__name")
        ],
    }


class TestDetailRows:
    def test_an_issued_letter_shows_every_related_row_in_order(self, client, agency, recipients):
        """Recipients with their organisations, references, attachments and deliveries: the same rows and
        order as the models give."""
        doc = issued_letter(agency, recipients)
        response = client.get(f"/api/v1/documents/{doc.pk}", **bearer(agency.clerk))
        assert response.status_code == 200, response.content
        body = response.json()
        expected = expected_rows(doc)
        assert len(expected["recipients"]) == 4 and expected["recipients"][0]["organization_ids"]
        assert len(expected["references"]) == 2 and len(expected["attachments"]) >= 2
        assert len(expected["deliveries"]) == 2
        for key in ("recipients", "references", "attachments"):
            assert body[key] == expected[key], key
        shown = [
            (
                x["recipient_id"],
                x["recipient_code"],
                x["recipient_name"],
                x["status"],
                x["status_label"],
                dt.datetime.fromisoformat(x["status_at"]),
                x["description"],
            )
            for x in body["deliveries"]
        ]
        assert shown == expected["deliveries"]

    def test_a_recipient_line_of_several_organisations_lists_them_by_name(self, client, agency, recipients):
        """One line of "Kính gửi" for two organisations: both ids, in the directory's (name) order, once."""
        from congvan.documents.services import DraftData, RecipientLine, document_create_draft

        orgs = [recipients[0].org, recipients[1].org]
        data = DraftData(
            subject="Hai nơi nhận trên một dòng",
            recipients=[RecipientLine("", [o.pk for o in orgs])],
            distribution=[RecipientLine("Lưu: VT")],
        )
        doc = document_create_draft(actor=agency.drafter, data=data)
        body = client.get(f"/api/v1/documents/{doc.pk}", **bearer(agency.drafter)).json()
        by_name = [o.pk for o in sorted(orgs, key=lambda o: o.name)]
        assert body["recipients"] == [
            {"kind": "action", "text": "; ".join(o.name for o in orgs), "organization_ids": by_name},
            {"kind": "info", "text": "Lưu: VT", "organization_ids": []},
        ]

    def test_an_incoming_document_does_not_ask_for_deliveries(
        self, client, agency, recipients, django_assert_max_num_queries
    ):
        """Deliveries belong to outgoing documents: the detail of an incoming one reads the token, the
        document, its recipients, references and attachments, and writes the view to the audit log."""
        issued_letter(agency, recipients)
        incoming = Document.objects.get(owner=recipients[1].org, direction="in")
        headers = bearer(recipients[1].clerk)
        client.get(f"/api/v1/documents/{incoming.pk}", **headers)  # the token's "last used" written once
        with django_assert_max_num_queries(6):
            response = client.get(f"/api/v1/documents/{incoming.pk}", **headers)
        assert response.status_code == 200
        assert response.json()["deliveries"] == []
