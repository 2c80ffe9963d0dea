"""The answer of a workflow step (POST /api/v1/documents/<id>/actions/<action>) is the document as it is after
the step: byte for byte what reading it again shows (GET /api/v1/documents/<id>), also for the steps whose
answer is built from the object the step wrote instead of a second read (issue, register, direct; issue 10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from congvan.documents.models import Document
from congvan.documents.tokens import token_create
from factories import make_signed

pytestmark = pytest.mark.django_db


def bearer(member):
    _token, key = token_create(user=member.user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def step(client, member, doc_id, action, **data):
    headers = bearer(member)
    queries: list[str] = []  # every statement's SQL (the request's start empties connection.queries)

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.post(
            f"/api/v1/documents/{doc_id}/actions/{action}", data, content_type="application/json", **headers
        )
    assert response.status_code == 200, response.content
    again = client.get(f"/api/v1/documents/{doc_id}", **headers)
    assert again.status_code == 200, again.content
    return response, again, queries


def document_reads(queries) -> int:
    """The reads of the document with its owner by its id (documents.statements.document_with_owner: the read
    check, the step's locked read, and any read again)."""
    fixed = f'FROM "{Document._meta.db_table}" d INNER JOIN'
    return sum(1 for sql in queries if fixed in sql)


class TestStepAnswerIsTheDocumentAsItIsNow:
    def test_issue_register_and_direct_answer_byte_for_byte_what_a_read_shows(
        self, client, agency, recipients
    ):
        """The steps' answers equal the detail read afresh after them: number, symbol, date and identifier of
        the issue; arrival number and state of the registration; state and deadline of the direction."""
        doc = make_signed(agency, recipients[0].org)
        r = recipients[0]

        issued, read, _q = step(client, agency.clerk, doc.pk, "issue")
        assert issued.content == read.content
        assert issued.json()["number_symbol"] == "01/STTTT-TTBCXB"

        incoming = Document.objects.get(owner=r.org, direction="in")
        registered, read, _q = step(client, r.clerk, incoming.pk, "register", comment="Vào sổ")
        assert registered.content == read.content
        assert registered.json()["arrival_number"] == 1 and registered.json()["state"] == "registered"

        deadline = dt.date.today() + dt.timedelta(days=10)
        directed, read, _q = step(
            client,
            r.head,
            incoming.pk,
            "direct",
            lead_user_id=r.drafter.user_id,
            deadline=deadline.isoformat(),
            note="Giao chủ trì",
        )
        assert directed.content == read.content
        assert directed.json()["due_on"] == deadline.isoformat() and directed.json()["state"] == "directed"

    def test_the_steps_read_the_document_row_once(self, client, agency, recipients):
        """Issue, register and direct read the document's row once: the token's read check and the step's
        locked read, no third read for the answer (the issue's reads of the copies it delivers aside)."""
        doc = make_signed(agency, recipients[0].org)
        r = recipients[0]
        step(client, agency.clerk, doc.pk, "issue")
        incoming = Document.objects.get(owner=r.org, direction="in")
        _r, _g, queries = step(client, r.clerk, incoming.pk, "register")
        assert document_reads(queries) == 2  # the read check, the locked read
        _r, _g, queries = step(client, r.head, incoming.pk, "direct", lead_user_id=r.drafter.user_id)
        assert document_reads(queries) == 2

    def test_the_other_steps_answer_what_a_read_shows(self, client, agency, recipients):
        """Progress and completion still read the document again: their answers equal a fresh read too."""
        doc = make_signed(agency, recipients[0].org)
        r = recipients[0]
        step(client, agency.clerk, doc.pk, "issue")
        incoming = Document.objects.get(owner=r.org, direction="in")
        step(client, r.clerk, incoming.pk, "register")
        step(client, r.head, incoming.pk, "direct", lead_user_id=r.drafter.user_id)
        progressed, read, _q = step(client, r.drafter, incoming.pk, "progress", text="Đã đăng tin")
        assert progressed.content == read.content
