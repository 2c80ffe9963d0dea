"""The REST API: same services and permission rules as the web interface, errors as 4xx in Vietnamese."""

from __future__ import annotations

import pytest

from congvan.documents.models import Document
from congvan.documents.tokens import token_create
from congvan.vbhc.workflow import State
from factories import fresh, make_draft, make_signed

pytestmark = pytest.mark.django_db


def bearer(member):
    _token, key = token_create(user=member.user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_openapi_document_is_published(client):
    """/api/v1/openapi.json describes the API."""
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Công Văn API"
    assert "/api/v1/documents/{doc_id}/actions/{action}" in spec["paths"]


def test_requests_without_a_token_are_refused(client):
    """Every endpoint needs a personal access token or a session."""
    response = client.get("/api/v1/documents?direction=in")
    assert response.status_code == 401


def test_revoked_token_no_longer_works(client, agency):
    """A revoked token is refused."""
    from congvan.documents.tokens import token_revoke

    token, key = token_create(user=agency.clerk.user, name="x")
    token_revoke(user=agency.clerk.user, token_id=token.pk)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_draft_through_the_api(client, agency, recipients):
    """A specialist drafts a letter with recipients from the directory."""
    payload = {
        "subject": "Tuyên truyền",
        "recipients": [{"text": "", "organization_ids": [recipients[0].org.pk]}],
        "distribution": [{"text": "Như trên"}, {"text": "Lưu: VT, TTBCXB"}],
        "references": [{"number": "219", "symbol": "TTCS-TTTQ", "date": "2024-04-04"}],
    }
    response = client.post(
        "/api/v1/documents", payload, content_type="application/json", **bearer(agency.drafter)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["symbol"] == "STTTT-TTBCXB"
    assert body["recipients"][0]["text"] == recipients[0].org.name


@pytest.mark.parametrize(
    "payload",
    [
        "{not json",
        '{"subject": 5, "recipients": "x"}',
        '{"body": "no subject"}',
        "[]",
    ],
    ids=["broken-json", "wrong-types", "missing-subject", "array"],
)
def test_malformed_payload_is_a_4xx_never_a_5xx(client, agency, payload):
    """A malformed payload is refused with 4xx and nothing is created."""
    response = client.post(
        "/api/v1/documents", payload, content_type="application/json", **bearer(agency.drafter)
    )
    assert 400 <= response.status_code < 500
    assert not Document.objects.exists()


def test_empty_subject_is_refused_in_vietnamese(client, agency):
    """A missing trích yếu is a 400 with a Vietnamese message naming the field."""
    response = client.post(
        "/api/v1/documents", {"subject": " "}, content_type="application/json", **bearer(agency.drafter)
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Trích yếu không được để trống.", "field": "subject"}


def test_forbidden_step_is_403_and_changes_nothing(client, agency, recipients):
    """The API follows the same rule as the page: only the clerk issues."""
    doc = make_signed(agency, recipients[0].org)
    response = client.post(
        f"/api/v1/documents/{doc.pk}/actions/issue",
        {},
        content_type="application/json",
        **bearer(agency.deputy),
    )
    assert response.status_code == 403
    assert fresh(doc).state == State.SIGNED


def test_other_agencys_document_is_404(client, agency, recipients):
    """Organisations are isolated: another agency's document does not exist for you."""
    doc = make_draft(agency, recipients[0].org)
    response = client.get(f"/api/v1/documents/{doc.pk}", **bearer(recipients[0].clerk))
    assert response.status_code == 404


def test_unknown_action_is_400(client, agency, recipients):
    """An action name outside the workflow is refused."""
    doc = make_signed(agency, recipients[0].org)
    response = client.post(
        f"/api/v1/documents/{doc.pk}/actions/publish",
        {},
        content_type="application/json",
        **bearer(agency.clerk),
    )
    assert response.status_code == 400


def test_whole_chain_through_the_api(client, agency, recipients):
    """Issue by the sender's clerk, registration and handling by the recipient, statuses 01→06 at the sender."""
    doc = make_signed(agency, recipients[0].org)
    r = recipients[0]

    def post(member, doc_id, action, **data):
        response = client.post(
            f"/api/v1/documents/{doc_id}/actions/{action}",
            data,
            content_type="application/json",
            **bearer(member),
        )
        assert response.status_code == 200, response.content
        return response.json()

    issued = post(agency.clerk, doc.pk, "issue")
    assert issued["number_symbol"] == "01/STTTT-TTBCXB"
    inbox = client.get("/api/v1/inbox", **bearer(r.clerk)).json()
    (item,) = inbox["items"]
    assert item["state"] == "received" and item["issuer_name"] == agency.org.name
    assert post(r.clerk, item["id"], "register")["arrival_number"] == 1
    post(r.head, item["id"], "direct", lead_user_id=r.drafter.user_id, note="Giao chủ trì")
    post(r.drafter, item["id"], "progress", text="Đã đăng tin")
    post(r.drafter, item["id"], "complete", text="Xong")
    statuses = client.get(f"/api/v1/documents/{doc.pk}/deliveries", **bearer(agency.clerk)).json()
    assert [d["status"] for d in statuses] == ["06"]


def test_duplicate_registration_is_409_naming_the_earlier_entry(client, agency, recipients):
    """Phụ lục VI III.1.h through the API."""
    from congvan.documents.services import document_issue
    from congvan.exchange.services import envelope_of, receive

    doc = document_issue(document=make_signed(agency, recipients[0].org), actor=agency.clerk)
    first = Document.objects.get(owner=recipients[0].org, direction="in")
    headers = bearer(recipients[0].clerk)
    client.post(
        f"/api/v1/documents/{first.pk}/actions/register", {}, content_type="application/json", **headers
    )
    (again,) = receive(envelope=envelope_of(doc), recipients=[recipients[0].org])
    response = client.post(
        f"/api/v1/documents/{again.pk}/actions/register", {}, content_type="application/json", **headers
    )
    assert response.status_code == 409
    assert "số đến 1" in response.json()["detail"]


def test_attachment_upload_and_download(client, agency):
    """Files go up with the draft and come back byte for byte, with nosniff."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = make_draft(agency)
    headers = bearer(agency.drafter)
    up = client.post(
        f"/api/v1/documents/{doc.pk}/attachments",
        {"file": SimpleUploadedFile("219.pdf", b"%PDF-1.7 x", content_type="application/pdf")},
        **headers,
    )
    assert up.status_code == 201, up.content
    down = client.get(f"/api/v1/attachments/{up.json()['id']}", **headers)
    assert b"".join(down.streaming_content) == b"%PDF-1.7 x"
    assert down["X-Content-Type-Options"] == "nosniff"


def test_upload_with_a_path_in_the_name_is_refused(client, agency):
    """A file name with path parts is a 400, not a write outside the store."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = make_draft(agency)
    response = client.post(
        f"/api/v1/documents/{doc.pk}/attachments",
        {"file": SimpleUploadedFile("../../x.pdf", b"x")},
        **bearer(agency.drafter),
    )
    # Django strips directory parts of uploaded names itself; either way nothing escapes the store.
    assert response.status_code in (201, 400)
    if response.status_code == 201:
        assert response.json()["name"] == "x.pdf"


def test_directory_in_vietnamese_order(client, agency):
    """GET /api/v1/organizations lists the directory in Vietnamese alphabetical order, not by code point
    ("Đài …" after "Dân …", "Ủy ban …" among the U's, not after "Z")."""
    from factories import make_org

    for name in ["Ủy ban nhân dân xã Zô", "Đài Phát thanh", "Dân tộc", "Ăn uống", "Ban Dân vận", "Văn phòng"]:
        make_org(name)
    names = [o["name"] for o in client.get("/api/v1/organizations", **bearer(agency.clerk)).json()]
    from congvan.vbhc.text import sort_key

    assert names == sorted(names, key=sort_key)
    assert names.index("Dân tộc") < names.index("Đài Phát thanh") < names.index("Ủy ban nhân dân xã Zô")
    assert names.index("Ủy ban nhân dân xã Zô") < names.index("Văn phòng")
