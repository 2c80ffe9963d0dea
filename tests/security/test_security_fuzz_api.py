"""API fuzzing (issue 9): schemathesis generates requests for every operation of /api/v1/openapi.json, signed in
as a clerk with data in the database, and checks that nothing answers 5xx and that every documented answer
matches its schema. A bounded run here (CONGVAN_API_FUZZ_EXAMPLES per operation, 5 by default); the longer
run is described in docs/security.md."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from congvan.documents.tokens import token_create
from factories import Agency, make_draft, make_signed

EXAMPLES = int(os.environ.get("CONGVAN_API_FUZZ_EXAMPLES", "5"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through the WSGI handler, whose request signals close a connection found inside a
    transaction — the test's own. Django's test client unhooks them; so does this test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db):
    """A clerk's token, and documents for the generated ids to meet now and then (ids 1…)."""
    agency = Agency()
    other = Agency("Sở Tài chính", "STC")
    make_draft(agency, other.org)
    make_signed(agency, other.org)
    make_draft(other, confidentiality=1)
    _token, key = token_create(user=agency.clerk.user, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("CONGVAN_FUZZ_RANDOM") != "1",
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_no_schema_violation(case, bearer):
    """Any request the schema allows (and many it does not): a 2xx/4xx answer, never 5xx; documented answers
    match the schema's body and content type."""
    # Each request in its own savepoint, as each runs in its own transaction on a server: a database error
    # answered 4xx (an id too large for SQLite) must not leave the test's transaction unusable for the next.
    with transaction.atomic():
        case.call_and_validate(
            headers=bearer,
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/v1/documents/{n}", "/app/documents/{n}/", "/app/attachments/{n}/"],
    ids=["api", "page", "file"],
)
def test_an_id_too_large_for_the_database_is_not_a_server_error(client, agency, path):
    """Found by the fuzzer: a 30-digit id overflowed SQLite's integer (500); it is a 4xx now on both backends."""
    client.force_login(agency.clerk.user)
    response = client.get(path.format(n=10**30))
    assert 400 <= response.status_code < 500
