"""The access matrix (issue 9): every role × same / other organisation × confidentiality level × every way in
(pages, API, file downloads, search results, exports, lists, portal, feed, exchange endpoint) answers as the
permission model of docs/security.md says, and a denial is the answer for a document that does not exist.

Organisations own their records (DESIGN §5 decision 1); confidential documents only for the people named on
them, in their own register series (Điều 15); the search filters inside the query (Phụ lục VI III.6)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from security_helpers import (
    LEVEL_IDS,
    LEVELS,
    ROLE_KEYS,
    World,
    build_world,
    expected_read,
    same_denial,
    token,
)

from congvan.vbhc.edxml.model import Organization as EdxmlOrganization
from congvan.vbhc.edxml.model import ResponseFor, StatusMessage
from congvan.vbhc.edxml.writer import write_status

MISSING = 10**9
SCOPES = ["organization", "unit"]


@pytest.fixture
def world(db) -> World:
    return build_world()


def _client(world: World, role_key: str) -> Client:
    client = Client()
    client.force_login(world.people[role_key].user)
    return client


def _ways_in(client: Client, world: World, level: int) -> dict[str, bool]:
    """Whether each way in gives the document to this person; each denial is checked against a missing id."""
    doc, attachment = world.docs[level], world.attachments[level]
    word = token(level)
    seen: dict[str, bool] = {}

    for name, path_of, kw in [
        ("page", lambda pk: f"/app/documents/{pk}/", {}),
        ("api", lambda pk: f"/api/v1/documents/{pk}", {}),
        ("api-events", lambda pk: f"/api/v1/documents/{pk}/events", {}),
        ("api-deliveries", lambda pk: f"/api/v1/documents/{pk}/deliveries", {}),
        ("access-page", lambda pk: f"/app/documents/{pk}/access/", {}),
    ]:
        response = client.get(path_of(doc.pk), **kw)
        if response.status_code == 200:
            seen[name] = True
        else:
            status, _body = same_denial(client, path_of, doc.pk, MISSING, **kw)
            assert status == 404, (name, status)
            seen[name] = False

    for name, path_of in [
        ("download", lambda pk: f"/app/attachments/{pk}/"),
        ("api-download", lambda pk: f"/api/v1/attachments/{pk}"),
    ]:
        response = client.get(path_of(attachment.pk))
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == f"tệp đính kèm {word}".encode()  # type: ignore[attr-defined]
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Disposition"].startswith("attachment;")
            seen[name] = True
        else:
            status, _body = same_denial(client, path_of, attachment.pk, MISSING)
            assert status == 404, (name, status)
            seen[name] = False

    listing = client.get("/api/v1/documents", {"direction": "out", "size": 100}).json()
    seen["list"] = doc.pk in {item["id"] for item in listing["items"]}
    found = client.get("/api/v1/search", {"q": word}).json()
    seen["search-api"] = [hit["id"] for hit in found["results"]] == [doc.pk]
    if not seen["search-api"]:
        assert found == {"total": 0, "results": []}  # the count reveals nothing either
    seen["search-page"] = (
        f"/app/documents/{doc.pk}/" in client.get("/app/search/", {"q": word}).content.decode()
    )
    export = client.get("/app/search/", {"q": word, "format": "xlsx"})
    assert export.status_code == 200
    cells = [str(c) for row in load_workbook(io.BytesIO(export.content)).active.values for c in row]
    seen["search-export"] = any(word in c for c in cells)
    register = client.get(f"/api/v1/registers/out/{doc.register.year}", {"size": 100}).json()
    seen["register-api"] = doc.pk in register["document_ids"]
    return seen


def _public_ways(world: World, level: int) -> dict[str, Any]:
    """What anyone gets without signing in: the portal page, its file, the feed, the exchange endpoint."""
    doc, attachment = world.docs[level], world.attachments[level]
    anonymous = Client()
    portal = same_denial(anonymous, lambda pk: f"/van-ban/{pk}/", doc.pk, MISSING)[0]
    portal_file = same_denial(anonymous, lambda pk: f"/van-ban/{doc.pk}/tep/{pk}/", attachment.pk, MISSING)[0]
    feed = anonymous.get("/feed.atom").content.decode()
    forged = write_status(
        StatusMessage(
            sender=EdxmlOrganization(organ_id=world.b.org.code, organ_name=world.b.org.name),
            status_code="03",
            response_for=ResponseFor(organ_id=world.a.org.code, document_id=doc.document_id),
        )
    )
    exchange = anonymous.post("/exchange/v1/messages", forged, content_type="application/xml")
    return {
        "portal": portal,
        "portal-file": portal_file,
        "feed": token(level) in feed,
        "exchange": (exchange.status_code >= 400, doc.subject in exchange.content.decode()),
        "exchange-get": anonymous.get("/exchange/v1/messages").status_code,
    }


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize("scope", SCOPES, ids=SCOPES)
    @pytest.mark.parametrize("role_key", ROLE_KEYS, ids=ROLE_KEYS)
    def test_every_way_in_answers_as_the_model(self, world, settings, role_key, scope):
        """docs/security.md: organisations isolated; ordinary documents by scope; confidential (Mật, Tối mật,
        Tuyệt mật) only for the people named on them; administrators read nothing unless granted. Every way
        in agrees at every level, and every denial is the 404 of a document that does not exist."""
        settings.CONGVAN_READ_SCOPE = scope
        client = _client(world, role_key)
        seen = {level: _ways_in(client, world, level) for level in LEVELS}
        expected = {
            level: dict.fromkeys(seen[level], expected_read(role_key, level, scope)) for level in LEVELS
        }
        assert seen == expected

    @pytest.mark.parametrize("level", LEVELS, ids=LEVEL_IDS)
    def test_without_signing_in_nothing_unpublished_is_reachable(self, world, level):
        """The portal and its feed show published documents only (none here); the exchange endpoint takes
        signed messages only and tells a forger nothing (QCVN 102:2016 exchange; Phụ lục VI III.8)."""
        assert _public_ways(world, level) == {
            "portal": 404,
            "portal-file": 404,
            "feed": False,
            "exchange": (True, False),
            "exchange-get": 405,
        }

    @pytest.mark.parametrize("level", LEVELS, ids=LEVEL_IDS)
    def test_signed_out_staff_pages_and_api_refuse(self, world, level):
        """Without a session or a token the staff pages lead to the login page and the API answers 401."""
        anonymous = Client()
        page = anonymous.get(f"/app/documents/{world.docs[level].pk}/")
        assert page.status_code == 302 and page["Location"].startswith("/app/login/")
        assert anonymous.get(f"/api/v1/documents/{world.docs[level].pk}").status_code == 401
